package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.Map;

/** A rule: events named {@code event} (optionally of one resource) go to {@code connection}'s {@code metadata.action}. */
public record Rule(String id, String workspace, String connection, String event, String type, Map<String, Object> metadata,
                   String resource, String resourceId, Boolean active, Boolean hidden, String createdBy,
                   Instant createdAt, Instant updatedAt) {}
