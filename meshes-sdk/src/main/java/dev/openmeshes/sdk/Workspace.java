package dev.openmeshes.sdk;

import java.time.Instant;

/** A workspace; {@code publishableKey} is present when read one by one, null in lists. */
public record Workspace(String id, String name, String description, Integer ingestRateLimit,
                        PublishableKey publishableKey, Instant createdAt, Instant updatedAt) {}
