package dev.openmeshes.server.cli;

import dev.openmeshes.core.auth.MachineTokens;
import dev.openmeshes.server.mcp.HttpMeshesApi;
import dev.openmeshes.server.mcp.StdioMcpServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The MCP server over stdio for desktop clients: the same tools as {@code /mcp}, calling a Meshes
 * API with a fresh machine JWT per call. Stdout carries nothing but MCP's JSON-RPC; logs go to stderr.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serve the Meshes MCP tools over stdio, calling MESHES_API_URL as the key in "
                + "MESHES_ACCESS_KEY, MESHES_SECRET_KEY and MESHES_ORG_ID.")
final class McpCommand implements Callable<Integer> {

    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(30);

    @Override
    public Integer call() throws InterruptedException {
        String accessKey = TokenCommand.required("MESHES_ACCESS_KEY");
        String secretKey = TokenCommand.required("MESHES_SECRET_KEY");
        String organizationId = TokenCommand.organizationId();
        String apiUrl = System.getenv().getOrDefault("MESHES_API_URL", "http://localhost:8080");
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var api = new HttpMeshesApi(client, apiUrl,
                    () -> MachineTokens.mint(accessKey, secretKey, organizationId, TOKEN_LIFETIME));
            StdioMcpServer.serve(api, System.in, System.out);
        }
        return 0;
    }
}
