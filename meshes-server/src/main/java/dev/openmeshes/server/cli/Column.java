package dev.openmeshes.server.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A column of a table: its heading and the field it shows ({@code metadata.action} reaches into an object). */
record Column(String heading, String field) {

    static Column of(String heading, String field) {
        return new Column(heading, field);
    }

    String valueOf(JsonNode record) {
        JsonNode value = record;
        for (String name : field.split("\\.")) {
            value = value.path(name);
        }
        return text(value);
    }

    /** A value as a person reads it: text as is, a list of texts comma-separated, nothing for null, else compact JSON. */
    static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asString();
        }
        if (value.isArray() && value.valueStream().allMatch(JsonNode::isValueNode)) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asString()));
            return String.join(",", items);
        }
        return value.toString();
    }
}
