package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.core.model.Organization;
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
    void withPlatformAdminPrintsAnOperatorKeyThatManagesOrganizations() {
        String output = run("bootstrap", "--platform-admin", "--json", "--data-dir", dataDir.toString());

        var json = Json.MAPPER.readTree(output.lines().toList().getLast());
        assertThat(json.path("organization_id").asString()).as("the operators' organization")
                .isEqualTo(Organization.OPERATORS.toString());
        assertThat(json.path("scopes").toString()).isEqualTo("[\"platform:admin\"]");
        assertThat(json.path("secret_key").asString()).matches(Credentials.SECRET_KEY);
        try (TestServer server = TestServer.start(dataDir)) {
            String token = Tokens.of(json.path("access_key").asString(), json.path("secret_key").asString(),
                    Organization.OPERATORS.toString()).sign();
            var organizations = server.http().get("/api/v1/organizations", token);
            assertThat(organizations.status()).as("the platform endpoints: %s", organizations).isEqualTo(200);
        }
    }

    @Test
    void withAnEmailAlsoCreatesTheFirstOwnerWhoSignsInAndNeverPrintsThePassword() {
        String password = "operator's long password";
        String output = run("bootstrap", "--org-name", "Owned Corp", "--email", "Boss@Example.com", "--password", password,
                "--json", "--data-dir", dataDir.toString());

        assertThat(output).as("the password is never printed").doesNotContain(password);
        var json = Json.MAPPER.readTree(output.lines().toList().getLast());
        assertThat(json.path("owner_email").asString()).isEqualTo("boss@example.com");
        assertThat(json.path("secret_key").asString()).matches(Credentials.SECRET_KEY);
        try (TestServer server = TestServer.start(dataDir)) {
            var login = server.http().post("/auth/login", null,
                    "{\"email\":\"boss@example.com\",\"password\":\"" + password + "\"}");
            assertThat(login.status()).as("the owner signs in: %s", login).isEqualTo(200);
            assertThat(login.json().path("data").path("tenant_id").asString()).isEqualTo(json.path("organization_id").asString());
            assertThat(login.json().path("data").path("role").asString()).isEqualTo("owner");
        }
    }

    @Test
    void withAnOrganizationIdAddsAnOwnerToThatOrganizationWithoutANewKey() {
        var created = Json.MAPPER.readTree(run("bootstrap", "--org-name", "Existing", "--json", "--data-dir",
                dataDir.toString()).lines().toList().getLast());
        String organizationId = created.path("organization_id").asString();

        var added = Json.MAPPER.readTree(run("bootstrap", "--org-id", organizationId, "--email", "late@example.com",
                "--password", "a long enough password", "--json", "--data-dir", dataDir.toString()).lines().toList().getLast());

        assertThat(added.path("organization_id").asString()).isEqualTo(organizationId);
        assertThat(added.has("secret_key")).as("no second key: %s", added).isFalse();
        try (TestServer server = TestServer.start(dataDir)) {
            var members = server.http().get("/api/v1/members", Tokens.of(created.path("access_key").asString(),
                    created.path("secret_key").asString(), organizationId).sign());
            assertThat(members.json().path("records").findValuesAsString("email")).containsExactly("late@example.com");
        }
    }

    @Test
    void aShortPasswordIsRefusedBeforeAnythingIsCreated() {
        var err = new java.io.StringWriter();
        var cli = Main.commandLine(CommandLine.defaultFactory()).setErr(new java.io.PrintWriter(err, true));

        int exit = cli.execute("bootstrap", "--org-name", "Never", "--email", "a@example.com", "--password", "short",
                "--data-dir", dataDir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("password must be 10 to 256 characters");
        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(server.meshes().store().organizations().isEmpty()).as("no organization was created").isTrue();
        }
    }

    @Test
    void anEmailWithoutAPasswordOrOrganizationIdWithoutAnEmailIsAUsageError() {
        var cli = Main.commandLine(CommandLine.defaultFactory()).setErr(new java.io.PrintWriter(new ByteArrayOutputStream(), true));

        assertThat(cli.execute("bootstrap", "--org-name", "X", "--email", "a@example.com", "--data-dir", dataDir.toString()))
                .isEqualTo(2);
        assertThat(cli.execute("bootstrap", "--org-id", UUID.randomUUID().toString(), "--data-dir", dataDir.toString()))
                .isEqualTo(2);
        assertThat(cli.execute("bootstrap", "--data-dir", dataDir.toString())).as("neither --org-name nor --org-id").isEqualTo(2);
    }

    @Test
    void refusesAnEmptyOrganizationName() {
        var err = new ByteArrayOutputStream();
        var cli = Main.commandLine(CommandLine.defaultFactory()).setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute("bootstrap", "--org-name", "", "--json", "--data-dir", dataDir.toString());
        assertThat(exit).isNotZero();
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.commandLine(CommandLine.defaultFactory()).execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
