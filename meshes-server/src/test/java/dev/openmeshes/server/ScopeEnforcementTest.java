package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scopes are enforced by HTTP method: read scopes for GET, write scopes for everything. */
class ScopeEnforcementTest extends OnSqlite {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Tenant owner;

    @BeforeAll
    void owner() {
        owner = server.newTenant("Scoped Co");
    }

    @Test
    void aReadScopeAllowsGetButNotWrites() {
        Tenant reader = server.newKey(owner, "[\"workspaces:read\"]", null);

        assertThat(server.http().get("/api/v1/workspaces", reader.token()).status()).isEqualTo(200);
        var write = server.http().post("/api/v1/workspaces", reader.token(), "{\"name\":\"Nope\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.error()).isEqualTo("insufficient_scope");
        assertThat(write.json().path("message").asString()).contains("workspaces:write");
    }

    @Test
    void aWriteScopeAllowsReadsAndWrites() {
        Tenant writer = server.newKey(owner, "[\"workspaces:write\"]", null);

        var created = server.http().post("/api/v1/workspaces", writer.token(), "{\"name\":\"Writer space\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("workspace").path("id").asString();
        assertThat(server.http().get("/api/v1/workspaces/" + id, writer.token()).status()).isEqualTo(200);
        assertThat(server.http().put("/api/v1/workspaces/" + id, writer.token(), "{\"name\":\"Renamed\"}").status())
                .isEqualTo(200);
    }

    @Test
    void aScopeForOneResourceOpensNoOther() {
        Tenant workspacesOnly = server.newKey(owner, "[\"workspaces:write\"]", null);

        assertThat(server.http().get("/api/v1/keys", workspacesOnly.token()).status()).isEqualTo(403);
        assertThat(server.http().post("/api/v1/keys", workspacesOnly.token(),
                "{\"name\":\"x\",\"scopes\":[\"workspaces:read\"]}").status()).isEqualTo(403);
    }

    @Test
    void keysReadListsKeysButCannotCreateOrRevoke() {
        Tenant keyReader = server.newKey(owner, "[\"keys:read\"]", null);

        assertThat(server.http().get("/api/v1/keys", keyReader.token()).status()).isEqualTo(200);
        assertThat(server.http().get("/api/v1/keys/" + owner.keyId(), keyReader.token()).status()).isEqualTo(200);
        assertThat(server.http().delete("/api/v1/keys/" + owner.keyId(), keyReader.token()).status()).isEqualTo(403);
        assertThat(server.http().post("/api/v1/keys/" + owner.keyId() + "/rotate", keyReader.token(), null).status())
                .isEqualTo(403);
    }

    @Test
    void adminAllowsEverything() {
        assertThat(server.http().get("/api/v1/keys", owner.token()).status()).isEqualTo(200);
        assertThat(server.http().post("/api/v1/workspaces", owner.token(), "{\"name\":\"Admin space\"}").status())
                .isEqualTo(201);
    }

    @Test
    void whoAmIAnswersAnyValidKeyWithItsIdentity() {
        Tenant reader = server.newKey(owner, "[\"events:read\"]", null);

        var me = server.http().send("GET", "/api/v1/auth", reader.token(), null,
                java.util.Map.of("x-correlation-id", "partner-trace-001"));

        assertThat(me.status()).isEqualTo(200);
        var json = me.json();
        assertThat(json.path("organization_id").asString()).isEqualTo(owner.organizationId().toString());
        assertThat(json.path("principal_type").asString()).isEqualTo("machine_key");
        assertThat(json.path("access_key").asString()).isEqualTo(reader.accessKey());
        assertThat(json.path("scopes").toString()).isEqualTo("[\"events:read\"]");
        assertThat(json.path("workspaces").isNull()).isTrue();
        assertThat(json.path("correlation_id").asString()).isEqualTo("partner-trace-001");
    }
}
