package dev.openmeshes.server.mcp;

import dev.openmeshes.server.http.Json;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One MCP tool: its declaration and the single API request it makes. It answers as the hosted
 * server does: one text item with the API's answer as pretty-printed JSON, or, when the API
 * refuses, {@code isError} with {@code Meshes API <status>: <body>}.
 */
record MeshesTool(Tool tool, Function<Arguments, ApiRequest> request, Function<JsonNode, String> successText) {

    static MeshesTool of(String name, String description, Effect effect, InputSchema input,
                         Function<Arguments, ApiRequest> request) {
        return new MeshesTool(declaration(name, description, effect, input), request, MeshesTool::pretty);
    }

    /** The same tool answering with a sentence of its own before the JSON. */
    MeshesTool withSuccessText(Function<JsonNode, String> text) {
        return new MeshesTool(tool, request, text);
    }

    String name() {
        return tool.name();
    }

    CallToolResult call(MeshesApi api, Map<String, Object> arguments) {
        ApiAnswer answer;
        try {
            answer = api.send(request.apply(new Arguments(arguments)));
        } catch (UncheckedIOException unreachable) {
            return result(unreachable.getMessage(), true);
        }
        if (!answer.ok()) {
            String detail = answer.body() == null ? "(no body)" : answer.body().toString();
            return result("Meshes API " + answer.status() + ": " + detail, true);
        }
        return result(successText.apply(answer.body()), false);
    }

    static String pretty(JsonNode body) {
        return body == null ? "{}" : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body);
    }

    private static Tool declaration(String name, String description, Effect effect, InputSchema input) {
        return Tool.builder(name, input.schema()).description(description).annotations(effect.annotations()).build();
    }

    private static CallToolResult result(String text, boolean isError) {
        return CallToolResult.builder().content(List.of(new TextContent(text))).isError(isError).build();
    }
}
