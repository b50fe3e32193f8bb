package dev.openmeshes.sdk;

/** The answer to deleting a connection. */
public record DeletedConnection(String id, String type) {}
