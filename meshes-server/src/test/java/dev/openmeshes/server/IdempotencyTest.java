package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.TestServer.Tenant;
import dev.openmeshes.store.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} answers belong to the key that asked: another key of the same
 * organization, sending the same request under the same Idempotency-Key, gets its own answer, never
 * a replay of someone else's. What is kept to replay is sealed at rest.
 */
class IdempotencyTest extends OnBothStores {

    private static final String ADMIN_KEY_REQUEST = "{\"name\":\"ops\",\"scopes\":[\"admin\"]}";

    Tenant owner;

    @BeforeEach
    void owner() {
        owner = server.newTenant("Idempotent Co"); // each test its own organization
    }

    @Test
    void aNarrowKeyReplayingTheOwnersAdminKeyCreationGetsItsOwn403AndNoSecret() {
        var headers = Map.of("Idempotency-Key", "k-123");
        Response ownerAnswer = server.http().send("POST", "/api/v1/keys", owner.token(), ADMIN_KEY_REQUEST, headers);
        assertThat(ownerAnswer.status()).as("the owner's own request").isEqualTo(201);
        String adminSecret = ownerAnswer.json().path("key").path("secret_key").asString();
        Tenant keysWriter = server.newKey(owner, "[\"keys:write\"]", null);

        Response attack = server.http().send("POST", "/api/v1/keys", keysWriter.token(), ADMIN_KEY_REQUEST, headers);

        assertThat(attack.status()).as("a keys:write key asking for admin: %s", attack).isEqualTo(403);
        assertThat(attack.error()).isEqualTo("scope_not_grantable");
        assertThat(attack.header("Idempotent-Replayed")).as("Idempotent-Replayed header").isNull();
        assertThat(attack.text()).doesNotContain(adminSecret);
    }

    @Test
    void aWorkspaceLimitedKeyReplayingTheOwnersRotationOfAnotherWorkspaceGetsItsOwn404AndNoKey() {
        UUID mine = server.newWorkspace(owner, "Replay mine");
        UUID theirs = server.newWorkspace(owner, "Replay theirs");
        Tenant limited = server.newKey(owner, "[\"workspaces:write\"]", "[\"" + mine + "\"]");
        var headers = Map.of("Idempotency-Key", "rotate-1");
        String path = "/api/v1/workspaces/" + theirs + "/publishable-key/rotate";
        Response ownerAnswer = server.http().send("POST", path, owner.token(), "{}", headers);
        assertThat(ownerAnswer.status()).as("the owner's own rotation").isEqualTo(200);
        String newKey = ownerAnswer.json().path("public_key").asString();

        Response attack = server.http().send("POST", path, limited.token(), "{}", headers);

        assertThat(attack.status()).as("a key limited to another workspace: %s", attack).isEqualTo(404);
        assertThat(attack.header("Idempotent-Replayed")).as("Idempotent-Replayed header").isNull();
        assertThat(attack.text()).doesNotContain(newKey);
    }

    @Test
    void anotherKeyAllowedTheSameRequestGetsAFreshAnswerNotAReplay() {
        Tenant secondAdmin = server.newKey(owner, "[\"admin\"]", null);
        var headers = Map.of("Idempotency-Key", "k-fresh");
        Response first = server.http().send("POST", "/api/v1/keys", owner.token(), ADMIN_KEY_REQUEST, headers);

        Response second = server.http().send("POST", "/api/v1/keys", secondAdmin.token(), ADMIN_KEY_REQUEST, headers);

        assertThat(second.status()).as("the second admin's own request: %s", second).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).as("Idempotent-Replayed header").isNull();
        assertThat(second.json().path("key").path("id")).isNotEqualTo(first.json().path("key").path("id"));
        assertThat(second.text()).doesNotContain(first.json().path("key").path("secret_key").asString());
    }

    @Test
    void theSameKeyRetryingGetsTheReplayWithItsSecret() {
        var headers = Map.of("Idempotency-Key", "k-retry");
        Response first = server.http().send("POST", "/api/v1/keys", owner.token(), ADMIN_KEY_REQUEST, headers);

        Response retry = server.http().send("POST", "/api/v1/keys", owner.token(), ADMIN_KEY_REQUEST, headers);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().path("key")).isEqualTo(first.json().path("key"));
    }

    @Test
    void aKeptAnswerHoldsNoSecretInClearInTheDatabase() throws Exception {
        var headers = Map.of("Idempotency-Key", "k-at-rest");
        Response created = server.http().send("POST", "/api/v1/keys", owner.token(), ADMIN_KEY_REQUEST, headers);
        String secret = created.json().path("key").path("secret_key").asString();
        String accessKey = created.json().path("key").path("access_key").asString();

        List<String> stored = idempotencyRows();
        assertThat(stored).as("idempotency rows").isNotEmpty();
        assertThat(String.join("\n", stored)).doesNotContain(secret).doesNotContain(accessKey);
        if (kind == TestDatabases.Kind.SQLITE) {
            for (String file : List.of("meshes.db", "meshes.db-wal")) {
                Path path = server.settings().dataDir().resolve(file);
                assertThat(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1))
                        .as("the bytes of %s", file).doesNotContain(secret);
            }
        }
    }

    @Test
    void aKeptRequestCannotBeConfirmedByHashingAGuessOfIt() throws Exception {
        // A body may carry a secret (a webhook's password): a plain hash of it would let anyone
        // holding the database test guesses offline.
        String body = "{\"name\":\"Guessable\"}";
        server.http().send("POST", "/api/v1/workspaces", owner.token(), body, Map.of("Idempotency-Key", "k-guess"));

        String plainHash = sha256("POST /api/v1/workspaces\n" + body);

        assertThat(String.join("\n", idempotencyRows())).doesNotContain(plainHash);
    }

    /** Every column of every stored idempotency record, as text. */
    private List<String> idempotencyRows() throws SQLException, IOException {
        String url = kind == TestDatabases.Kind.SQLITE
                ? "jdbc:sqlite:" + server.settings().dataDir().resolve("meshes.db")
                : server.settings().databaseUrl();
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url);
             ResultSet rs = connection.createStatement().executeQuery("SELECT * FROM idempotency_keys")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
