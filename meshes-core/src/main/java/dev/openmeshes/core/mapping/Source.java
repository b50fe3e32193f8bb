package dev.openmeshes.core.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where a mapping field's value comes from (§5.8 {@code source}). */
public sealed interface Source {

    /** The canonical JSON object: {@code {"type": ..., "value": ...}}. */
    Map<String, Object> toJson();

    /** The value found at this path of the event payload, e.g. {@code user.email}. */
    record Path(String value) implements Source {
        @Override
        public Map<String, Object> toJson() {
            return json("path", value);
        }
    }

    /** A fixed value: a string, a number, a boolean or null. */
    record Literal(Object value) implements Source {
        @Override
        public Map<String, Object> toJson() {
            return json("literal", value);
        }
    }

    private static Map<String, Object> json(String type, Object value) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("value", value);
        return json;
    }
}
