package dev.openmeshes.server;

import static dev.openmeshes.server.support.McpClients.call;
import static dev.openmeshes.server.support.McpClients.json;
import static dev.openmeshes.server.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.mcp.MeshesTools;
import dev.openmeshes.server.support.McpClients;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code meshes mcp} as a desktop client starts it: its own process, MCP over stdin and stdout,
 * calling the server with a machine JWT it mints per call from the {@code MESHES_*} key.
 */
class McpStdioTransportTest extends OnSqlite {

    Tenant owner;
    McpSyncClient client;

    @BeforeAll
    void start() {
        owner = server.newTenant("MCP over stdio");
        client = McpClients.overStdio(server, owner);
    }

    @AfterAll
    void stop() {
        client.closeGracefully();
    }

    @Test
    void theProcessListsEveryToolUnderTheHostedServersName() {
        assertThat(client.getServerInfo().name()).isEqualTo("meshes-mcp-server");
        assertThat(client.listTools().tools()).extracting(Tool::name).hasSize(MeshesTools.all().size());
    }

    @Test
    void aWriteToolAndAReadToolRunAsTheConfiguredKey() {
        String id = json(call(client, "meshes_create_workspace", Map.of("name", "Made over stdio",
                "description", "by meshes mcp"))).path("workspace").path("id").asString();

        var read = json(call(client, "meshes_get_workspace", Map.of("workspace_id", id)));
        assertThat(read.path("description").asString()).isEqualTo("by meshes mcp");
        assertThat(json(call(client, "meshes_list_keys", Map.of())).path("records"))
                .extracting(key -> key.path("access_key").asString()).contains(owner.accessKey());
    }

    @Test
    void theApisRefusalIsAToolErrorWithItsStatusAndBody() {
        CallToolResult conflict = call(client, "meshes_create_workspace", Map.of("name", "Twice over stdio"));
        assertThat(conflict.isError()).as(text(conflict)).isFalse();
        CallToolResult again = call(client, "meshes_create_workspace", Map.of("name", "Twice over stdio"));
        assertThat(again.isError()).isTrue();
        assertThat(text(again)).startsWith("Meshes API 409: ").contains("workspace_name_conflict");
    }
}
