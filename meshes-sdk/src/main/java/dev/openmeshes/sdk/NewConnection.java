package dev.openmeshes.sdk;

import java.util.Map;

/** A connection to create in {@code workspace}: its {@code type} (e.g. {@code webhook}), name and type-specific {@code metadata}. */
public record NewConnection(String workspace, String type, String name, Map<String, Object> metadata, Boolean hidden) {

    public static NewConnection of(String workspace, String type, String name, Map<String, Object> metadata) {
        return new NewConnection(workspace, type, name, metadata, null);
    }
}
