package dev.openmeshes.core.connector;

import java.util.Map;
import java.util.UUID;

/**
 * A connection as a connector sees it: its metadata with secrets already opened. Nested objects
 * in metadata are {@code Map<String, Object>}, arrays {@code List<Object>}, as JSON decodes them.
 */
public record ConnectionConfig(UUID id, UUID organizationId, UUID workspaceId, String type, String name,
                               Map<String, Object> metadata) {

    public ConnectionConfig {
        metadata = Map.copyOf(metadata);
    }
}
