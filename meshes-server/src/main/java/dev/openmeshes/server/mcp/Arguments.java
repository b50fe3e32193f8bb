package dev.openmeshes.server.mcp;

import dev.openmeshes.server.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A tool call's arguments, already checked against the tool's input schema by the SDK. */
final class Arguments {

    private final ObjectNode values;

    Arguments(Map<String, Object> arguments) {
        this.values = arguments == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) Json.tree(arguments);
    }

    /** An id for a path: percent-encoded, so no argument can reach another route ({@code ../keys}). */
    String segment(String name) {
        return URLEncoder.encode(values.path(name).asString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    boolean has(String name) {
        return values.hasNonNull(name);
    }

    boolean isTrue(String name) {
        return values.path(name).asBoolean(false);
    }

    JsonNode value(String name) {
        return values.get(name);
    }

    /** A JSON body of the named arguments the caller gave (explicit nulls kept: they clear a field). */
    ObjectNode body(String... names) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String name : names) {
            if (values.has(name)) {
                body.set(name, values.get(name));
            }
        }
        return body;
    }

    /** Query parameters of the named arguments the caller gave, in this order. */
    Map<String, String> query(String... names) {
        var query = new LinkedHashMap<String, String>();
        for (String name : names) {
            if (has(name)) {
                JsonNode value = values.get(name);
                query.put(name, value.isString() ? value.asString() : value.toString());
            }
        }
        return query;
    }
}
