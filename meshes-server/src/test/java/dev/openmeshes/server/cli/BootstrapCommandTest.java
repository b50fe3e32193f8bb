package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.server.http.Json;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.server.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meshes bootstrap --json}: credentials on the last line, in formats the official clients accept. */
class BootstrapCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void printsWorkingCredentialsAsTheLastLine() {
        String output = run("bootstrap", "--org-name", "Acme Corp", "--json", "--data-dir", dataDir.toString());

        List<String> lines = output.lines().toList();
        var json = Json.MAPPER.readTree(lines.getLast());
        UUID organizationId = UUID.fromString(json.path("organization_id").asString());
        assertThat(organizationId.version()).isEqualTo(4);
        assertThat(json.path("access_key").asString()).matches(Credentials.ACCESS_KEY);
        assertThat(json.path("secret_key").asString()).matches(Credentials.SECRET_KEY);

        try (TestServer server = TestServer.start(dataDir)) {
            String token = Tokens.of(json.path("access_key").asString(), json.path("secret_key").asString(),
                    organizationId.toString()).sign();
            var me = server.http().get("/api/v1/auth", token);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().path("scopes").toString()).isEqualTo("[\"admin\"]");
        }
    }

    @Test
    void refusesAnEmptyOrganizationName() {
        var err = new ByteArrayOutputStream();
        var cli = new CommandLine(new Main()).setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute("bootstrap", "--org-name", "", "--json", "--data-dir", dataDir.toString());
        assertThat(exit).isNotZero();
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Main()).execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
