package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.http.Json;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the official TypeScript MCP client ({@code interop/mcp-client.mjs}, on
 * {@code @modelcontextprotocol/sdk}) sees of our MCP server over one transport: it initializes, lists
 * the tools, reads, writes and gets a refusal, and any protocol error fails its run.
 */
abstract class TypeScriptMcpClientContract extends OnSqlite {

    /** The hosted server's tool names (meshes-api.md §7, {@code @mesheshq/mcp-server} 1.0.10), which an agent's prompts name. */
    static final List<String> HOSTED_TOOLS = List.of("meshes_list_workspaces", "meshes_get_workspace",
            "meshes_create_workspace", "meshes_update_workspace", "meshes_get_workspace_connections",
            "meshes_get_workspace_event_types", "meshes_get_workspace_resources", "meshes_get_workspace_rules",
            "meshes_list_connections", "meshes_get_connection", "meshes_create_connection", "meshes_update_connection",
            "meshes_delete_connection", "meshes_get_connection_actions", "meshes_get_connection_fields",
            "meshes_get_connection_default_mappings", "meshes_update_connection_default_mappings",
            "meshes_list_integrations", "meshes_list_rules", "meshes_get_rule", "meshes_create_rule", "meshes_delete_rule",
            "meshes_emit_event", "meshes_emit_bulk_events", "meshes_list_events", "meshes_get_workspace_events",
            "meshes_get_event", "meshes_get_event_payload", "meshes_retry_event_rule", "meshes_create_session",
            "meshes_list_sessions", "meshes_refresh_session", "meshes_revoke_session");

    Tenant tenant;
    UUID existingWorkspace;
    JsonNode run;

    /** {@code http} or {@code stdio}: the script's argument. */
    abstract String transport();

    /** What this transport's run needs besides the key: where the API is, or the jar to spawn. */
    abstract Map<String, String> transportEnvironment();

    @BeforeAll
    void runTheClient() throws Exception {
        boolean ready = Files.isDirectory(NodeInteropTest.INTEROP.resolve("node_modules/@modelcontextprotocol/sdk"));
        if (!ready && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but interop/node_modules is missing: run interop/install.sh");
        }
        Assumptions.assumeTrue(ready, "Node interop packages not installed (run interop/install.sh); skipped");
        tenant = server.newTenant("TypeScript MCP over " + transport());
        existingWorkspace = server.newWorkspace(tenant, "Already there");
        run = runClient();
    }

    @Test
    void theServerIntroducesItselfAndListsEveryHostedTool() {
        assertThat(run.path("server").path("name").asString()).isEqualTo("meshes-mcp-server");
        assertThat(run.path("tools").valueStream().map(JsonNode::asString).toList())
                .as("tool names the TypeScript client listed").containsAll(HOSTED_TOOLS);
    }

    @Test
    void theReadToolAnswersTheCallersWorkspaces() {
        JsonNode listed = success("listed");
        assertThat(listed.path("records").valueStream().map(w -> w.path("id").asString()).toList())
                .as("workspace ids in %s", listed).contains(existingWorkspace.toString());
    }

    @Test
    void theWriteToolCreatedTheWorkspaceAsTheCaller() {
        String id = success("created").path("workspace").path("id").asString();

        var read = server.http().get("/api/v1/workspaces/" + id, tenant.token());
        assertThat(read.status()).as("the created workspace through the API: %s", read).isEqualTo(200);
        assertThat(read.json().path("name").asString()).isEqualTo(run.path("workspaceName").asString());
    }

    @Test
    void theApisRefusalIsAToolErrorWithItsStatusAndErrorShape() {
        JsonNode refused = run.path("refused");
        assertThat(refused.path("isError").asBoolean()).as("an unknown workspace: %s", refused).isTrue();
        String text = refused.path("text").asString();
        assertThat(text).startsWith("Meshes API 404: ");
        JsonNode body = Json.parse(text.substring("Meshes API 404: ".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("error").asString()).as(text).isEqualTo("not_found");
        assertThat(body.path("correlation_id").asString()).as(text).isNotEmpty();
    }

    private JsonNode success(String call) {
        JsonNode result = run.path(call);
        assertThat(result.path("isError").asBoolean()).as("%s answered %s", call, result).isFalse();
        return result.path("data");
    }

    private JsonNode runClient() throws Exception {
        File errors = File.createTempFile("mcp-client-" + transport(), ".err");
        errors.deleteOnExit();
        var process = new ProcessBuilder("node", "mcp-client.mjs", transport())
                .directory(NodeInteropTest.INTEROP.toFile()).redirectError(errors);
        process.environment().put("MESHES_ORG_ID", tenant.organizationId().toString());
        process.environment().put("MESHES_ACCESS_KEY", tenant.accessKey());
        process.environment().put("MESHES_SECRET_KEY", tenant.secretKey());
        process.environment().putAll(transportEnvironment());
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).as("the client finished").isTrue();
        String stderr = Files.readString(errors.toPath());
        assertThat(running.exitValue()).as("the client's exit; stdout:%n%s%nstderr:%n%s", output, stderr).isZero();
        return Json.MAPPER.readTree(output);
    }
}
