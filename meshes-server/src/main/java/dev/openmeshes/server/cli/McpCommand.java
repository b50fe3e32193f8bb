package dev.openmeshes.server.cli;

import dev.openmeshes.core.auth.MachineTokens;
import dev.openmeshes.server.mcp.HttpMeshesApi;
import dev.openmeshes.server.mcp.StdioMcpServer;
import java.net.http.HttpClient;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The MCP server over stdio for desktop clients: the same tools as {@code /mcp}, calling a Meshes
 * API with a fresh machine JWT per call, as the key the client commands use (flags, {@code MESHES_*},
 * or the saved login). Stdout carries nothing but MCP's JSON-RPC; logs and errors go to stderr.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serve the Meshes MCP tools over stdio, calling the server as the machine key of the flags, "
                + "the MESHES_* variables or the saved login.")
final class McpCommand extends CliCommand {

    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(30);

    @Mixin
    ApiOptions api;

    @Override
    int execute() {
        Profile profile = api.resolve(environment);
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var calls = new HttpMeshesApi(client, profile.url(), () -> MachineTokens.mint(profile.accessKey(),
                    profile.secretKey(), profile.organizationId(), TOKEN_LIFETIME));
            StdioMcpServer.serve(calls, System.in, System.out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Exit.OK;
    }
}
