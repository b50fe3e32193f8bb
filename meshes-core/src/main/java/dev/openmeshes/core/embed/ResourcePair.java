package dev.openmeshes.core.embed;

/** A list's resource filter: {@code resource} and {@code resource_id}, each null when it does not filter. */
public record ResourcePair(String resource, String resourceId) {}
