package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import tools.jackson.databind.JsonNode;

/**
 * An embedded page's token in an attacker's hands: it never reaches outside its workspace, its
 * resource pair, its role or its scopes, and never the keys or sessions.
 */
class EmbedSecurityTest extends OnBothStores {

    Scenario victim;
    Scenario stranger;
    UUID otherWorkspace;
    UUID connection;
    UUID ruleO1;
    UUID ruleO2;
    UUID eventO1;
    UUID eventO2;
    UUID eventElsewhere;
    UUID strangersEvent;
    EmbedSessions sessions;

    @BeforeParameterizedClassInvocation
    void data() {
        sessions = new EmbedSessions(server);
        victim = new Scenario(server, "Victim");
        stranger = new Scenario(server, "Stranger");
        otherWorkspace = server.newWorkspace(victim.tenant, "Victim other space");
        // A destination nobody listens on: deliveries fail, which does not matter here
        connection = victim.connection("Hook", "{\"url\":\"http://127.0.0.1:9/hook\",\"skip_url_test\":true}");
        ruleO1 = rule(victim.workspace, "o-1");
        ruleO2 = rule(victim.workspace, "o-2");
        eventO1 = emit(victim.workspace, "o-1");
        eventO2 = emit(victim.workspace, "o-2");
        eventElsewhere = emit(otherWorkspace, "o-1");
        strangersEvent = stranger.emitOk("order.paid", "{\"secret\":\"theirs\"}");
    }

    @Test
    void aWorkspaceSessionNeverReachesAnotherWorkspace() {
        String token = token("{\"role\":\"owner\",\"scopes\":[\"events.payload:read\"]}");

        for (String path : List.of("/api/v1/workspaces/" + otherWorkspace, "/api/v1/workspaces/" + otherWorkspace + "/events",
                "/api/v1/workspaces/" + otherWorkspace + "/rules", "/api/v1/events/" + eventElsewhere,
                "/api/v1/events/" + eventElsewhere + "/payload", "/api/v1/events/" + strangersEvent,
                "/api/v1/workspaces/" + stranger.workspace)) {
            Response refused = server.http().get(path, token);
            assertThat(refused.status()).as("GET %s: %s", path, refused).isEqualTo(404);
        }
        assertThat(ids(server.http().get("/api/v1/workspaces", token), "id")).containsExactly(victim.workspace.toString());
        assertThat(ids(server.http().get("/api/v1/events", token), "id")).doesNotContain(eventElsewhere.toString(),
                strangersEvent.toString());
        Response elsewhere = server.http().post("/api/v1/events", token, "{\"workspace\":\"" + otherWorkspace
                + "\",\"event\":\"order.paid\",\"payload\":{}}");
        assertThat(elsewhere.status()).as("a test event into another workspace: %s", elsewhere).isEqualTo(404);
    }

