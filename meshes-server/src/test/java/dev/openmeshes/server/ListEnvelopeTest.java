package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every list envelope answers {@code limit} as the page size applied, and pages by {@code cursor}. */
class ListEnvelopeTest extends OnBothStores {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Scenario shop;
    List<String> lists;

    @BeforeEach
    void aWorkspaceWithOneOfEverything() {
        shop = new Scenario(server, "Envelope shop " + UUID.randomUUID().toString().substring(0, 8));
        shop.webhookFor("user.signup", "https://example.com/hook");
        shop.emitOk("user.signup", "{}");
        String workspace = "/api/v1/workspaces/" + shop.workspace;
        lists = List.of("/api/v1/workspaces", "/api/v1/keys", "/api/v1/events", workspace + "/events",
                "/api/v1/connections", workspace + "/connections", "/api/v1/rules", workspace + "/rules",
                "/api/v1/integrations");
    }

    @Test
    void everyListAnswersTheDefaultLimitOf50() {
        for (String list : lists) {
            JsonNode envelope = okEnvelope(list);
            assertThat(envelope.path("limit").asInt()).as("limit of %s: %s", list, envelope).isEqualTo(50);
            assertThat(envelope.path("count").asInt()).as("count of %s", list).isEqualTo(envelope.path("records").size());
            assertThat(envelope.path("records").size()).as("records of %s", list).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void everyListAnswersAnExplicitLimit() {
        for (String list : lists) {
            JsonNode envelope = okEnvelope(list + "?limit=7");
            assertThat(envelope.path("limit").asInt()).as("limit of %s?limit=7: %s", list, envelope).isEqualTo(7);
        }
    }

    @Test
    void everyListRefusesALimitOutOfRange() {
        for (String list : lists) {
            for (String limit : List.of("0", "201", "seven")) {
                Response refused = server.http().get(list + "?limit=" + limit, shop.tenant.token());
                assertThat(refused.status()).as("%s?limit=%s: %s", list, limit, refused).isEqualTo(400);
                assertThat(refused.error()).isEqualTo("validation_failed");
            }
        }
    }

    @Test
    void connectionsAndRulesPageThroughEveryRecordOnceInCreationOrder() {
        List<String> connections = new ArrayList<>(), rules = new ArrayList<>();
        for (String list : List.of("/api/v1/connections", "/api/v1/rules")) {
            (list.endsWith("connections") ? connections : rules).addAll(ids(okEnvelope(list).path("records")));
        }
        for (int i = 0; i < 4; i++) {
            UUID connection = shop.connection("Hook " + i, "{\"url\":\"https://example.com/" + i + "\",\"skip_url_test\":true}");
            connections.add(connection.toString());
            rules.add(shop.rule(connection, "order.created").toString());
        }
        String workspace = "/api/v1/workspaces/" + shop.workspace;
        assertThat(pageThrough("/api/v1/connections", 2)).isEqualTo(connections);
        assertThat(pageThrough(workspace + "/connections", 2)).isEqualTo(connections);
        assertThat(pageThrough("/api/v1/rules", 2)).isEqualTo(rules);
        assertThat(pageThrough(workspace + "/rules", 3)).isEqualTo(rules);
    }

    @Test
    void aKeyLimitedToOneWorkspaceGetsFullPagesOfThatWorkspaceOnly() {
        UUID other = server.newWorkspace(shop.tenant, "Envelope other " + UUID.randomUUID().toString().substring(0, 8));
        var elsewhere = server.http().post("/api/v1/connections", shop.tenant.token(), "{\"workspace\":\"" + other
                + "\",\"type\":\"webhook\",\"name\":\"Elsewhere\",\"metadata\":{\"url\":\"https://example.com/x\",\"skip_url_test\":true}}");
        assertThat(elsewhere.status()).as("connection elsewhere: %s", elsewhere).isEqualTo(201);
        UUID second = shop.connection("Second", "{\"url\":\"https://example.com/2\",\"skip_url_test\":true}");
        Tenant limited = server.newKey(shop.tenant, "[\"connections:read\"]", "[\"" + shop.workspace + "\"]");

        var page = server.http().get("/api/v1/connections?limit=1", limited.token()).json();
        assertThat(page.path("records").size()).as("a full page: %s", page).isEqualTo(1);
        assertThat(page.path("next_cursor").isNull()).as("a next page: %s", page).isFalse();
        var next = server.http().get("/api/v1/connections?limit=1&cursor=" + page.path("next_cursor").asString(),
                limited.token()).json();
        assertThat(ids(next.path("records"))).containsExactly(second.toString());
        assertThat(next.toString()).doesNotContain(other.toString());
    }

    private List<String> pageThrough(String list, int limit) {
        List<String> seen = new ArrayList<>();
        JsonNode page = okEnvelope(list + "?limit=" + limit);
        seen.addAll(ids(page.path("records")));
        while (!page.path("next_cursor").isNull()) {
            assertThat(page.path("records").size()).as("a page before the last of %s is full", list).isEqualTo(limit);
            page = okEnvelope(list + "?limit=" + limit + "&cursor=" + page.path("next_cursor").asString());
            seen.addAll(ids(page.path("records")));
        }
        return seen;
    }

    private JsonNode okEnvelope(String path) {
        Response response = server.http().get(path, shop.tenant.token());
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonNode records) {
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ids.add(r.path("id").asString()));
        return ids;
    }
}
