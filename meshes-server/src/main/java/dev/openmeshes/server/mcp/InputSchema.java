package dev.openmeshes.server.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tool's input schema: an object with named properties, some of them required. */
final class InputSchema {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    static InputSchema none() {
        return new InputSchema();
    }

    InputSchema required(String name, Property property) {
        required.add(name);
        return optional(name, property);
    }

    InputSchema optional(String name, Property property) {
        properties.put(name, property.schema());
        return this;
    }

    Map<String, Object> schema() {
        var schema = new LinkedHashMap<String, Object>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }
}
