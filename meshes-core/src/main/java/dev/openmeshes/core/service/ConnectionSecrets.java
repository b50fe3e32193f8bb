package dev.openmeshes.core.service;

import dev.openmeshes.core.crypto.SecretBox;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Seals the secret fields of a connection's metadata (dot paths such as {@code auth.password})
 * before they are stored, opens them for the connector, and masks them for API answers.
 */
public final class ConnectionSecrets {

    /** What API answers show in place of a secret; sending it back on update keeps the stored secret. */
    public static final String MASK = "********";
    private static final String SEALED = "sealed:";

    private final SecretBox box;

    public ConnectionSecrets(SecretBox box) {
        this.box = box;
    }

    /** Seals every secret in {@code metadata}, which holds them in clear. */
    public Map<String, Object> seal(UUID connectionId, Map<String, Object> metadata, Set<String> paths) {
        return transform(metadata, paths, (path, value) -> SEALED + box.seal(value, context(connectionId, path)));
    }

    /** Puts the {@code opened} (current) secret wherever {@code sent} carries the {@link #MASK}. */
    public Map<String, Object> unmask(Map<String, Object> sent, Map<String, Object> opened, Set<String> paths) {
        return transform(sent, paths, (path, value) -> MASK.equals(value) ? get(opened, path) : value);
    }

    public Map<String, Object> open(UUID connectionId, Map<String, Object> metadata, Set<String> paths) {
        return transform(metadata, paths, (path, value) -> value.startsWith(SEALED)
                ? box.open(value.substring(SEALED.length()), context(connectionId, path)) : value);
    }

    public Map<String, Object> mask(Map<String, Object> metadata, Set<String> paths) {
        return transform(metadata, paths, (path, value) -> MASK);
    }

    private interface Change {
        Object apply(String path, String value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> transform(Map<String, Object> metadata, Set<String> paths, Change change) {
        Map<String, Object> copy = deepCopy(metadata);
        for (String path : paths) {
            String[] parts = path.split("\\.");
            Map<String, Object> parent = copy;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                parent = parent.get(parts[i]) instanceof Map<?, ?> child ? (Map<String, Object>) child : null;
            }
            if (parent != null && parent.get(parts[parts.length - 1]) instanceof String value && !value.isEmpty()) {
                parent.put(parts[parts.length - 1], change.apply(path, value));
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object get(Map<String, Object> metadata, String path) {
        Object current = metadata;
        for (String part : path.split("\\.")) {
            current = current instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> child ? deepCopy((Map<String, Object>) child) : v));
        return copy;
    }

    private static String context(UUID connectionId, String path) {
        return "connection:" + connectionId + ":" + path;
    }
}
