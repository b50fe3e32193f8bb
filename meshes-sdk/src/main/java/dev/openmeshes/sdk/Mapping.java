package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.Map;

/** A connection's field mapping: {@code schema} is {@code {schema_version: 1, fields: [{dest, source, transforms, on_error}]}}. */
public record Mapping(String id, String mappingId, int version, String workspaceId, String connectionId,
                      String integrationType, String name, Map<String, Object> schema, String catalogVersion,
                      String createdBy, Instant createdAt, Instant updatedAt) {}
