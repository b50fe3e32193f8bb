package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.http.Json;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP server's four session tools against us: {@code interop/meshes-mcp-sessions.mjs}
 * makes their exact calls (the package is not on npm) and prints what each tool would answer.
 */
class McpSessionToolsInteropTest extends OnSqlite {

    Tenant tenant;
    UUID workspace;

    @BeforeAll
    void requireNode() {
        boolean ready = Files.isDirectory(NodeInteropTest.INTEROP.resolve("node_modules/jose"));
        if (!ready && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but interop/node_modules is missing: run interop/install.sh");
        }
        Assumptions.assumeTrue(ready, "Node interop packages not installed (run interop/install.sh); skipped");
        tenant = server.newTenant("MCP Co");
        workspace = server.newWorkspace(tenant, "MCP space");
    }

    @Test
    void theFourSessionToolsWorkAgainstUs() throws Exception {
        JsonNode out = runTools();

        JsonNode plain = tool(out, "plain");
        assertThat(plain.path("role").asString()).as("default role applied by the server").isEqualTo("member");
        assertThat(plain.path("session_type").asString()).isEqualTo("workspace");
        assertThat(plain.path("expires_in").asInt()).isEqualTo(1800);
        assertThat(plain.path("launch_url").asString()).startsWith("http://localhost:" + server.port() + "/embed/launch?token=");
        JsonNode scoped = tool(out, "scoped");
        assertThat(scoped.path("resource").asString()).isEqualTo("order");
        assertThat(scoped.path("expires_in").asInt()).isEqualTo(600);
        assertThat(out.path("invalid").path("isError").asBoolean()).isTrue();
        assertThat(out.path("invalid").path("text").asString()).startsWith("Meshes API 400: ").contains("resource_id");
        assertThat(tool(out, "firstPage").path("records")).hasSize(1);
        assertThat(tool(out, "firstPage").path("records").get(0).path("session_id").asString())
                .isEqualTo(plain.path("session_id").asString());
        assertThat(tool(out, "secondPage").path("records").get(0).path("session_id").asString())
                .isEqualTo(scoped.path("session_id").asString());
        assertThat(tool(out, "filtered").path("count").asInt()).isEqualTo(1);
        JsonNode refreshed = tool(out, "refreshed");
        assertThat(refreshed.path("session_id").asString()).isEqualTo(plain.path("session_id").asString());
        assertThat(refreshed.path("access_token").asString()).isNotEqualTo(plain.path("access_token").asString());
        assertThat(tool(out, "revoked").path("revoked").asBoolean()).isTrue();
        assertThat(out.path("refreshRevoked").path("text").asString()).startsWith("Meshes API 409: ");
        assertThat(tool(out, "revokedList").path("records").get(0).path("status").asString()).isEqualTo("revoked");
        assertThat(server.http().get("/api/v1/auth", refreshed.path("access_token").asString()).status()).isEqualTo(200);
        assertThat(server.http().get("/api/v1/auth", scoped.path("access_token").asString()).status()).isEqualTo(401);
    }

    private static JsonNode tool(JsonNode out, String name) {
        JsonNode result = out.path(name);
        assertThat(result.path("isError").asBoolean()).as("%s: %s", name, result).isFalse();
        return result.path("data");
    }

    private JsonNode runTools() throws Exception {
        var process = new ProcessBuilder("node", "meshes-mcp-sessions.mjs").directory(NodeInteropTest.INTEROP.toFile());
        process.environment().put("MESHES_API_URL", "http://127.0.0.1:" + server.port());
        process.environment().put("MESHES_ACCESS_KEY", tenant.accessKey());
        process.environment().put("MESHES_SECRET_KEY", tenant.secretKey());
        process.environment().put("MESHES_ORG_ID", tenant.organizationId().toString());
        process.environment().put("MESHES_WORKSPACE_ID", workspace.toString());
        Process running = process.redirectErrorStream(true).start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as(output).isZero();
        return Json.MAPPER.readTree(output);
    }
}
