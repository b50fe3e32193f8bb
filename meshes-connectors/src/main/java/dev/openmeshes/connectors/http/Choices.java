package dev.openmeshes.connectors.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The {@code {id, name}} choices of a connection's action data (its lists, tags, groups). */
public final class Choices {

    private Choices() {}

    /** One choice for each item with an {@code id}, named by its {@code name}, else by its id. */
    public static List<Map<String, Object>> byIdAndName(List<JsonNode> items) {
        List<Map<String, Object>> choices = new ArrayList<>();
        for (JsonNode item : items) {
            String id = VendorJson.text(item.path("id"));
            if (id != null) {
                String name = VendorJson.text(item.path("name"));
                choices.add(Map.of("id", id, "name", name == null ? id : name));
            }
        }
        return choices;
    }
}
