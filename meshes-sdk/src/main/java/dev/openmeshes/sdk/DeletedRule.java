package dev.openmeshes.sdk;

/** The answer to deleting a rule. */
public record DeletedRule(String id, String connection, String event, String type, String resource, String resourceId) {}
