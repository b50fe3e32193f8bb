package dev.openmeshes.server.support;

import dev.openmeshes.server.http.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The official MCP Java SDK's client, connected to our MCP server over either transport. */
public final class McpClients {

    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.shared());

    private McpClients() {}

    /** Over streamable HTTP at {@code /mcp}, each request with a fresh token, as a client configured with a key would. */
    public static McpSyncClient overHttp(TestServer server, Supplier<String> tokens) {
        return overHttp("http://127.0.0.1:" + server.port(), tokens);
    }

    public static McpSyncClient overHttp(String serverUrl, Supplier<String> tokens) {
        var transport = HttpClientStreamableHttpTransport.builder(serverUrl)
                .endpoint("/mcp").jsonMapper(JSON)
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + tokens.get()))
                .build();
        return connected(transport);
    }

    /** {@code meshes mcp} started as its own process on the test classpath, speaking over its stdin and stdout. */
    public static McpSyncClient overStdio(TestServer server, TestServer.Tenant tenant) {
        return overStdio("http://127.0.0.1:" + server.port(), tenant.organizationId().toString(), tenant.accessKey(),
                tenant.secretKey(), "-cp", System.getProperty("java.class.path"), "dev.openmeshes.server.cli.Main");
    }

    /**
     * {@code meshes mcp} as a desktop client starts it, configured with a key.
     *
     * @param launch the java arguments that name the program ({@code -jar meshes-server.jar}, or a class path and main class)
     */
    public static McpSyncClient overStdio(String apiUrl, String organizationId, String accessKey, String secretKey,
                                          String... launch) {
        var args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        args.addAll(List.of(launch));
        args.add("mcp");
        var parameters = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args(args)
                .env(Map.of("MESHES_API_URL", apiUrl, "MESHES_ORG_ID", organizationId,
                        "MESHES_ACCESS_KEY", accessKey, "MESHES_SECRET_KEY", secretKey))
                .build();
        return connected(new StdioClientTransport(parameters, JSON));
    }

    private static McpSyncClient connected(McpClientTransport transport) {
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    public static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments, null));
    }

    /** The one text item every tool answers. */
    public static String text(CallToolResult result) {
        return ((TextContent) result.content().getFirst()).text();
    }

    /** A successful tool's answer as JSON; fails with the tool's text otherwise. */
    public static JsonNode json(CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())) {
            throw new AssertionError("expected the tool to succeed, it answered: " + text(result));
        }
        return Json.parse(text(result).getBytes(StandardCharsets.UTF_8));
    }
}
