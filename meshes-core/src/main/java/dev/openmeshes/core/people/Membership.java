package dev.openmeshes.core.people;

import java.time.Instant;
import java.util.UUID;

/** A user's place in one organization. A user may belong to several organizations. */
public record Membership(UUID userId, UUID organizationId, Role role, Instant createdAt) {

    public Membership withRole(Role newRole) {
        return new Membership(userId, organizationId, newRole, createdAt);
    }
}
