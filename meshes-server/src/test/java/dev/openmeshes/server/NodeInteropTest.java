package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens minted by the seeds' own Node snippets, with the real {@code jose} and {@code jsonwebtoken}
 * packages from npm, authenticate against our server.
 */
class NodeInteropTest extends OnSqlite {

    static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();

    Tenant tenant;

    @BeforeAll
    void requireNode() {
        boolean ready = Files.isDirectory(INTEROP.resolve("node_modules/jose"))
                && Files.isDirectory(INTEROP.resolve("node_modules/jsonwebtoken"));
        if (!ready && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + INTEROP + "/node_modules is missing: run interop/install.sh");
        }
        Assumptions.assumeTrue(ready, "Node interop packages not installed (run interop/install.sh); skipped");
        tenant = server.newTenant("Node Co");
    }

    @Test
    void aTokenMintedWithJoseListsWorkspaces() throws Exception {
        String token = node("mint-jose.mjs");

        var response = server.http().get("/api/v1/workspaces", token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().has("records")).isTrue();
    }

    @Test
    void aTokenMintedWithJsonwebtokenListsWorkspaces() throws Exception {
        String token = node("mint-jsonwebtoken.cjs");

        assertThat(server.http().get("/api/v1/workspaces", token).status()).isEqualTo(200);
    }

    private String node(String script) throws IOException, InterruptedException {
        var process = new ProcessBuilder("node", script).directory(INTEROP.toFile()).redirectErrorStream(true);
        process.environment().put("MESHES_ACCESS_KEY", tenant.accessKey());
        process.environment().put("MESHES_SECRET_KEY", tenant.secretKey());
        process.environment().put("MESHES_ORG_ID", tenant.organizationId().toString());
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as(output).isZero();
        return output;
    }
}
