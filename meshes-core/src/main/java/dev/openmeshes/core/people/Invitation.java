package dev.openmeshes.core.people;

import java.time.Instant;
import java.util.UUID;

/**
 * An offer to join an organization with a role, made to one email. Only the SHA-256 of its token is
 * kept: the token itself is shown once, to the inviter. {@code acceptedAt} is set once; then it is spent.
 */
public record Invitation(UUID id, UUID organizationId, String email, Role role, String tokenHash, String invitedBy,
                         Instant createdAt, Instant expiresAt, Instant acceptedAt) {

    public boolean isOpenAt(Instant now) {
        return acceptedAt == null && now.isBefore(expiresAt);
    }
}
