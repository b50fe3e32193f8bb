package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

public record Workspace(UUID id, UUID organizationId, String name, String description,
                        PublishableKey publishableKey, Instant createdAt, Instant updatedAt) {

    public Workspace withDetails(String newName, String newDescription, Instant now) {
        return new Workspace(id, organizationId, newName, newDescription, publishableKey, createdAt, now);
    }

    public Workspace withPublishableKey(PublishableKey key, Instant now) {
        return new Workspace(id, organizationId, name, description, key, createdAt, now);
    }
}