    @Test
    void aResourceSessionNeverReachesAnotherResourcePair() {
        String token = token("{\"role\":\"owner\",\"session_type\":\"resource\",\"resource\":\"order\",\"resource_id\":\"o-1\","
                + "\"scopes\":[\"events.payload:read\"]}");

        for (String path : List.of("/api/v1/events/" + eventO2, "/api/v1/events/" + eventO2 + "/payload",
                "/api/v1/rules/" + ruleO2, "/api/v1/events/" + eventO2 + "/rules/" + ruleO2 + "/attempts")) {
            assertThat(server.http().get(path, token).status()).as("GET %s", path).isEqualTo(404);
        }
        assertThat(server.http().post("/api/v1/events/" + eventO2 + "/rules/" + ruleO2 + "/retry", token, null).status())
                .as("retrying the other pair's delivery").isEqualTo(404);
        assertThat(server.http().delete("/api/v1/rules/" + ruleO2, token).status()).as("deleting the other pair's rule")
                .isEqualTo(404);
        assertThat(server.http().get("/api/v1/events/" + eventO1 + "/payload", token).status()).as("its own pair")
                .isEqualTo(200);
        String events = "/api/v1/workspaces/" + victim.workspace + "/events";
        assertThat(ids(server.http().get(events, token), "id")).containsExactly(eventO1.toString());
        assertThat(ids(server.http().get(events + "?resource_id=o-2", token), "id")).as("asking for the other pair").isEmpty();
        assertThat(ids(server.http().get(events + "?resource=customer", token), "id")).isEmpty();
        assertThat(ids(server.http().get("/api/v1/events", token), "id")).containsExactly(eventO1.toString());
        assertThat(ids(server.http().get("/api/v1/rules?resource_id=o-2", token), "id")).isEmpty();
        assertThat(ids(server.http().get("/api/v1/workspaces/" + victim.workspace + "/rules", token), "id"))
                .containsExactly(ruleO1.toString());
        Response otherPair = server.http().post("/api/v1/events", token,
                "{\"event\":\"order.paid\",\"resource\":\"order\",\"resource_id\":\"o-2\",\"payload\":{}}");
        assertThat(otherPair.status()).as("a test event for the other pair: %s", otherPair).isEqualTo(403);
        Response noPair = server.http().post("/api/v1/events", token, "{\"event\":\"order.paid\",\"payload\":{}}");
        assertThat(noPair.status()).as("a test event without the pair: %s", noPair).isEqualTo(403);
        Response ruleForOther = server.http().post("/api/v1/rules", token, "{\"workspace\":\"" + victim.workspace
                + "\",\"connection\":\"" + connection + "\",\"event\":\"order.paid\",\"resource\":\"order\","
                + "\"resource_id\":\"o-2\",\"metadata\":{\"action\":\"send_webhook\"}}");
        assertThat(ruleForOther.status()).as("a rule for the other pair: %s", ruleForOther).isEqualTo(403);
        Response ownEvent = server.http().post("/api/v1/events", token,
                "{\"event\":\"order.paid\",\"resource\":\"order\",\"resource_id\":\"o-1\",\"payload\":{}}");
        assertThat(ownEvent.status()).as("a test event for its own pair: %s", ownEvent).isEqualTo(201);
    }

    @Test
    void aResourceSessionNeverOpensTheConnectionsOrTheWorkspacesNames() {
        String token = token("{\"role\":\"owner\",\"session_type\":\"resource\",\"resource\":\"order\",\"resource_id\":\"o-1\"}");

        for (String path : List.of("/api/v1/connections", "/api/v1/connections/" + connection,
                "/api/v1/workspaces/" + victim.workspace + "/connections", "/api/v1/connections/" + connection + "/fields",
                "/api/v1/connections/" + connection + "/mappings/default",
                "/api/v1/workspaces/" + victim.workspace + "/resources")) {
            Response refused = server.http().get(path, token);
            assertThat(refused.status()).as("GET %s", path).isEqualTo(403);
            assertThat(refused.error()).isEqualTo("resource_locked");
        }
        assertThat(server.http().delete("/api/v1/connections/" + connection, token).status()).isEqualTo(403);
    }

