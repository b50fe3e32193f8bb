package dev.openmeshes.server.cli;

import static dev.openmeshes.server.cli.CliCommandsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code login}, {@code logout} and {@code token}: the saved login, its file's mode, and flags > environment > file. */
class CliLoginTest extends OnSqlite {

    @TempDir
    Path xdg;

    Tenant tenant;
    Path config;
    /** No MESHES_* variable: only XDG_CONFIG_HOME, so the default location is used. */
    Cli bare;

    @BeforeEach
    void tenant() {
        tenant = server.newTenant("Login " + UUID.randomUUID().toString().substring(0, 8));
        config = xdg.resolve("openmeshes").resolve("config.json");
        bare = Cli.with(Map.of("XDG_CONFIG_HOME", xdg.toString()));
    }

    @Test
    void loginVerifiesTheKeySavesItOwnerOnlyAndEveryCommandThenUsesIt() throws IOException {
        var login = ok(bare.withStdin(tenant.secretKey() + "\n").run("login", "--url", url(), "--org",
                tenant.organizationId().toString(), "--access-key", tenant.accessKey(), "--secret-key-stdin"));

        assertThat(login.out()).contains("Logged in to " + url() + " as " + tenant.accessKey()).contains(config.toString());
        assertThat(login.out() + login.err()).as("the secret is never printed").doesNotContain(tenant.secretKey());
        assertThat(mode(config)).as("the config file's mode").isEqualTo("rw-------");
        assertThat(mode(config.getParent())).as("its directory's mode").isEqualTo("rwx------");
        assertThat(ok(bare.run("workspaces", "list")).out()).startsWith("ID ");
        String token = ok(bare.run("token")).out().strip();
        assertThat(server.http().get("/api/v1/auth", token).status()).as("GET /api/v1/auth with the minted token").isEqualTo(200);

        assertThat(ok(bare.run("logout")).out()).contains("Removed " + config);
        assertThat(config).doesNotExist();
        assertThat(bare.run("workspaces", "list").exit()).isEqualTo(Exit.NOT_LOGGED_IN);
    }

    @Test
    void loginTakesTheEnvironmentWithoutATerminalAndAnswersTheCallerAsJson() {
        Cli fromEnvironment = Cli.with(Map.of("XDG_CONFIG_HOME", xdg.toString(), "MESHES_API_URL", url(),
                "MESHES_ORG_ID", tenant.organizationId().toString(), "MESHES_ACCESS_KEY", tenant.accessKey(),
                "MESHES_SECRET_KEY", tenant.secretKey()));

        var login = ok(fromEnvironment.run("login", "--json"));

        assertThat(login.out()).contains("\"access_key\":\"" + tenant.accessKey() + "\"");
        assertThat(config).exists();
    }

    @Test
    void aKeyTheServerRefusesIsNotSavedAndAMissingValueIsNotAskedForWithoutATerminal() {
        var refused = bare.run("login", "--url", url(), "--org", tenant.organizationId().toString(), "--access-key",
                tenant.accessKey(), "--secret-key", "not-the-secret");
        assertThat(refused.exit()).as("%s", refused).isEqualTo(Exit.REFUSED);
        assertThat(refused.err()).contains("invalid_token, HTTP 401, correlation id ");
        assertThat(config).as("nothing saved").doesNotExist();

        var missing = bare.run("login", "--url", url(), "--org", tenant.organizationId().toString());
        assertThat(missing.exit()).as("%s", missing).isEqualTo(Exit.USAGE);
        assertThat(missing.err()).contains("no access key: give --access-key or set MESHES_ACCESS_KEY");
    }

    @Test
    void aSecretThatLooksLikeAFlagIsStillTheOptionsValue() {
        // one generated secret in 64 starts with '-'; "-qc8…" once parsed as the -q flag and failed CI
        var run = bare.run("login", "--url", url(), "--org", tenant.organizationId().toString(), "--access-key",
                tenant.accessKey(), "--secret-key", "-qc8-not-the-secret");

        assertThat(run.exit()).as("the server refused the secret, so the CLI sent it: %s", run).isEqualTo(Exit.REFUSED);
        assertThat(run.err()).contains("invalid_token, HTTP 401");
    }

    @Test
    void aConfigFileOthersCanReadIsRefusedWithHowToFixIt() throws IOException {
        login();
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

        var refused = bare.run("workspaces", "list");

        assertThat(refused.exit()).as("%s", refused).isEqualTo(Exit.NOT_LOGGED_IN);
        assertThat(refused.err()).contains(config + " holds a secret but other users can read or change it (mode rw-r--r--)")
                .contains("chmod 600 " + config);
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheSavedLogin() {
        login();
        Tenant other = server.newTenant("Other " + UUID.randomUUID().toString().substring(0, 8));
        Cli environment = Cli.with(Map.of("XDG_CONFIG_HOME", xdg.toString(), "MESHES_ORG_ID", other.organizationId().toString(),
                "MESHES_ACCESS_KEY", other.accessKey(), "MESHES_SECRET_KEY", other.secretKey()));

        assertThat(organizationOf(ok(environment.run("token")).out())).as("the environment over the file")
                .isEqualTo(other.organizationId().toString());
        assertThat(organizationOf(ok(environment.run("token", "--org", tenant.organizationId().toString(), "--access-key",
                tenant.accessKey(), "--secret-key", tenant.secretKey())).out())).as("flags over the environment")
                .isEqualTo(tenant.organizationId().toString());
        var wrongFlag = environment.run("workspaces", "list", "--secret-key", "wrong");
        assertThat(wrongFlag.exit()).as("a wrong secret flag is used, not the variable: %s", wrongFlag).isEqualTo(Exit.REFUSED);
        assertThat(ok(environment.run("workspaces", "list")).out()).as("the URL still from the saved login").startsWith("ID ");
    }

    private void login() {
        ok(bare.run("login", "--url", url(), "--org", tenant.organizationId().toString(), "--access-key", tenant.accessKey(),
                "--secret-key", tenant.secretKey()));
    }

    private static String organizationOf(String token) {
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.strip().split("\\.")[1]));
        return dev.openmeshes.server.http.Json.MAPPER.readTree(claims).path("org").asString();
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
