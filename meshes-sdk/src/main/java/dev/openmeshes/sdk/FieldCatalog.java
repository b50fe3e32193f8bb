package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The destination fields a connection can write, each {@code {key, type, label, constraints, provider_meta}}. */
public record FieldCatalog(String id, String workspaceId, String connectionId, String integrationType,
                           String catalogVersion, Instant refreshedAt, Instant createdAt, Instant updatedAt,
                           String createdBy, List<Map<String, Object>> fields) {}
