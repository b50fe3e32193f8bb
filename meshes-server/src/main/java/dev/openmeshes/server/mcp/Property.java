package dev.openmeshes.server.mcp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schema of one tool input, built as the hosted server's zod schemas declare them. */
final class Property {

    /**
     * JSON Schema 2020-12 only annotates {@code format}, so the pattern is what makes the SDK's input
     * validation refuse a malformed id before any API call.
     */
    static final String UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private final Map<String, Object> schema;

    private Property(Map<String, Object> schema) {
        this.schema = schema;
    }

    private Property(Object type, String description) {
        this(new LinkedHashMap<>());
        schema.put("type", type);
        schema.put("description", description);
    }

    static Property uuid(String description) {
        return string(description).with("format", "uuid").with("pattern", UUID_PATTERN);
    }

    static Property string(String description) {
        return new Property("string", description);
    }

    static Property string(int minLength, int maxLength, String description) {
        return string(description).with("minLength", minLength).with("maxLength", maxLength);
    }

    static Property nullableString(int maxLength, String description) {
        return new Property(List.of("string", "null"), description).with("maxLength", maxLength);
    }

    static Property integer(long minimum, long maximum, String description) {
        return new Property("integer", description).with("minimum", minimum).with("maximum", maximum);
    }

    static Property bool(String description) {
        return new Property("boolean", description);
    }

    static Property oneOf(List<String> values, String description) {
        return string(description).with("enum", values);
    }

    static Property object(String description) {
        return new Property("object", description);
    }

    static Property array(Property items, int minItems, int maxItems, String description) {
        return new Property("array", description).with("items", items.schema())
                .with("minItems", minItems).with("maxItems", maxItems);
    }

    /** Advertised to clients only: an absent input stays absent and the API applies its default. */
    Property byDefault(Object value) {
        return with("default", value);
    }

    /** A copy with one more keyword: the shared properties of the catalog stay as declared. */
    Property with(String keyword, Object value) {
        var more = new LinkedHashMap<>(schema);
        more.put(keyword, value);
        return new Property(more);
    }

    Map<String, Object> schema() {
        return Collections.unmodifiableMap(schema);
    }
}
