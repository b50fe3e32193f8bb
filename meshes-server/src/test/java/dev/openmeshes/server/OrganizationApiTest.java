package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.model.Organization;
import dev.openmeshes.server.support.Browser;
import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer.Tenant;
import dev.openmeshes.server.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/organizations}: a platform admin creates, lists, renames, suspends, resumes and deletes organizations. */
class OrganizationApiTest extends OnBothStores {

    static final String PASSWORD = "correct horse battery";

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Tenant admin;
    Receiver receiver;

    @BeforeEach
    void anOperator() {
        admin = server.platformAdmin();
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void createsAnOrganizationWithAChosenIdAndItsOwnerKeyShownOnce() {
        UUID id = UUID.randomUUID();
        var created = server.http().post("/api/v1/organizations", admin.token(), "{\"name\":\"Acme\",\"id\":\"" + id + "\"}");

        assertThat(created.status()).as("create: %s", created).isEqualTo(201);
        JsonNode organization = created.json().path("organization");
        assertThat(organization.path("id").asString()).isEqualTo(id.toString());
        assertThat(organization.path("name").asString()).isEqualTo("Acme");
        assertThat(organization.path("status").asString()).isEqualTo("active");
        JsonNode owner = created.json().path("owner_key");
        assertThat(owner.path("scopes").toString()).isEqualTo("[\"admin\"]");
        String token = Tokens.of(owner.path("access_key").asString(), owner.path("secret_key").asString(), id.toString()).sign();
        assertThat(server.http().get("/api/v1/auth", token).json().path("organization_id").asString())
                .as("the owner key works in the new organization").isEqualTo(id.toString());

        var again = server.http().post("/api/v1/organizations", admin.token(), "{\"name\":\"Copy\",\"id\":\"" + id + "\"}");
        assertThat(again.status()).as("the same id again: %s", again).isEqualTo(409);
        assertThat(again.error()).isEqualTo("id_conflict");
        var operators = server.http().post("/api/v1/organizations", admin.token(),
                "{\"name\":\"Copy\",\"id\":\"" + Organization.OPERATORS + "\"}");
        assertThat(operators.status()).as("the operators' id: %s", operators).isEqualTo(409);
        assertThat(server.http().get("/api/v1/organizations/" + id, admin.token()).text())
                .as("the secret is shown only at creation").doesNotContain(owner.path("secret_key").asString());
    }

    @Test
    void aNameOutsideTheRulesIsRefusedNamingTheField() {
        var response = server.http().post("/api/v1/organizations", admin.token(), "{\"name\":\"<script>\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("details").get(0).path("field").asString()).isEqualTo("name");
    }

    @Test
    void listsOrganizationsAPageAtATimeWithoutTheOperators() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(server.http().post("/api/v1/organizations", admin.token(), "{\"name\":\"Paged " + i + "\"}").json()
                    .path("organization").path("id").asString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = server.http().get("/api/v1/organizations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    admin.token()).json();
            assertThat(page.path("records").size()).isLessThanOrEqualTo(2);
            page.path("records").forEach(r -> seen.add(r.path("id").asString()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString();
        } while (cursor != null);

        assertThat(seen).as("every organization once, in creation order").containsSubsequence(made).doesNotHaveDuplicates();
        assertThat(seen).doesNotContain(Organization.OPERATORS.toString());
    }

    @Test
    void renamesAnOrganization() {
        Tenant tenant = server.newTenant("Old name");
        String path = "/api/v1/organizations/" + tenant.organizationId();

        var renamed = server.http().put(path, admin.token(), "{\"name\":\"New name\"}");

        assertThat(renamed.status()).as("rename: %s", renamed).isEqualTo(200);
        assertThat(server.http().get(path, admin.token()).json().path("organization").path("name").asString())
                .isEqualTo("New name");
        assertThat(server.http().get("/api/v1/organizations/" + UUID.randomUUID(), admin.token()).status()).isEqualTo(404);
    }

    @Test
    void aSuspendedOrganizationsEveryCredentialIsRefusedUntilItIsResumed() {
        var scenario = new Scenario(server, "Suspended");
        var embed = new EmbedSessions(server);
        String session = embed.create(scenario.tenant, "{\"workspace_id\":\"" + scenario.workspace + "\"}")
                .path("access_token").asString();
        String launch = EmbedSessions.launchPath(embed.create(scenario.tenant,
                "{\"workspace_id\":\"" + scenario.workspace + "\"}"));
        Person person = signedInOwner(scenario.tenant.organizationId());
        Map<String, String> idempotent = Map.of("Idempotency-Key", "suspension-" + UUID.randomUUID());
        String newWorkspace = "{\"name\":\"Made before\"}";
        assertThat(server.http().send("POST", "/api/v1/workspaces", scenario.tenant.token(), newWorkspace, idempotent)
                .status()).isEqualTo(201);

        suspend(scenario.tenant.organizationId());

        Map<String, Response> refused = Map.of(
                "machine key", server.http().get("/api/v1/workspaces", scenario.tenant.token()),
                "idempotent replay", server.http().send("POST", "/api/v1/workspaces", scenario.tenant.token(),
                        newWorkspace, idempotent),
                "publishable key", scenario.emit("signup", "{\"email\":\"a@example.com\"}"),
                "embed session", server.http().get("/api/v1/events", session),
                "person's cookie session", person.get("/api/v1/workspaces"),
                "person signing in anew", new Browser(server.http()).login(person.email(), PASSWORD),
                "machine key at /mcp", server.http().send("POST", "/mcp", scenario.tenant.token(), MCP_INITIALIZE,
                        Map.of("Accept", "application/json, text/event-stream")));
        refused.forEach((credential, response) -> {
            assertThat(response.status()).as("%s while suspended: %s", credential, response).isEqualTo(403);
            assertThat(response.error()).as(credential).isEqualTo("organization_suspended");
        });
        assertThat(server.http().get(launch, null).status()).as("the embed launch page while suspended").isEqualTo(403);

        resume(scenario.tenant.organizationId());

        assertThat(server.http().get("/api/v1/workspaces", scenario.tenant.token()).status()).isEqualTo(200);
        assertThat(scenario.emit("signup", "{\"email\":\"a@example.com\"}").status()).isEqualTo(201);
        assertThat(server.http().get("/api/v1/events", session).status()).isEqualTo(200);
        assertThat(person.get("/api/v1/workspaces").status()).isEqualTo(200);
    }

    @Test
    void aSuspendedOrganizationsDeliveriesAreHeldThenDeliveredOnceResumed() {
        var scenario = new Scenario(server, "Held");
        scenario.webhookFor("signup", receiver.url());
        suspend(scenario.tenant.organizationId());

        // The platform admin may still act inside it: here, to leave an event that must wait.
        String inside = admin.tokens().claim("org", scenario.tenant.organizationId().toString()).sign();
        var accepted = server.http().post("/api/v1/events", inside, "{\"event\":\"signup\",\"workspace\":\""
                + scenario.workspace + "\",\"payload\":{\"email\":\"held@example.com\"}}");
        assertThat(accepted.status()).as("ingest by the platform admin: %s", accepted).isEqualTo(201);
        UUID event = UUID.fromString(accepted.json().path("event").path("id").asString());

        JsonNode held = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> server.http().get("/api/v1/events/" + event, inside).json().path("rule_events").get(0),
                ruleEvent -> ruleEvent.path("held").asBoolean());
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(held.path("status").asString()).as("held, not failed: %s", held).isEqualTo("pending");
        assertThat(held.path("attempt_count").asInt()).as("no attempt while suspended").isZero();
        assertThat(receiver.requests()).as("nothing delivered while suspended").isEmpty();

        resume(scenario.tenant.organizationId());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> scenario.event(event).path("status").asString().equals("completed"));
    }

    @Test
    void aDeletedOrganizationsDataIsGoneFromEveryTableAndItsIdIsNeverReused() {
        var doomed = new Scenario(server, "Doomed");
        var bystander = new Scenario(server, "Bystander");
        for (Scenario s : List.of(doomed, bystander)) {
            s.webhookFor("signup", receiver.url());
            s.emitOk("signup", "{\"email\":\"gone@example.com\"}");
            new EmbedSessions(server).create(s.tenant, "{\"workspace_id\":\"" + s.workspace + "\"}");
            server.newKey(s.tenant, "[\"events:read\"]", null);
            server.http().send("POST", "/api/v1/workspaces", s.tenant.token(), "{\"name\":\"Idempotent\"}",
                    Map.of("Idempotency-Key", "k-" + UUID.randomUUID()));
        }
        Person person = signedInOwner(doomed.tenant.organizationId());
        person.browser().post("/api/v1/members", "{\"email\":\"invited@example.com\",\"role\":\"member\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> rows(doomed.tenant.organizationId()).get("attempts") == 1);
        Map<String, Long> bystanderBefore = rows(bystander.tenant.organizationId());
        assertThat(rows(doomed.tenant.organizationId())).as("the organization has data to purge")
                .containsEntry("events", 1L).containsEntry("deliveries", 1L).containsEntry("embed_sessions", 1L)
                .containsEntry("machine_keys", 2L).containsEntry("memberships", 1L).containsEntry("invitations", 1L)
                .containsEntry("idempotency_keys", 1L);

        String path = "/api/v1/organizations/" + doomed.tenant.organizationId();
        var deleting = server.http().delete(path, admin.token());
        assertThat(deleting.status()).as("delete: %s", deleting).isEqualTo(202);
        assertThat(deleting.json().path("organization").path("status").asString()).isIn("deleting", "deleted");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                server.http().get(path, admin.token()).json().path("organization").path("status").asString().equals("deleted"));
        assertThat(rows(doomed.tenant.organizationId())).as("every table, on " + kind).allSatisfy((table, count) ->
                assertThat(count).as("%s rows left", table).isZero());
        assertThat(rows(bystander.tenant.organizationId())).as("another organization's rows").isEqualTo(bystanderBefore);
        assertThat(server.http().get(path, admin.token()).json().path("organization").path("name").isNull())
                .as("the tombstone keeps no name").isTrue();

        assertThat(server.http().get("/api/v1/workspaces", doomed.tenant.token()).status()).isEqualTo(401);
        assertThat(person.get("/api/v1/workspaces").status()).as("the person's session").isEqualTo(401);
        assertThat(new Browser(server.http()).login(person.email(), PASSWORD).status())
                .as("a person of no other organization is gone").isEqualTo(401);
        var reused = server.http().post("/api/v1/organizations", admin.token(),
                "{\"name\":\"Reborn\",\"id\":\"" + doomed.tenant.organizationId() + "\"}");
        assertThat(reused.status()).as("the id again: %s", reused).isEqualTo(409);
        assertThat(server.http().get("/api/v1/organizations", admin.token()).text())
                .doesNotContain(doomed.tenant.organizationId().toString());
        assertThat(server.http().get("/api/v1/workspaces", bystander.tenant.token()).status()).isEqualTo(200);
    }

    private Map<String, Long> rows(UUID organizationId) {
        return server.meshes().store().organizations().rowCounts(organizationId);
    }

    private static final String MCP_INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";

    private void suspend(UUID organizationId) {
        var suspended = server.http().post("/api/v1/organizations/" + organizationId + "/suspend", admin.token(), "{}");
        assertThat(suspended.status()).as("suspend: %s", suspended).isEqualTo(200);
        assertThat(suspended.json().path("organization").path("status").asString()).isEqualTo("suspended");
    }

    private void resume(UUID organizationId) {
        var resumed = server.http().post("/api/v1/organizations/" + organizationId + "/resume", admin.token(), "{}");
        assertThat(resumed.status()).as("resume: %s", resumed).isEqualTo(200);
        assertThat(resumed.json().path("organization").path("status").asString()).isEqualTo("active");
    }

    /** A person signed in through a browser, whose requests carry the session cookie. */
    record Person(Browser browser, String email) {
        Response get(String path) {
            return browser.get(path);
        }
    }

    /** A person who owns the organization, signed in. */
    private Person signedInOwner(UUID organizationId) {
        String email = "owner-" + UUID.randomUUID() + "@example.com";
        server.meshes().people().addOwner(organizationId, email, PASSWORD);
        var browser = new Browser(server.http());
        assertThat(browser.login(email, PASSWORD).status()).isEqualTo(200);
        return new Person(browser, email);
    }
}