    @Test
    void thePayloadNeedsTheEventsPayloadReadScope() {
        String without = token("{\"role\":\"owner\"}");
        String with = token("{\"role\":\"owner\",\"scopes\":[\"events.payload:read\"]}");

        Response refused = server.http().get("/api/v1/events/" + eventO1 + "/payload", without);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("insufficient_scope");
        assertThat(refused.json().path("message").asString()).contains("events.payload:read");
        for (String path : List.of("/api/v1/events/" + eventO1, "/api/v1/workspaces/" + victim.workspace + "/events")) {
            Response answer = server.http().get(path, without);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).as("GET %s without the scope", path).doesNotContain("\"payload\"", "secret-o-1");
        }
        Response allowed = server.http().get("/api/v1/events/" + eventO1 + "/payload", with);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().path("payload").path("note").asString()).isEqualTo("secret-o-1");
    }

    @Test
    void aDashboardSessionIsReadOnly() {
        String token = token("{\"role\":\"owner\",\"session_type\":\"dashboard\"}");

        assertThat(server.http().get("/api/v1/workspaces/" + victim.workspace + "/events", token).status()).isEqualTo(200);
        List<Response> writes = List.of(
                server.http().post("/api/v1/events", token, "{\"event\":\"order.paid\",\"payload\":{}}"),
                server.http().delete("/api/v1/rules/" + ruleO1, token),
                server.http().post("/api/v1/events/" + eventO1 + "/cancel", token, null),
                server.http().put("/api/v1/connections/" + connection, token, "{\"name\":\"x\",\"metadata\":{}}"));
        assertThat(writes).allSatisfy(w -> {
            assertThat(w.status()).as("%s", w).isEqualTo(403);
            assertThat(w.error()).isEqualTo("read_only_session");
        });
    }

    @Test
    void aMemberSendsTestEventsButChangesNothingElse() {
        String member = token("{}");

        Response testEvent = server.http().post("/api/v1/events", member, "{\"event\":\"order.test\",\"payload\":{}}");
        assertThat(testEvent.status()).as("%s", testEvent).isEqualTo(201);
        assertThat(testEvent.json().path("event").path("workspace").asString()).isEqualTo(victim.workspace.toString());
        List<Response> writes = List.of(
                server.http().delete("/api/v1/rules/" + ruleO1, member),
                server.http().post("/api/v1/events/" + eventO1 + "/rules/" + ruleO1 + "/retry", member, null),
                server.http().post("/api/v1/rules", member, "{\"workspace\":\"" + victim.workspace + "\",\"connection\":\""
                        + connection + "\",\"event\":\"x\",\"metadata\":{\"action\":\"send_webhook\"}}"),
                server.http().post("/api/v1/events/bulk", member, "[{\"event\":\"order.test\",\"payload\":{}}]"));
        assertThat(writes).allSatisfy(w -> assertThat(w.status()).as("%s", w).isEqualTo(403));
        assertThat(server.http().get("/api/v1/rules/" + ruleO1, victim.tenant.token()).status()).as("the rule").isEqualTo(200);

        String admin = token("{\"role\":\"admin\"}");
        UUID disposable = rule(victim.workspace, "o-9");
        assertThat(server.http().delete("/api/v1/rules/" + disposable, admin).status()).as("an admin's delete").isEqualTo(200);
    }

    @Test
    void anEmbedTokenNeverReachesKeysSessionsOrTheWorkspacesSettings() {
        String token = token("{\"role\":\"owner\"}");
        String w = "/api/v1/workspaces/" + victim.workspace;

        List<Response> refused = List.of(
                server.http().get("/api/v1/keys", token),
                server.http().post("/api/v1/keys", token, "{\"name\":\"mine\",\"scopes\":[\"admin\"]}"),
                server.http().get("/api/v1/sessions?workspace_id=" + victim.workspace, token),
                server.http().post("/api/v1/sessions", token, "{\"workspace_id\":\"" + victim.workspace + "\",\"role\":\"owner\"}"),
                server.http().delete("/api/v1/sessions/" + UUID.randomUUID(), token),
                server.http().get(w + "/publishable-key", token),
                server.http().post(w + "/publishable-key/rotate", token, null),
                server.http().put(w, token, "{\"name\":\"Taken over\"}"),
                server.http().post("/api/v1/workspaces", token, "{\"name\":\"Mine now\"}"));
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).as("%s", r).isEqualTo(403);
            assertThat(r.error()).isEqualTo("embed_forbidden");
        });
    }

    @Test
    void onlyAnOwnerOrAdminOfAWholeWorkspaceSessionStartsOAuthAndOnlyInItsOwnWorkspace() {
        String start = "/api/v1/connections/oauth/hubspot/start?popup=true&workspace=";
        Map<String, String> refusedAs = new LinkedHashMap<>();
        refusedAs.put("{\"role\":\"member\"}", "insufficient_role");
        refusedAs.put("{\"role\":\"owner\",\"session_type\":\"dashboard\"}", "read_only_session");
        refusedAs.put("{\"role\":\"owner\",\"session_type\":\"resource\",\"resource\":\"order\",\"resource_id\":\"o-1\"}",
                "resource_locked");
        refusedAs.forEach((session, code) -> {
            Response refused = server.http().get(start + victim.workspace, token(session));
            assertThat(refused.status()).as("%s starting OAuth: %s", session, refused).isEqualTo(403);
            assertThat(refused.error()).as("%s", session).isEqualTo(code);
        });

        String admin = token("{\"role\":\"admin\"}");
        for (UUID elsewhere : List.of(otherWorkspace, stranger.workspace)) {
            Response refused = server.http().get(start + elsewhere, admin);
            assertThat(refused.status()).as("an admin session starting OAuth in workspace %s: %s", elsewhere, refused)
                    .isEqualTo(404);
        }
        Response reauthorizeTheirs = server.http().get("/api/v1/connections/oauth/hubspot/start?popup=true&connection="
                + stranger.connection("Theirs", "{\"url\":\"http://127.0.0.1:9/t\",\"skip_url_test\":true}"), admin);
        assertThat(reauthorizeTheirs.status()).as("re-authorizing another organization's connection: %s", reauthorizeTheirs)
                .isEqualTo(404);

        Response own = server.http().get(start + victim.workspace, admin);
        assertThat(own.error()).as("in its own workspace the policy lets it through to the flow (this server has no "
                + "HubSpot app): %s", own).isEqualTo("oauth_not_configured");
    }

    @Test
    void aForgedOrTamperedTokenIsTheSame401() {
        JsonNode mine = sessions.create(victim.tenant, "{\"workspace_id\":\"" + victim.workspace + "\"}");
        JsonNode other = sessions.create(victim.tenant, "{\"workspace_id\":\"" + victim.workspace + "\"}");
        String token = mine.path("access_token").asString();
        String secret = token.substring("mesh_sess_".length() + 33); // after the session id and its "_"
        String otherId = other.path("session_id").asString().replace("-", "");

        List<String> forged = new ArrayList<>(List.of(
                token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"),
                "mesh_sess_" + otherId + "_" + secret,
                "mesh_sess_" + "0".repeat(32) + "_" + secret,
                "mesh_sess_garbage",
                mine.path("launch_token").asString()));
        for (String attempt : forged) {
            Response refused = server.http().get("/api/v1/auth", attempt);
            assertThat(refused.status()).as("token %s", attempt).isEqualTo(401);
            assertThat(refused.error()).isEqualTo("invalid_token");
        }
        assertThat(server.http().send("GET", "/api/v1/events", null, null, Map.of("X-Meshes-Publishable-Key", token))
                .status()).as("the token as a publishable key").isEqualTo(401);
    }

    private String token(String fields) {
        String body = "{\"workspace_id\":\"" + victim.workspace + "\"" + (fields.equals("{}") ? "" : "," + fields.substring(1));
        return sessions.create(victim.tenant, body.endsWith("}") ? body : body + "}").path("access_token").asString();
    }

    private UUID rule(UUID workspace, String resourceId) {
        Response created = server.http().post("/api/v1/rules", victim.tenant.token(), "{\"workspace\":\"" + workspace
                + "\",\"connection\":\"" + connection + "\",\"event\":\"order.paid\",\"resource\":\"order\",\"resource_id\":\""
                + resourceId + "\",\"metadata\":{\"action\":\"send_webhook\"}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return UUID.fromString(created.json().path("rule").path("id").asString());
    }

    private UUID emit(UUID workspace, String resourceId) {
        Response created = server.http().post("/api/v1/events", victim.tenant.token(), "{\"workspace\":\"" + workspace
                + "\",\"event\":\"order.paid\",\"resource\":\"order\",\"resource_id\":\"" + resourceId
                + "\",\"payload\":{\"note\":\"secret-" + resourceId + "\"}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return UUID.fromString(created.json().path("event").path("id").asString());
    }

    private static List<String> ids(Response list, String field) {
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().path("records").forEach(r -> ids.add(r.path(field).asString()));
        return ids;
    }
}
