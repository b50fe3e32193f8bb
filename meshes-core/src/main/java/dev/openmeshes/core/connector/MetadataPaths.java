package dev.openmeshes.core.connector;

import java.util.LinkedHashMap;
import java.util.Map;

/** Dot paths ({@code auth.password}) into metadata maps as JSON decodes them. */
public final class MetadataPaths {

    private MetadataPaths() {}

    public static Object get(Map<String, ?> metadata, String path) {
        Object current = metadata;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** Puts a value at a path of a mutable map, creating the maps on the way. */
    @SuppressWarnings("unchecked")
    public static void put(Map<String, Object> metadata, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> parent = metadata;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (Map<String, Object>) parent.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        parent.put(parts[parts.length - 1], value);
    }

    /** A string value at a path, or null when absent or not a string. */
    public static String string(Map<String, ?> metadata, String path) {
        return get(metadata, path) instanceof String s ? s : null;
    }
}
