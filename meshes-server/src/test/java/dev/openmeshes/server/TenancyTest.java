package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One organization can never read or change another's workspaces or keys: the attacker's requests. */
class TenancyTest extends OnBothStores {

    Tenant victim;
    Tenant attacker;
    UUID victimWorkspace;

    @BeforeEach
    void twoOrganizations() {
        victim = server.newTenant("Victim");
        attacker = server.newTenant("Attacker");
        victimWorkspace = server.newWorkspace(victim, "Victim secrets");
    }

    @Test
    void anotherOrganizationsWorkspacesAreInvisible() {
        String path = "/api/v1/workspaces/" + victimWorkspace;

        assertThat(server.http().get(path, attacker.token()).status()).isEqualTo(404);
        assertThat(server.http().get(path + "/publishable-key", attacker.token()).status()).isEqualTo(404);
        assertThat(server.http().get("/api/v1/workspaces", attacker.token()).text()).doesNotContain(victimWorkspace.toString());
    }

    @Test
    void anotherOrganizationsWorkspacesCannotBeChanged() {
        String path = "/api/v1/workspaces/" + victimWorkspace;

        assertThat(server.http().put(path, attacker.token(), "{\"name\":\"Pwned\"}").status()).isEqualTo(404);
        assertThat(server.http().post(path + "/publishable-key/rotate", attacker.token(), "{}").status()).isEqualTo(404);

        var unchanged = server.http().get(path, victim.token()).json();
        assertThat(unchanged.path("name").asString()).isEqualTo("Victim secrets");
    }

    @Test
    void anotherOrganizationsKeysAreInvisibleAndUntouchable() {
        String path = "/api/v1/keys/" + victim.keyId();

        assertThat(server.http().get(path, attacker.token()).status()).isEqualTo(404);
        assertThat(server.http().delete(path, attacker.token()).status()).isEqualTo(404);
        var rotate = server.http().post(path + "/rotate", attacker.token(), "{}");
        assertThat(rotate.status()).isEqualTo(404);
        assertThat(rotate.text()).doesNotContain("secret_key");
        assertThat(server.http().get("/api/v1/keys", attacker.token()).text()).doesNotContain(victim.accessKey());

        assertThat(server.http().get("/api/v1/workspaces", victim.token()).status()).isEqualTo(200);
    }

    @Test
    void aKeyCannotBeLimitedToAnotherOrganizationsWorkspace() {
        var response = server.http().post("/api/v1/keys", attacker.token(),
                "{\"name\":\"sneaky\",\"scopes\":[\"workspaces:read\"],\"workspaces\":[\"" + victimWorkspace + "\"]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("details").get(0).path("field").asString()).isEqualTo("workspaces");
    }

    @Test
    void claimingAnotherOrganizationInTheTokenIsRefused() {
        String forged = attacker.tokens().claim("org", victim.organizationId().toString()).sign();

        assertThat(server.http().get("/api/v1/workspaces/" + victimWorkspace, forged).status()).isEqualTo(401);
    }

    @Test
    void aClientChosenIdTakenElsewhereConflictsWithoutRevealingAnything() {
        var response = server.http().post("/api/v1/workspaces", attacker.token(),
                "{\"id\":\"" + victimWorkspace + "\",\"name\":\"Copycat\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).isEqualTo("id_conflict");
        assertThat(response.text()).doesNotContain("Victim");
    }

    @Test
    void aWorkspaceLimitedKeySeesOnlyItsWorkspaces() {
        UUID other = server.newWorkspace(victim, "Victim other");
        Tenant limited = server.newKey(victim, "[\"workspaces:write\"]", "[\"" + victimWorkspace + "\"]");

        var list = server.http().get("/api/v1/workspaces", limited.token());
        assertThat(list.json().path("count").asInt()).isEqualTo(1);
        assertThat(server.http().get("/api/v1/workspaces/" + other, limited.token()).status()).isEqualTo(404);
        assertThat(server.http().put("/api/v1/workspaces/" + other, limited.token(), "{\"name\":\"Nope\"}").status())
                .isEqualTo(404);
        var create = server.http().post("/api/v1/workspaces", limited.token(), "{\"name\":\"New one\"}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.error()).isEqualTo("workspace_restricted");
    }
}
