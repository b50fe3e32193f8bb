package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

/** @param ingestRateLimit events per second its publishable key may send; null: the server default */
public record Workspace(UUID id, UUID organizationId, String name, String description,
                        PublishableKey publishableKey, Instant createdAt, Instant updatedAt, Integer ingestRateLimit) {

    public Workspace withDetails(String newName, String newDescription, Integer newIngestRateLimit, Instant now) {
        return new Workspace(id, organizationId, newName, newDescription, publishableKey, createdAt, now, newIngestRateLimit);
    }

    public Workspace withPublishableKey(PublishableKey key, Instant now) {
        return new Workspace(id, organizationId, name, description, key, createdAt, now, ingestRateLimit);
    }
}
