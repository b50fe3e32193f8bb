package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A workspace's event types and resources: the names its events carried and its rules use, as bare CatalogEntry arrays. */
class WorkspaceCatalogTest extends OnBothStores {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Scenario shop;
    String eventTypes;
    String resources;

    @BeforeEach
    void aWorkspaceWithTrafficAndRules() {
        shop = new Scenario(server, "Catalog shop " + UUID.randomUUID().toString().substring(0, 8));
        eventTypes = "/api/v1/workspaces/" + shop.workspace + "/event-types";
        resources = "/api/v1/workspaces/" + shop.workspace + "/resources";
    }

    @Test
    void eventTypesListEveryNameReceivedOrUsedByARuleOnceWithTheCatalogEntryFields() {
        Instant before = Instant.now().minusSeconds(1);
        emit("user.signup", "contacts");
        emit("user.signup", "contacts");
        emit("order.created", "orders");
        UUID connection = shop.connection("Hook", "{\"url\":\"https://example.com/hook\",\"skip_url_test\":true}");
        shop.rule(connection, "invoice.paid");
        shop.rule(connection, "user.signup");

        Response response = server.http().get(eventTypes, shop.tenant.token());

        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
        JsonNode entries = response.json();
        assertThat(entries.isArray()).as("a bare array, not an envelope: %s", response.text()).isTrue();
        assertThat(keys(entries)).containsExactly("invoice.paid", "order.created", "user.signup");
        for (JsonNode entry : entries) {
            assertThat(UUID.fromString(entry.path("id").asString())).isNotNull();
            assertThat(entry.path("label").asString()).isEqualTo(entry.path("key").asString());
            assertThat(entry.has("description") && entry.path("description").isNull()).as("description: %s", entry).isTrue();
            assertThat(entry.has("created_by") && entry.path("created_by").isNull()).as("created_by: %s", entry).isTrue();
            assertThat(entry.path("active").asBoolean()).isTrue();
            assertThat(Instant.parse(entry.path("created_at").asString())).isAfter(before).isBeforeOrEqualTo(Instant.now());
            assertThat(entry.path("updated_at").asString()).isNotEmpty();
        }
        var again = server.http().get(eventTypes, shop.tenant.token()).json();
        assertThat(again.toString()).as("ids and times are stable between reads").isEqualTo(entries.toString());
    }

    @Test
    void resourcesListTheResourcesEventsCarriedAndRulesName() {
        emit("user.signup", "contacts");
        emit("order.created", "orders");
        shop.emitOk("ping", "{}"); // no resource: the default one
        UUID connection = shop.connection("Hook", "{\"url\":\"https://example.com/hook\",\"skip_url_test\":true}");
        var rule = server.http().post("/api/v1/rules", shop.tenant.token(), "{\"workspace\":\"" + shop.workspace
                + "\",\"connection\":\"" + connection + "\",\"event\":\"invoice.paid\",\"resource\":\"invoices\","
                + "\"metadata\":{\"action\":\"send_webhook\"}}");
        assertThat(rule.status()).as("rule creation: %s", rule).isEqualTo(201);

        Response response = server.http().get(resources, shop.tenant.token());

        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
        assertThat(response.json().isArray()).isTrue();
        assertThat(keys(response.json())).containsExactly("contacts", "global", "invoices", "orders");
    }

    @Test
    void aNewWorkspaceHasEmptyLists() {
        assertThat(server.http().get(eventTypes, shop.tenant.token()).text()).isEqualTo("[]");
        assertThat(server.http().get(resources, shop.tenant.token()).text()).isEqualTo("[]");
    }

    @Test
    void anotherWorkspacesNamesNeverAppear() {
        emit("mine.only", "mine");
        Scenario other = new Scenario(server, "Catalog other " + UUID.randomUUID().toString().substring(0, 8));
        other.emitOk("theirs.only", "{}");

        assertThat(server.http().get(eventTypes, shop.tenant.token()).text()).doesNotContain("theirs.only");
        assertThat(server.http().get("/api/v1/workspaces/" + other.workspace + "/event-types", other.tenant.token()).text())
                .doesNotContain("mine.only");
    }

    @Test
    void anotherOrganizationsWorkspaceIsNotFoundAsForEveryWorkspaceRoute() {
        emit("user.signup", "contacts");
        Tenant attacker = server.newTenant("Catalog attacker");

        for (String path : List.of(eventTypes, resources)) {
            Response refused = server.http().get(path, attacker.token());
            assertThat(refused.status()).as("%s by another organization: %s", path, refused).isEqualTo(404);
            assertThat(refused.error()).isEqualTo("not_found");
            assertThat(refused.json().path("correlation_id").asString()).isEqualTo(refused.header("x-correlation-id"));
            assertThat(refused.text()).doesNotContain("user.signup", "contacts");
        }
    }

    @Test
    void aKeyLimitedToOtherWorkspacesOrWithoutTheWorkspacesScopeIsRefused() {
        emit("user.signup", "contacts");
        UUID elsewhere = server.newWorkspace(shop.tenant, "Catalog elsewhere " + UUID.randomUUID().toString().substring(0, 8));
        Tenant limited = server.newKey(shop.tenant, "[\"workspaces:read\"]", "[\"" + elsewhere + "\"]");
        Tenant eventsOnly = server.newKey(shop.tenant, "[\"events:read\"]", null);
        Tenant reader = server.newKey(shop.tenant, "[\"workspaces:read\"]", "[\"" + shop.workspace + "\"]");

        for (String path : List.of(eventTypes, resources)) {
            assertThat(server.http().get(path, limited.token()).status()).as("%s, key limited elsewhere", path).isEqualTo(404);
            Response unscoped = server.http().get(path, eventsOnly.token());
            assertThat(unscoped.status()).as("%s without workspaces:read: %s", path, unscoped).isEqualTo(403);
            assertThat(server.http().get(path, reader.token()).status()).as("%s, workspaces:read on it", path).isEqualTo(200);
        }
        assertThat(server.http().get(eventTypes, reader.token()).text()).contains("user.signup");
    }

    @Test
    void oddWorkspaceIdsAreClientErrors() {
        for (String id : List.of("not-a-uuid", "%00", UUID.randomUUID() + "%00", "%20", UUID.randomUUID().toString())) {
            for (String list : List.of("event-types", "resources")) {
                Response response = server.http().get("/api/v1/workspaces/" + id + "/" + list, shop.tenant.token());
                assertThat(response.status()).as("%s/%s: %s", id, list, response).isBetween(400, 499);
                assertThat(response.json().path("correlation_id").asString()).isNotEmpty();
            }
        }
    }

    private void emit(String event, String resource) {
        Response response = server.http().send("POST", "/api/v1/events", null,
                "{\"event\":\"" + event + "\",\"resource\":\"" + resource + "\",\"payload\":{}}",
                Map.of("X-Meshes-Publishable-Key", shop.publishableKey));
        assertThat(response.status()).as("ingest of %s: %s", event, response).isEqualTo(201);
    }

    private static List<String> keys(JsonNode entries) {
        List<String> keys = new ArrayList<>();
        entries.forEach(e -> keys.add(e.path("key").asString()));
        return keys;
    }
}
