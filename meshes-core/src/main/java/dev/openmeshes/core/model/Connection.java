package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A configured destination of one type in one workspace. {@code metadata} holds the connector
 * settings with secret fields sealed (see {@code ConnectionService}); it is never sent out in clear.
 *
 * @param inactiveReason why it is inactive (reference enum), or null when active
 */
public record Connection(UUID id, UUID organizationId, UUID workspaceId, String type, String name,
                         Map<String, Object> metadata, boolean active, String inactiveReason, boolean hidden,
                         String createdBy, Instant createdAt, Instant updatedAt) {

    public Connection {
        metadata = Map.copyOf(metadata);
    }
}
