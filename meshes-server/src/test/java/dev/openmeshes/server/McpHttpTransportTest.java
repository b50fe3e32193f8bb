package dev.openmeshes.server;

import static dev.openmeshes.server.support.McpClients.call;
import static dev.openmeshes.server.support.McpClients.json;
import static dev.openmeshes.server.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.mcp.MeshesTools;
import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.McpClients;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /mcp}: the SDK's streamable HTTP client, each request carrying the caller's machine JWT. */
class McpHttpTransportTest extends OnSqlite {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Tenant owner;
    McpSyncClient client;

    @BeforeAll
    void connect() {
        owner = server.newTenant("MCP over HTTP");
        client = McpClients.overHttp(server, owner::token);
    }

    @AfterAll
    void disconnect() {
        client.closeGracefully();
    }

    @Test
    void theServerIntroducesItselfAsTheHostedOneAndListsEveryTool() {
        assertThat(client.getServerInfo().name()).isEqualTo("meshes-mcp-server");
        assertThat(client.listTools().tools()).extracting(Tool::name)
                .hasSize(MeshesTools.all().size())
                .contains("meshes_list_workspaces", "meshes_create_workspace", "meshes_revoke_session", "meshes_create_key");
    }

    @Test
    void aWriteToolCreatesAndAReadToolReadsAsTheCaller() {
        JsonNode created = json(call(client, "meshes_create_workspace", Map.of("name", "Made by MCP")));
        String id = created.path("workspace").path("id").asString();
        assertThat(id).as("created workspace id in %s", created).isNotEmpty();

        JsonNode read = json(call(client, "meshes_get_workspace", Map.of("workspace_id", id)));
        assertThat(read.path("name").asString()).isEqualTo("Made by MCP");
        assertThat(json(call(client, "meshes_list_workspaces", Map.of())).path("records"))
                .extracting(w -> w.path("id").asString()).contains(id);
    }

    @Test
    void anEmittedEventIsAnnouncedWithItsIdBeforeTheApisAnswer() {
        UUID workspace = server.newWorkspace(owner, "Events by MCP");
        CallToolResult result = call(client, "meshes_emit_event", Map.of("workspace", workspace.toString(),
                "event", "user.signup", "payload", Map.of("email", "a@example.com")));
        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(text(result)).startsWith("Event emitted successfully. ID: ").contains("\"event\"");
    }

    @Test
    void aKeyWithoutTheScopeGetsTheApisRefusalAsAToolError() {
        Tenant reader = server.newKey(owner, "[\"workspaces:read\"]", null);
        McpSyncClient readOnly = McpClients.overHttp(server, reader::token);
        try {
            CallToolResult refused = call(readOnly, "meshes_create_workspace", Map.of("name", "Not allowed"));
            assertThat(refused.isError()).as(text(refused)).isTrue();
            assertThat(text(refused)).startsWith("Meshes API 403: ").contains("insufficient_scope");
        } finally {
            readOnly.closeGracefully();
        }
    }

    @Test
    void anotherOrganizationsIdsAreTheApis404() {
        Tenant other = server.newTenant("Someone else");
        UUID theirs = server.newWorkspace(other, "Their space");
        CallToolResult result = call(client, "meshes_get_workspace", Map.of("workspace_id", theirs.toString()));
        assertThat(result.isError()).as(text(result)).isTrue();
        assertThat(text(result)).startsWith("Meshes API 404: ");
    }

    @Test
    void aMalformedIdIsRefusedByTheInputSchemaBeforeAnyApiCall() {
        CallToolResult result = call(client, "meshes_get_workspace", Map.of("workspace_id", "../keys"));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).as("refused by the SDK's validation, not by the API")
                .startsWith("Tool (meshes_get_workspace) input validation failed").doesNotContain("Meshes API");
    }

    @Test
    void withoutAValidTokenTheEndpointIsThe401OfTheApiBeforeAnyMcp() {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
        var missing = server.http().post("/mcp", null, initialize);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("error").asString()).isEqualTo("unauthorized");
        assertThat(missing.json().path("correlation_id").asString()).isNotEmpty();
        var forged = server.http().post("/mcp", "not-a-jwt", initialize);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().path("error").asString()).isEqualTo("invalid_token");
    }

    @Test
    void anEmbedSessionsTokenDoesNotOpenTheEndpoint() {
        UUID workspace = server.newWorkspace(owner, "Embedded MCP");
        String embedToken = new EmbedSessions(server).create(owner, "{\"workspace_id\":\"" + workspace + "\"}")
                .path("access_token").asString();
        var refused = server.http().post("/mcp", embedToken, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().path("error").asString()).isEqualTo("embed_forbidden");
    }

    @Test
    void thereIsNoServerToClientStream() {
        var get = server.http().get("/mcp", owner.token());
        assertThat(get.status()).as(get.toString()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    @Test
    void aProtocolVersionTheServerDoesNotSupportIsRefusedAndASupportedOneServed() {
        String list = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";
        var unsupported = server.http().send("POST", "/mcp", owner.token(), list,
                java.util.Map.of("MCP-Protocol-Version", "1999-01-01", "Accept", "application/json, text/event-stream"));
        assertThat(unsupported.status()).as(unsupported.toString()).isEqualTo(400);
        assertThat(unsupported.json().path("error").path("message").asString()).contains("1999-01-01")
                .contains("2025-06-18");
        var supported = server.http().send("POST", "/mcp", owner.token(), list,
                java.util.Map.of("MCP-Protocol-Version", "2025-06-18", "Accept", "application/json, text/event-stream"));
        assertThat(supported.status()).as(supported.toString()).isEqualTo(200);
        assertThat(supported.json().path("result").path("tools").size()).as("the tools").isGreaterThanOrEqualTo(33);
    }

    @Test
    void aToolsApiCallCarriesTheMcpRequestsCorrelationId() {
        var called = server.http().send("POST", "/mcp", owner.token(), "{\"jsonrpc\":\"2.0\",\"id\":8,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"meshes_list_workspaces\",\"arguments\":{}}}",
                java.util.Map.of("x-correlation-id", "mcp-trace-42", "Accept", "application/json, text/event-stream"));
        assertThat(called.status()).as(called.toString()).isEqualTo(200);
        assertThat(called.header("x-correlation-id")).isEqualTo("mcp-trace-42");
        assertThat(called.json().path("result").path("content").path(0).path("text").asString())
                .as("the API's answer the tool passed on, made under the same correlation id")
                .containsPattern("\"correlation_id\"\\s*:\\s*\"mcp-trace-42\"");
    }

    @Test
    void aBodyThatIsNoJsonRpcMessageIsAJsonRpcParseError() {
        var garbage = server.http().post("/mcp", owner.token(), "{\"hello\": 1}");
        assertThat(garbage.status()).as(garbage.toString()).isEqualTo(400);
        assertThat(garbage.json().path("error").path("code").asInt()).isEqualTo(-32700);
    }
}
