package dev.openmeshes.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code /llms.txt} (llmstxt.org): the API as Markdown a coding agent reads in one go, written from
 * the OpenAPI description at start-up, so it can never say something the description does not:
 * its summary and conventions, where the full description is, and every operation by tag with its
 * method, path, summary and required inputs.
 */
final class LlmsText {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete", "options", "head");

    private LlmsText() {}

    static String of(JsonNode description) {
        JsonNode info = description.path("info");
        var out = new StringBuilder();
        out.append("# ").append(info.path("title").asString()).append("\n\n");
        out.append("> ").append(info.path("summary").asString()).append("\n\n");
        out.append(info.path("description").asString().strip()).append("\n\n");
        out.append("The full description: `/api/v1/openapi.json` (OpenAPI 3.1; also `.yaml`), readable at `/docs`. ")
                .append("Machine JWT: HS256, header `kid` = access key, `iss` = `urn:meshes:m2m:<access key>`, ")
                .append("`aud` = `meshes-api`, `org` = organization id, `iat`, `exp` at most 60 s later, signed with the ")
                .append("secret key (`./meshes token` prints one).\n");
        Map<String, List<String>> byTag = new LinkedHashMap<>();
        description.path("tags").forEach(tag -> byTag.put(tag.path("name").asString(), new ArrayList<>()));
        description.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode operation = path.getValue().path(method);
            if (operation.isObject()) {
                String tag = operation.path("tags").path(0).asString("Other");
                byTag.computeIfAbsent(tag, t -> new ArrayList<>())
                        .add(line(description, method, path.getKey(), path.getValue(), operation));
            }
        }));
        description.path("tags").forEach(tag -> {
            List<String> lines = byTag.get(tag.path("name").asString());
            if (lines != null && !lines.isEmpty()) {
                out.append("\n## ").append(tag.path("name").asString()).append("\n\n");
                if (tag.has("description")) {
                    out.append(tag.path("description").asString().strip()).append("\n\n");
                }
                lines.forEach(line -> out.append(line).append('\n'));
            }
        });
        byTag.forEach((tag, lines) -> {
            if (description.path("tags").valueStream().noneMatch(t -> t.path("name").asString().equals(tag)) && !lines.isEmpty()) {
                out.append("\n## ").append(tag).append("\n\n");
                lines.forEach(line -> out.append(line).append('\n'));
            }
        });
        return out.toString();
    }

    /** {@code - `POST /api/v1/rules` (CreateRule): Create a rule. Body: workspace, connection, event, metadata.} */
    private static String line(JsonNode description, String method, String path, JsonNode pathItem, JsonNode operation) {
        var line = new StringBuilder("- `").append(method.toUpperCase(java.util.Locale.ROOT)).append(' ').append(path)
                .append("` (").append(operation.path("operationId").asString()).append("): ")
                .append(operation.path("summary").asString());
        List<String> query = new ArrayList<>();
        for (JsonNode parameters : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            parameters.forEach(p -> {
                JsonNode parameter = resolved(description, p);
                if ("query".equals(parameter.path("in").asString())) {
                    query.add(parameter.path("name").asString());
                }
            });
        }
        if (!query.isEmpty()) {
            line.append(". Query: ").append(String.join(", ", query));
        }
        JsonNode required = resolved(description, operation.path("requestBody").path("content").path("application/json")
                .path("schema")).path("required");
        if (required.isArray() && !required.isEmpty()) {
            List<String> names = new ArrayList<>();
            required.forEach(n -> names.add(n.asString()));
            line.append(". Body requires: ").append(String.join(", ", names));
        }
        return line.toString();
    }

    /** The node a local {@code $ref} ({@code #/components/…}) points at, else the node itself. */
    private static JsonNode resolved(JsonNode description, JsonNode node) {
        String ref = node.path("$ref").asString("");
        return ref.startsWith("#/") ? description.at(ref.substring(1)) : node;
    }
}
