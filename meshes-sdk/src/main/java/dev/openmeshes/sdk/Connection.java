package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.Map;

/** A connection to a destination; secrets in {@code metadata} read as {@code ********} (send that back to keep them). */
public record Connection(String id, String workspace, String type, String name, Map<String, Object> metadata,
                         Boolean active, String inactiveReason, Boolean hidden, String createdBy, Instant createdAt,
                         Instant updatedAt) {}
