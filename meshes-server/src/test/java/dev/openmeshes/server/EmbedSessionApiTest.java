package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/sessions} as the reference (§4.6, §5.10) and the MCP server's session tools use it. */
class EmbedSessionApiTest extends OnBothStores {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Tenant owner;
    UUID workspace;
    EmbedSessions sessions;

    @BeforeParameterizedClassInvocation
    void tenant() {
        owner = server.newTenant("Embed Co");
        workspace = server.newWorkspace(owner, "Embed space");
        sessions = new EmbedSessions(server);
    }

    @Test
    void creatingASessionAppliesTheReferenceDefaultsAndAnswers200WithItsTokensAndLaunchUrl() {
        Instant before = Instant.now();
        Response created = server.http().post("/api/v1/sessions", owner.token(), "{\"workspace_id\":\"" + workspace + "\"}");

        assertThat(created.status()).as("%s", created).isEqualTo(200);
        JsonNode s = created.json();
        assertThat(s.path("session_id").asString()).matches("[0-9a-f-]{36}");
        assertThat(s.path("access_token").asString()).startsWith("mesh_sess_");
        assertThat(s.path("expires_in").asInt()).as("default ttl_seconds").isEqualTo(1800);
        assertThat(Instant.parse(s.path("expires_at").asString())).isBetween(before.plusSeconds(1799), Instant.now().plusSeconds(1801));
        assertThat(s.path("launch_token").asString()).startsWith("mesh_launch_");
        assertThat(Instant.parse(s.path("launch_expires_at").asString()))
                .as("default launch_ttl_seconds").isBetween(before.plusSeconds(29), Instant.now().plusSeconds(31));
        assertThat(s.path("launch_url").asString()).isEqualTo("http://localhost:" + server.port() + "/embed/launch?token="
                + s.path("launch_token").asString());
        assertThat(s.path("workspace_id").asString()).isEqualTo(workspace.toString());
        assertThat(s.path("role").asString()).as("default role").isEqualTo("member");
        assertThat(s.path("session_type").asString()).as("default session_type").isEqualTo("workspace");
        assertThat(s.has("resource")).as("resource of a workspace session").isFalse();
        JsonNode listed = list("workspace_id=" + workspace).path("records");
        JsonNode record = find(listed, s.path("session_id").asString());
        assertThat(record.path("launch_page").asString()).as("default launch_page").isEqualTo("dashboard");
        assertThat(record.path("status").asString()).isEqualTo("active");
        assertThat(record.path("is_expired").asBoolean(true)).isFalse();
    }

