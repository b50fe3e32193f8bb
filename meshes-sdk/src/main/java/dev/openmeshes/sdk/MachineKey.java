package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.List;

/** A machine key, never with its secret; {@code workspaces} null or empty for every workspace the issuer reaches. */
public record MachineKey(String id, String organizationId, String name, String accessKey, List<String> scopes,
                         List<String> workspaces, String status, Instant expiresAt, Instant revokedAt,
                         Instant previousSecretExpiresAt, String createdBy, Instant createdAt, Instant updatedAt) {}
