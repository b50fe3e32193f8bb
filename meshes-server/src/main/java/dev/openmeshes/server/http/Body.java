package dev.openmeshes.server.http;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object request body, read field by field. Type errors are collected and reported together
 * ({@link #done()}), each naming its field; business rules are checked by the services.
 */
public final class Body {

    private final ObjectNode node;
    private final List<FieldError> errors = new ArrayList<>();

    public Body(ObjectNode node) {
        this.node = node;
    }

    /**
     * An empty body reads as {@code {}}: clients send JSON content types on bodiless POSTs. A
     * string or field name anywhere in it that holds NUL is a field error.
     */
    public static Body parse(byte[] bytes) {
        if (bytes.length == 0) {
            return new Body(JsonNodeFactory.instance.objectNode());
        }
        if (Json.parse(bytes) instanceof ObjectNode object) {
            List<FieldError> nuls = new ArrayList<>(0);
            findNuls(object, "", nuls);
            if (!nuls.isEmpty()) {
                throw Problem.invalid(nuls);
            }
            return new Body(object);
        }
        throw new Problem(Problem.Kind.BAD_REQUEST, "invalid_body", "The request body must be a JSON object");
    }

    /**
     * Whether a text a client sent holds U+0000, which no text reaching the store may: PostgreSQL
     * text cannot hold it. (A payload, kept as the JSON text sent, holds NUL only as its JSON
     * escape: six plain characters.)
     */
    public static boolean hasNul(String text) {
        return text.indexOf('\0') >= 0;
    }

    /** The field error for a text that {@link #hasNul holds NUL}. */
    public static FieldError nulIn(String field) {
        return new FieldError(field, "must not contain the NUL character (U+0000)");
    }

    private static void findNuls(JsonNode node, String path, List<FieldError> found) {
        if (node.isString() && hasNul(node.asString())) {
            found.add(nulIn(path));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findNuls(node.get(i), path + "[" + i + "]", found);
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                String name = (path.isEmpty() ? "" : path + ".") + field.getKey().replace("\0", "\\u0000");
                if (hasNul(field.getKey())) {
                    found.add(nulIn(name));
                }
                findNuls(field.getValue(), name, found);
            }
        }
    }

    /** A nested object field, or null when absent; any other type is a field error. */
    public java.util.Map<String, Object> object(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return typeError(field, "must be an object");
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> map = Json.MAPPER.convertValue(value, java.util.Map.class);
        return map;
    }

    /** The rule-metadata keys the clients decode as strings: a number sent for one is kept as its text. */
    private static final java.util.Set<String> STRING_KEYS = java.util.Set.of("action", "id", "name", "value", "key",
            "data", "option", "option_value");
    private static final int MAX_METADATA_DEPTH = 8;

    /**
     * Rule metadata: an object whose named keys ({@code action}, {@code id}, {@code value}, …) are
     * strings (numbers are taken as their text), and whose other keys may hold any JSON an action
     * needs, nested up to {@value #MAX_METADATA_DEPTH} levels.
     */
    public java.util.Map<String, Object> ruleMetadata(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return typeError(field, "must be an object");
        }
        var map = new java.util.LinkedHashMap<String, Object>();
        for (var entry : value.properties()) {
            JsonNode v = entry.getValue();
            String name = field + "." + entry.getKey();
            if (STRING_KEYS.contains(entry.getKey())) {
                if (!v.isString() && !v.isNumber()) {
                    return typeError(name, "must be a string");
                }
                map.put(entry.getKey(), v.isString() ? v.asString() : v.numberValue().toString());
            } else if (depth(v) > MAX_METADATA_DEPTH) {
                return typeError(name, "must be nested at most " + MAX_METADATA_DEPTH + " levels deep");
            } else {
                map.put(entry.getKey(), Json.MAPPER.convertValue(v, Object.class));
            }
        }
        return map;
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        if (node.isContainer()) {
            for (JsonNode child : node) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        return 0;
    }

    public Boolean bool(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            return typeError(field, "must be true or false");
        }
        return value.asBoolean();
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public String string(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            return typeError(field, "must be a string");
        }
        return value.asString();
    }

    public UUID uuid(String field) {
        String text = string(field);
        return text == null ? null : parseUuid(field, text);
    }

    public Long integer(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return typeError(field, "must be an integer");
        }
        return value.asLong();
    }

    public Instant instant(String field) {
        String text = string(field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return typeError(field, "must be an RFC 3339 date-time such as 2030-01-15T10:30:00Z");
        }
    }

    public List<String> strings(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            return typeError(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                return typeError(field, "must be an array of strings");
            }
            out.add(item.asString());
        }
        return out;
    }

    public List<UUID> uuids(String field) {
        List<String> texts = strings(field);
        return texts == null ? null : texts.stream().map(t -> parseUuid(field, t)).toList();
    }

    /** The field's value, or null when it is absent or JSON null (the same thing for every reader here). */
    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** Throws the collected type errors, if any. */
    public void done() {
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }

    private UUID parseUuid(String field, String text) {
        UUID id = uuidOrNull(text);
        return id != null ? id : typeError(field, "must be a UUID");
    }

    /**
     * The UUID a client wrote, in its canonical 36-character form, or null for anything else
     * ({@link UUID#fromString} alone also takes shortened groups such as {@code 1-2-3-4-5}).
     */
    public static UUID uuidOrNull(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private <T> T typeError(String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }
}