    @Test
    void aResourceSessionAnswersItsPair() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\",\"session_type\":\"resource\","
                + "\"resource\":\"order\",\"resource_id\":\"o-1\",\"role\":\"admin\",\"launch_page\":\"events\","
                + "\"ttl_seconds\":300,\"launch_ttl_seconds\":60,\"external_user_id\":\"user-7\"}");

        assertThat(s.path("session_type").asString()).isEqualTo("resource");
        assertThat(s.path("resource").asString()).isEqualTo("order");
        assertThat(s.path("resource_id").asString()).isEqualTo("o-1");
        assertThat(s.path("role").asString()).isEqualTo("admin");
        assertThat(s.path("expires_in").asInt()).isEqualTo(300);
    }

    @Test
    void anUnknownSessionTypeIsThe400OfTheReference() {
        Response refused = server.http().post("/api/v1/sessions", owner.token(),
                "{\"workspace_id\":\"" + workspace + "\",\"session_type\":\"admin_panel\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("message").asString()).isEqualTo("invalid session_type");
        assertThat(refused.json().path("details").get(0).path("field").asString()).isEqualTo("session_type");
    }

    @Test
    void everyRuleOfTheReferenceRefusesWhatBreaksItNamingTheField() {
        String w = "\"workspace_id\":\"" + workspace + "\"";
        String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, "\"https://a.example\"")) + "]";
        String twentyOne = "[" + String.join(",", java.util.Collections.nCopies(21, "\"events.payload:read\"")) + "]";
        List<String[]> cases = List.of(
                new String[] {"{}", "workspace_id"},
                new String[] {"{\"workspace_id\":\"not-a-uuid\"}", "workspace_id"},
                new String[] {"{" + w + ",\"role\":\"root\"}", "role"},
                new String[] {"{" + w + ",\"ttl_seconds\":299}", "ttl_seconds"},
                new String[] {"{" + w + ",\"ttl_seconds\":3601}", "ttl_seconds"},
                new String[] {"{" + w + ",\"ttl_seconds\":\"1800\"}", "ttl_seconds"},
                new String[] {"{" + w + ",\"launch_ttl_seconds\":14}", "launch_ttl_seconds"},
                new String[] {"{" + w + ",\"launch_ttl_seconds\":61}", "launch_ttl_seconds"},
                new String[] {"{" + w + ",\"launch_page\":\"members\"}", "launch_page"},
                new String[] {"{" + w + ",\"external_user_id\":\"" + "u".repeat(256) + "\"}", "external_user_id"},
                new String[] {"{" + w + ",\"session_type\":\"resource\",\"resource_id\":\"o-1\"}", "resource"},
                new String[] {"{" + w + ",\"session_type\":\"resource\",\"resource\":\"order\"}", "resource_id"},
                new String[] {"{" + w + ",\"session_type\":\"resource\",\"resource\":\"\",\"resource_id\":\"o-1\"}", "resource"},
                new String[] {"{" + w + ",\"session_type\":\"resource\",\"resource\":\"order\",\"resource_id\":\"o-1\","
                        + "\"launch_page\":\"connections\"}", "launch_page"},
                new String[] {"{" + w + ",\"session_type\":\"dashboard\",\"launch_page\":\"events\"}", "launch_page"},
                new String[] {"{" + w + ",\"resource\":\"order\",\"resource_id\":\"o-1\"}", "resource"},
                new String[] {"{" + w + ",\"allowed_origins\":" + eleven + "}", "allowed_origins"},
                new String[] {"{" + w + ",\"allowed_origins\":[\"https://app.example.com/embed\"]}", "allowed_origins[0]"},
                new String[] {"{" + w + ",\"allowed_origins\":[\"*\"]}", "allowed_origins[0]"},
                new String[] {"{" + w + ",\"allowed_origins\":[\"https://*.example.com\"]}", "allowed_origins[0]"},
                new String[] {"{" + w + ",\"allowed_origins\":[\"javascript:alert(1)\"]}", "allowed_origins[0]"},
                new String[] {"{" + w + ",\"allowed_origins\":[\"https://a.example; script-src *\"]}", "allowed_origins[0]"},
                new String[] {"{" + w + ",\"allowed_origins\":[\"https://user:pw@a.example\"]}", "allowed_origins[0]"},
                new String[] {"{" + w + ",\"allowed_origins\":[\"ftp://a.example\"]}", "allowed_origins[0]"},
                new String[] {"{" + w + ",\"scopes\":[\"admin\"]}", "scopes[0]"},
                new String[] {"{" + w + ",\"scopes\":" + twentyOne + "}", "scopes"},
                new String[] {"{" + w + ",\"allowed_origins\":\"https://a.example\"}", "allowed_origins"});
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            Response refused = server.http().post("/api/v1/sessions", owner.token(), c[0]);
            String fields = refused.status() == 400 ? refused.json().path("details").toString() : "";
            if (refused.status() != 400 || !fields.contains("\"field\":\"" + c[1] + "\"")) {
                wrong.add(c[0].substring(0, Math.min(120, c[0].length())) + " -> " + refused);
            }
        }
        assertThat(wrong).as("requests not refused with 400 naming their field").isEmpty();
    }

    @Test
    void originsAreKeptAsBrowsersSendThem() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\",\"allowed_origins\":"
                + "[\"HTTPS://App.Example.com:443/\",\"http://localhost:3000\",\"https://app.example.com\"]}");

        Response page = server.http().get(EmbedSessions.launchPath(s), null);
        assertThat(page.header("Content-Security-Policy")).endsWith("frame-ancestors https://app.example.com http://localhost:3000");
    }

    @Test
    void aWorkspaceOutsideTheKeysReachIsNotFound() {
        Tenant stranger = server.newTenant("Stranger Co");
        Tenant limited = server.newKey(owner, "[\"admin\"]", "[\"" + server.newWorkspace(owner, "Elsewhere") + "\"]");

        for (Tenant caller : List.of(stranger, limited)) {
            Response refused = server.http().post("/api/v1/sessions", caller.token(), "{\"workspace_id\":\"" + workspace + "\"}");
            assertThat(refused.status()).as("%s", refused).isEqualTo(404);
        }
        assertThat(server.http().post("/api/v1/sessions", owner.token(), "{\"workspace_id\":\"" + UUID.randomUUID() + "\"}")
                .status()).as("an unknown workspace").isEqualTo(404);
    }

    @Test
    void aKeyCannotMintASessionWiderThanItself() {
        Tenant narrow = server.newKey(owner, "[\"workspaces:write\",\"events:read\",\"rules:read\",\"connections:read\"]", null);

        Response adminSession = server.http().post("/api/v1/sessions", narrow.token(),
                "{\"workspace_id\":\"" + workspace + "\",\"role\":\"admin\"}");
        assertThat(adminSession.status()).as("%s", adminSession).isEqualTo(403);
        assertThat(adminSession.error()).isEqualTo("scope_not_grantable");
        assertThat(server.http().post("/api/v1/sessions", narrow.token(), "{\"workspace_id\":\"" + workspace
                + "\",\"session_type\":\"dashboard\",\"scopes\":[\"events.payload:read\"]}").status())
                .as("a read-only session within its scopes").isEqualTo(200);
        Tenant reader = server.newKey(owner, "[\"workspaces:read\"]", null);
        assertThat(server.http().post("/api/v1/sessions", reader.token(), "{\"workspace_id\":\"" + workspace + "\"}")
                .status()).as("creating with workspaces:read only").isEqualTo(403);
    }

    @Test
    void theListFiltersAndPagesAWorkspacesSessionsWithoutShowingTokens() {
        UUID space = server.newWorkspace(owner, "Listed space");
        String w = "\"workspace_id\":\"" + space + "\"";
        String first = sessions.create(owner, "{" + w + ",\"external_user_id\":\"u-1\"}").path("session_id").asString();
        String second = sessions.create(owner, "{" + w + ",\"session_type\":\"resource\",\"resource\":\"order\","
                + "\"resource_id\":\"o-1\"}").path("session_id").asString();
        String third = sessions.create(owner, "{" + w + ",\"session_type\":\"resource\",\"resource\":\"order\","
                + "\"resource_id\":\"o-2\"}").path("session_id").asString();
        assertThat(server.http().delete("/api/v1/sessions/" + third, owner.token()).status()).isEqualTo(200);

        JsonNode page1 = list("workspace_id=" + space + "&limit=2");
        assertThat(page1.path("count").asInt()).isEqualTo(2);
        assertThat(page1.path("limit").asInt()).isEqualTo(2);
        assertThat(ids(page1)).containsExactly(first, second);
        String cursor = page1.path("next_cursor").asString();
        assertThat(cursor).as("the MCP tool's cursor pattern").matches("^[A-Za-z0-9_-]+$");
        JsonNode page2 = list("workspace_id=" + space + "&limit=2&cursor=" + cursor);
        assertThat(ids(page2)).containsExactly(third);
        assertThat(page2.path("next_cursor").isNull()).isTrue();
        assertThat(ids(list("workspace_id=" + space + "&status=revoked"))).containsExactly(third);
        assertThat(ids(list("workspace_id=" + space + "&status=active"))).containsExactly(first, second);
        assertThat(ids(list("workspace_id=" + space + "&resource=order"))).containsExactly(second, third);
        assertThat(ids(list("workspace_id=" + space + "&resource=order&resource_id=o-1"))).containsExactly(second);

        JsonNode record = find(list("workspace_id=" + space).path("records"), first);
        assertThat(record.path("external_user_id").asString()).isEqualTo("u-1");
        assertThat(record.path("role").asString()).isEqualTo("member");
        assertThat(record.path("created_at").asString()).isNotEmpty();
        Response all = server.http().get("/api/v1/sessions?workspace_id=" + space, owner.token());
        assertThat(all.text()).as("a listing").doesNotContain("mesh_sess_", "mesh_launch_", "token");
    }

    @Test
    void theListNeedsAWorkspaceAndKnownFilters() {
        assertThat(server.http().get("/api/v1/sessions", owner.token()).status()).as("without workspace_id").isEqualTo(400);
        assertThat(server.http().get("/api/v1/sessions?workspace_id=nope", owner.token()).status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/sessions?workspace_id=" + workspace + "&status=expired", owner.token())
                .status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/sessions?workspace_id=" + workspace + "&limit=201", owner.token())
                .status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/sessions?workspace_id=" + workspace + "&cursor=%21%21", owner.token())
                .status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/sessions?workspace_id=" + UUID.randomUUID(), owner.token()).status())
                .as("an unknown workspace").isEqualTo(404);
    }

    @Test
    void aRefreshKeepsTheSessionAndStopsThePreviousTokenAtOnce() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\",\"ttl_seconds\":600}");
        String id = s.path("session_id").asString();
        String before = s.path("access_token").asString();
        assertThat(server.http().get("/api/v1/auth", before).status()).isEqualTo(200);

        Response refreshed = server.http().post("/api/v1/sessions/" + id + "/refresh", owner.token(), null);

        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        JsonNode r = refreshed.json();
        assertThat(r.path("session_id").asString()).isEqualTo(id);
        String after = r.path("access_token").asString();
        assertThat(after).startsWith("mesh_sess_").isNotEqualTo(before);
        assertThat(r.path("expires_in").asInt()).isEqualTo(600);
        assertThat(r.has("launch_token") || r.has("launch_url")).as("launch fields on a refresh").isFalse();
        assertThat(server.http().get("/api/v1/auth", before).status()).as("the previous token").isEqualTo(401);
        Response me = server.http().get("/api/v1/auth", after);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("principal_type").asString()).isEqualTo("embed_session");
        assertThat(me.json().path("key_id").asString()).isEqualTo(id);
        assertThat(ids(list("workspace_id=" + workspace))).as("no new session record").containsOnlyOnce(id);
    }

    @Test
    void aRevokedSessionIsRefusedAtOnceAndCannotBeRefreshed() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\"}");
        String id = s.path("session_id").asString();
        String token = s.path("access_token").asString();
        assertThat(server.http().get("/api/v1/workspaces/" + workspace + "/events", token).status()).isEqualTo(200);

        Response revoked = server.http().delete("/api/v1/sessions/" + id, owner.token());

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revoked").asBoolean()).isTrue();
        Response refused = server.http().get("/api/v1/workspaces/" + workspace + "/events", token);
        assertThat(refused.status()).as("the token right after its revocation").isEqualTo(401);
        assertThat(refused.error()).isEqualTo("invalid_token");
        Response refresh = server.http().post("/api/v1/sessions/" + id + "/refresh", owner.token(), null);
        assertThat(refresh.status()).isEqualTo(409);
        assertThat(refresh.error()).isEqualTo("session_revoked");
        assertThat(server.http().delete("/api/v1/sessions/" + id, owner.token()).json().path("revoked").asBoolean())
                .as("revoking again").isTrue();
        assertThat(find(list("workspace_id=" + workspace + "&status=revoked").path("records"), id).path("status").asString())
                .isEqualTo("revoked");
    }

    @Test
    void anExpiredSessionIsRefusedAndCannotBeRefreshed() {
        JsonNode s = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\"}");
        String id = s.path("session_id").asString();

        sessions.expire(id);

        assertThat(server.http().get("/api/v1/auth", s.path("access_token").asString()).status()).isEqualTo(401);
        Response refresh = server.http().post("/api/v1/sessions/" + id + "/refresh", owner.token(), null);
        assertThat(refresh.status()).isEqualTo(409);
        assertThat(refresh.error()).isEqualTo("session_expired");
        assertThat(find(list("workspace_id=" + workspace).path("records"), id).path("is_expired").asBoolean()).isTrue();
    }

    @Test
    void unknownSessionsAndOtherOrganizationsSessionsAreNotFound() {
        String id = sessions.create(owner, "{\"workspace_id\":\"" + workspace + "\"}").path("session_id").asString();
        Tenant stranger = server.newTenant("Other Embed Co");

        for (String path : List.of("/api/v1/sessions/sess_123", "/api/v1/sessions/" + UUID.randomUUID())) {
            assertThat(server.http().delete(path, owner.token()).status()).as("DELETE %s", path).isEqualTo(404);
            assertThat(server.http().post(path + "/refresh", owner.token(), null).status()).as("refresh %s", path)
                    .isEqualTo(404);
        }
        assertThat(server.http().delete("/api/v1/sessions/" + id, stranger.token()).status()).isEqualTo(404);
        assertThat(server.http().post("/api/v1/sessions/" + id + "/refresh", stranger.token(), null).status()).isEqualTo(404);
        assertThat(server.http().get("/api/v1/sessions?workspace_id=" + workspace, stranger.token()).status()).isEqualTo(404);
    }

    private JsonNode list(String query) {
        Response listed = server.http().get("/api/v1/sessions?" + query, owner.token());
        assertThat(listed.status()).as("%s", listed).isEqualTo(200);
        return listed.json();
    }

    private static List<String> ids(JsonNode envelope) {
        List<String> ids = new ArrayList<>();
        envelope.path("records").forEach(r -> ids.add(r.path("session_id").asString()));
        return ids;
    }

    private static JsonNode find(JsonNode records, String id) {
        for (JsonNode r : records) {
            if (r.path("session_id").asString().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("session " + id + " not listed in " + records);
    }
}
