package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Routes events named {@code event} (optionally only for one {@code resource} and
 * {@code resourceId}) in a workspace to a connection's action ({@code metadata.action}).
 */
public record Rule(UUID id, UUID organizationId, UUID workspaceId, UUID connectionId, String event,
                   String resource, String resourceId, Map<String, Object> metadata, boolean active,
                   boolean hidden, String createdBy, Instant createdAt, Instant updatedAt) {

    public Rule {
        metadata = Map.copyOf(metadata);
    }
}
