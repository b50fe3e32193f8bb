package dev.openmeshes.sdk;

import java.time.Instant;

/** An event name or resource a workspace has seen; {@code createdAt} is when it was first seen. */
public record CatalogEntry(String id, String key, String label, String description, Boolean active, String createdBy,
                           Instant createdAt, Instant updatedAt) {}
