package dev.openmeshes.server.api;

import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.service.KeyService.IssuedKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Machine-key JSON shapes. The secret appears only in {@link Issued}, the answer that creates it. */
final class KeyViews {

    /** How much of the access key {@code key_prefix} shows, as MeshAI's answers carry it: {@code mk_} and 8 more. */
    static final int KEY_PREFIX_LENGTH = 11;

    private KeyViews() {}

    static String prefixOf(String accessKey) {
        return accessKey.substring(0, Math.min(KEY_PREFIX_LENGTH, accessKey.length()));
    }

    record Key(UUID id, UUID organizationId, String name, String accessKey, String keyPrefix, List<String> scopes,
               List<UUID> workspaces,
               String status, Instant expiresAt, Instant revokedAt, Instant previousSecretExpiresAt,
               String createdBy, Instant createdAt, Instant updatedAt) {

        static Key of(MachineKey k) {
            Instant now = Instant.now();
            String status = k.revokedAt() != null ? "revoked" : k.isUsableAt(now) ? "active" : "expired";
            return new Key(k.id(), k.organizationId(), k.name(), k.accessKey(), prefixOf(k.accessKey()),
                    k.scopes().stream().sorted().toList(),
                    k.workspaces() == null ? null : k.workspaces().stream().sorted().toList(), status, k.expiresAt(),
                    k.revokedAt(), k.previousSecretUsableAt(now) ? k.previousSecretExpiresAt() : null,
                    k.createdBy(), k.createdAt(), k.updatedAt());
        }
    }

    /** A key with its secret: shown once, at creation or rotation, never stored in clear. */
    record Issued(UUID id, UUID organizationId, String name, String accessKey, String keyPrefix, String secretKey,
                  List<String> scopes,
                  List<UUID> workspaces, String status, Instant expiresAt, Instant previousSecretExpiresAt,
                  String createdBy, Instant createdAt, Instant updatedAt) {

        static Issued of(IssuedKey issued) {
            Key k = Key.of(issued.key());
            return new Issued(k.id(), k.organizationId(), k.name(), k.accessKey(), k.keyPrefix(), issued.secretKey(),
                    k.scopes(),
                    k.workspaces(), k.status(), k.expiresAt(), k.previousSecretExpiresAt(),
                    k.createdBy(), k.createdAt(), k.updatedAt());
        }
    }

    record Created(Issued key) {}
}
