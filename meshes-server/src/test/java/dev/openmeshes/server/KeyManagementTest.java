package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Machine keys: secrets shown once, grants limited to what the caller holds, rotation with grace, revocation. */
class KeyManagementTest extends OnSqlite {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Tenant owner;

    @BeforeAll
    void owner() {
        owner = server.newTenant("Keys Co");
    }

    @Test
    void creatingAKeyShowsItsSecretOnceInTheOfficialFormats() {
        var created = server.http().post("/api/v1/keys", owner.token(),
                "{\"name\":\"CI pipeline\",\"scopes\":[\"workspaces:read\",\"events:write\"]}");

        assertThat(created.status()).isEqualTo(201);
        var key = created.json().path("key");
        assertThat(key.path("access_key").asString()).matches(Credentials.ACCESS_KEY);
        assertThat(key.path("secret_key").asString()).matches(Credentials.SECRET_KEY);
        assertThat(key.path("scopes").toString()).isEqualTo("[\"events:write\",\"workspaces:read\"]");
        assertThat(key.path("status").asString()).isEqualTo("active");

        String id = key.path("id").asString();
        var fetched = server.http().get("/api/v1/keys/" + id, owner.token());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().has("secret_key")).isFalse();
        assertThat(server.http().get("/api/v1/keys", owner.token()).text()).doesNotContain(key.path("secret_key").asString());
    }

    @Test
    void aKeyCanOnlyGrantScopesItHolds() {
        Tenant limited = server.newKey(owner, "[\"keys:write\",\"workspaces:write\"]", null);

        var beyond = server.http().post("/api/v1/keys", limited.token(),
                "{\"name\":\"escalate\",\"scopes\":[\"connections:read\"]}");
        assertThat(beyond.status()).isEqualTo(403);
        assertThat(beyond.error()).isEqualTo("scope_not_grantable");

        var admin = server.http().post("/api/v1/keys", limited.token(), "{\"name\":\"escalate\",\"scopes\":[\"admin\"]}");
        assertThat(admin.status()).isEqualTo(403);

        var narrower = server.http().post("/api/v1/keys", limited.token(),
                "{\"name\":\"narrower\",\"scopes\":[\"workspaces:read\",\"keys:write\"]}");
        assertThat(narrower.status()).isEqualTo(201);
    }

    @Test
    void aNarrowKeyCannotRotateOrRevokeABroaderOne() {
        Tenant limited = server.newKey(owner, "[\"keys:write\"]", null);

        var rotate = server.http().post("/api/v1/keys/" + owner.keyId() + "/rotate", limited.token(), "{}");
        assertThat(rotate.status()).isEqualTo(403);
        assertThat(rotate.text()).doesNotContain("secret_key");
        assertThat(server.http().delete("/api/v1/keys/" + owner.keyId(), limited.token()).status()).isEqualTo(403);
        assertThat(server.http().get("/api/v1/workspaces", owner.token()).status()).isEqualTo(200);
    }

    @Test
    void aWorkspaceLimitedKeyCanOnlyGrantItsOwnWorkspaces() {
        UUID mine = server.newWorkspace(owner, "Limited mine");
        UUID other = server.newWorkspace(owner, "Limited other");
        Tenant limited = server.newKey(owner, "[\"keys:write\",\"workspaces:read\"]", "[\"" + mine + "\"]");

        var inherited = server.http().post("/api/v1/keys", limited.token(),
                "{\"name\":\"child\",\"scopes\":[\"workspaces:read\"]}");
        assertThat(inherited.status()).isEqualTo(201);
        assertThat(inherited.json().path("key").path("workspaces").toString()).isEqualTo("[\"" + mine + "\"]");

        var widened = server.http().post("/api/v1/keys", limited.token(),
                "{\"name\":\"child\",\"scopes\":[\"workspaces:read\"],\"workspaces\":[\"" + other + "\"]}");
        assertThat(widened.status()).isEqualTo(403);
        assertThat(widened.error()).isEqualTo("workspace_not_grantable");
    }

    @Test
    void rotationKeepsTheOldSecretForTheGracePeriodOnly() {
        Tenant key = server.newKey(owner, "[\"workspaces:read\"]", null);

        var rotated = server.http().post("/api/v1/keys/" + key.keyId() + "/rotate", owner.token(),
                "{\"grace_period_seconds\":2}");

        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().path("secret_key").asString();
        assertThat(newSecret).matches(Credentials.SECRET_KEY).isNotEqualTo(key.secretKey());
        assertThat(rotated.json().path("access_key").asString()).isEqualTo(key.accessKey());
        assertThat(rotated.json().path("previous_secret_expires_at").isString()).isTrue();
        Tenant renewed = new Tenant(key.organizationId(), key.keyId(), key.accessKey(), newSecret);
        assertThat(server.http().get("/api/v1/workspaces", renewed.token()).status()).isEqualTo(200);
        assertThat(server.http().get("/api/v1/workspaces", key.token()).status()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(6))
                .until(() -> server.http().get("/api/v1/workspaces", key.token()).status() == 401);
        assertThat(server.http().get("/api/v1/workspaces", renewed.token()).status()).isEqualTo(200);
    }

    @Test
    void rotationWithoutGraceStopsTheOldSecretAtOnce() {
        Tenant key = server.newKey(owner, "[\"workspaces:read\"]", null);

        var rotated = server.http().post("/api/v1/keys/" + key.keyId() + "/rotate", owner.token(), null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(server.http().get("/api/v1/workspaces", key.token()).status()).isEqualTo(401);
    }

    @Test
    void revokingMarksTheKeyRevokedAndItCannotBeRotatedBack() {
        Tenant key = server.newKey(owner, "[\"workspaces:read\"]", null);

        var revoked = server.http().delete("/api/v1/keys/" + key.keyId(), owner.token());

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("status").asString()).isEqualTo("revoked");
        assertThat(revoked.json().path("revoked_at").isString()).isTrue();
        var rotate = server.http().post("/api/v1/keys/" + key.keyId() + "/rotate", owner.token(), "{}");
        assertThat(rotate.status()).isEqualTo(409);
        assertThat(rotate.error()).isEqualTo("key_not_active");
    }

    @Test
    void invalidKeyRequestsGetFieldLevelErrors() {
        var response = server.http().post("/api/v1/keys", owner.token(),
                "{\"scopes\":[\"workspaces:read\",\"root\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("validation_failed");
        assertThat(response.json().path("details").toString()).contains("\"field\":\"name\"", "\"field\":\"expires_at\"");

        var unknownScope = server.http().post("/api/v1/keys", owner.token(), "{\"name\":\"x\",\"scopes\":[\"root\"]}");
        assertThat(unknownScope.status()).isEqualTo(400);
        assertThat(unknownScope.json().path("details").get(0).path("field").asString()).isEqualTo("scopes");

        var wrongTypes = server.http().post("/api/v1/keys", owner.token(), "{\"name\":7,\"scopes\":\"admin\"}");
        assertThat(wrongTypes.status()).isEqualTo(400);
        assertThat(wrongTypes.json().path("details").size()).isEqualTo(2);
    }

    @Test
    void keysArePagedWithCursors() {
        for (int i = 0; i < 3; i++) {
            server.newKey(owner, "[\"events:read\"]", null);
        }
        var first = server.http().get("/api/v1/keys?limit=2", owner.token()).json();
        assertThat(first.path("count").asInt()).isEqualTo(2);
        assertThat(first.path("limit").asInt()).isEqualTo(2);
        String cursor = first.path("next_cursor").asString();
        var second = server.http().get("/api/v1/keys?limit=2&cursor=" + cursor, owner.token()).json();
        assertThat(second.path("records").get(0).path("id")).isNotEqualTo(first.path("records").get(0).path("id"));
    }

    @Test
    void expiresInDaysSetsTheExpiryAsMeshAiSpellsIt() {
        var created = server.http().post("/api/v1/keys", owner.token(),
                "{\"name\":\"ci-pipeline-key\",\"scopes\":[\"events:read\"],\"expires_in_days\":90}");

        assertThat(created.status()).as("create: %s", created).isEqualTo(201);
        Instant expiresAt = Instant.parse(created.json().path("key").path("expires_at").asString());
        assertThat(expiresAt).as("90 days from now").isBetween(Instant.now().plus(Duration.ofDays(90)).minusSeconds(60),
                Instant.now().plus(Duration.ofDays(90)));
    }

    @Test
    void expiresInDaysBesideExpiresAtOrOutOfBoundsIsRefusedNamingTheFields() {
        var both = server.http().post("/api/v1/keys", owner.token(), "{\"name\":\"both\",\"scopes\":[\"events:read\"],"
                + "\"expires_in_days\":5,\"expires_at\":\"2099-01-01T00:00:00Z\"}");
        assertThat(both.status()).as("both: %s", both).isEqualTo(400);
        assertThat(both.json().path("details").findValuesAsString("field"))
                .containsExactlyInAnyOrder("expires_at", "expires_in_days");

        for (String days : new String[] {"0", "-1", "3651", "1.5"}) {
            var refused = server.http().post("/api/v1/keys", owner.token(),
                    "{\"name\":\"bounds\",\"scopes\":[\"events:read\"],\"expires_in_days\":" + days + "}");
            assertThat(refused.status()).as("expires_in_days %s: %s", days, refused).isEqualTo(400);
            assertThat(refused.json().path("details").get(0).path("field").asString()).isEqualTo("expires_in_days");
        }
    }

    @Test
    void keyAnswersAndListsCarryTheKeyPrefix() {
        var created = server.http().post("/api/v1/keys", owner.token(),
                "{\"name\":\"prefixed\",\"scopes\":[\"events:read\"]}").json().path("key");
        String accessKey = created.path("access_key").asString();
        String prefix = created.path("key_prefix").asString();

        assertThat(prefix).as("the access key's start").hasSize(11).startsWith("mk_").isEqualTo(accessKey.substring(0, 11));
        assertThat(server.http().get("/api/v1/keys/" + created.path("id").asString(), owner.token()).json()
                .path("key_prefix").asString()).isEqualTo(prefix);
        assertThat(server.http().get("/api/v1/keys?limit=200", owner.token()).json().path("records").findValuesAsString("key_prefix"))
                .contains(prefix);
    }
}
