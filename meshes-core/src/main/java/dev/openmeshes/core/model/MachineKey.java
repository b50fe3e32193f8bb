package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A machine key: the access key (public, the JWT {@code kid}) and its secret, sealed at rest.
 * After a rotation the previous secret keeps verifying until {@code previousSecretExpiresAt}.
 *
 * @param workspaces the workspaces this key may act on, or {@code null} for all of its organization's
 */
public record MachineKey(UUID id, UUID organizationId, String name, String accessKey,
                         String sealedSecret, String sealedPreviousSecret, Instant previousSecretExpiresAt,
                         Set<String> scopes, Set<UUID> workspaces, String createdBy,
                         Instant createdAt, Instant updatedAt, Instant expiresAt, Instant revokedAt) {

    public MachineKey {
        scopes = Set.copyOf(scopes);
        workspaces = workspaces == null ? null : Set.copyOf(workspaces);
    }

    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public boolean previousSecretUsableAt(Instant now) {
        return sealedPreviousSecret != null && now.isBefore(previousSecretExpiresAt);
    }

    public MachineKey revoked(Instant now) {
        return new MachineKey(id, organizationId, name, accessKey, sealedSecret, null, null,
                scopes, workspaces, createdBy, createdAt, now, expiresAt, now);
    }

    public MachineKey rotated(String newSealedSecret, Instant previousValidUntil, Instant now) {
        return new MachineKey(id, organizationId, name, accessKey, newSealedSecret, sealedSecret, previousValidUntil,
                scopes, workspaces, createdBy, createdAt, now, expiresAt, revokedAt);
    }
}
