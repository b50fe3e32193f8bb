package dev.openmeshes.sdk;

import java.time.Instant;

/** An accepted event: committed with its deliveries when the server answered. */
public record CreatedEvent(String id, String type, String event, String workspace, String resource, String resourceId,
                           String createdBy, Instant createdAt) {}
