package dev.openmeshes.sdk;

import java.util.Map;

/**
 * A mapping to save: its {@code schema}, and optionally the {@code expectedVersion} it replaces
 * (409 {@code version_conflict} when another save came first) and a {@code name}.
 */
public record MappingUpdate(Map<String, Object> schema, Integer expectedVersion, String name) {

    public static MappingUpdate of(Map<String, Object> schema) {
        return new MappingUpdate(schema, null, null);
    }
}
