package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /events and /events/bulk: who may send, what is accepted, and how refusals look. */
class IngestionTest extends OnSqlite {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Scenario scenario;

    @BeforeEach
    void scenario() {
        scenario = new Scenario(server, "Ingest Co");
    }

    @Test
    void aPublishableKeySendsToItsWorkspace() {
        var response = scenario.emit("user.signup", "{\"email\":\"a@example.com\"}");

        assertThat(response.status()).isEqualTo(201);
        var event = response.json().path("event");
        assertThat(event.path("workspace").asString()).isEqualTo(scenario.workspace.toString());
        assertThat(event.path("event").asString()).isEqualTo("user.signup");
        assertThat(event.path("type").asString()).isEqualTo("event");
        assertThat(event.path("resource").asString()).isEqualTo("global");
        assertThat(event.path("created_by").asString()).isEqualTo("pub_key");
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void aMachineTokenNamesTheWorkspace() {
        String token = scenario.tenant.token();
        var missing = server.http().post("/api/v1/events", token, "{\"event\":\"x\",\"payload\":{\"a\":1}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("details").get(0).path("field").asString()).isEqualTo("workspace");

        var sent = server.http().post("/api/v1/events", token,
                "{\"workspace\":\"" + scenario.workspace + "\",\"event\":\"x\",\"payload\":{\"a\":1},\"resource\":\"contacts\",\"resource_id\":\"c-1\"}");
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.json().path("event").path("resource_id").asString()).isEqualTo("c-1");
        assertThat(sent.json().path("event").path("created_by").asString()).isEqualTo(scenario.tenant.accessKey());
    }

    @Test
    void aReadOnlyKeyCannotSendEvents() {
        var reader = server.newKey(scenario.tenant, "[\"events:read\"]", null);
        var refused = server.http().post("/api/v1/events", reader.token(),
                "{\"workspace\":\"" + scenario.workspace + "\",\"event\":\"x\",\"payload\":{\"a\":1}}");
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void aPublishableKeyCannotTargetAnotherWorkspaceOrBeForged() {
        UUID other = server.newWorkspace(scenario.tenant, "Other space");
        var elsewhere = server.http().send("POST", "/api/v1/events", null,
                "{\"workspace\":\"" + other + "\",\"event\":\"x\",\"payload\":{\"a\":1}}",
                Map.of("X-Meshes-Publishable-Key", scenario.publishableKey));
        assertThat(elsewhere.status()).isEqualTo(403);

        var forged = server.http().send("POST", "/api/v1/events", null, "{\"event\":\"x\",\"payload\":{\"a\":1}}",
                Map.of("X-Meshes-Publishable-Key", "mesh_pub_aaaa_bbbb_" + "0".repeat(40)));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.error()).isEqualTo("invalid_publishable_key");
    }

    @Test
    void invalidEventsAreRefusedWithFieldDetails() {
        var noPayload = scenario.emit("user.signup", "[1,2]");
        assertThat(noPayload.status()).isEqualTo(400);
        assertThat(noPayload.json().path("details").get(0).path("field").asString()).isEqualTo("payload");

        var noName = server.http().send("POST", "/api/v1/events", null, "{\"payload\":{\"a\":1}}",
                Map.of("X-Meshes-Publishable-Key", scenario.publishableKey));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().path("details").get(0).path("field").asString()).isEqualTo("event");
    }

    @Test
    void thePayloadIsKeptAndDeliveredExactlyAsSent() {
        // Numbers beyond double precision, trailing zeros, escapes, non-ASCII and spacing all survive.
        String payload = "{ \"big\": 123456789012345678901234567890, \"price\": 1.10,\n \"name\": \"caf\u00e9 \\u2615 \\\"quoted\\\"\","
                + " \"nested\": {\"list\": [1, {\"deep\": null}], \"url\": \"https://x.example/a\"} }";
        try (Receiver receiver = Receiver.start()) {
            UUID connection = scenario.connection("raw", "{\"url\":\"" + receiver.url() + "\",\"payload_format\":\"raw\",\"skip_url_test\":true}");
            scenario.rule(connection, "order.placed");

            UUID id = scenario.emitOk("order.placed", payload);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
            assertThat(receiver.requests().getFirst().body()).isEqualTo(payload);
            var stored = server.http().get("/api/v1/events/" + id + "/payload", scenario.tenant.token()).json();
            assertThat(stored.path("payload").path("big").bigIntegerValue())
                    .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
            assertThat(stored.path("payload").path("name").asString()).isEqualTo("caf\u00e9 \u2615 \"quoted\"");
        }
    }

    @Test
    void fieldsOfTheWrongTypeAreNamedAndMalformedJsonIsOneClearAnswer() {
        var key = Map.of("X-Meshes-Publishable-Key", scenario.publishableKey);
        var wrongTypes = server.http().send("POST", "/api/v1/events", null,
                "{\"event\":5,\"payload\":\"text\",\"resource\":[],\"workspace\":\"not-a-uuid\",\"extra\":{\"a\":[1]}}", key);
        var trailing = server.http().send("POST", "/api/v1/events", null, "{\"event\":\"a\",\"payload\":{}} {}", key);
        var cut = server.http().send("POST", "/api/v1/events", null, "{\"event\":\"a\",\"payload\":{\"n\":", key);
        var notAnObject = server.http().send("POST", "/api/v1/events", null, "\"user.signup\"", key);
        var bulkOfStrings = server.http().send("POST", "/api/v1/events/bulk", null, "{\"event\":\"a\"}", key);
        var empty = server.http().send("POST", "/api/v1/events", null, "", key);

        assertThat(wrongTypes.status()).isEqualTo(400);
        assertThat(wrongTypes.json().path("details").valueStream().map(d -> d.path("field").asString()))
                .containsExactlyInAnyOrder("event", "payload", "resource", "workspace");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.error()).isEqualTo("invalid_json");
        assertThat(cut.error()).isEqualTo("invalid_json");
        assertThat(notAnObject.error()).isEqualTo("invalid_body");
        assertThat(bulkOfStrings.status()).isEqualTo(400);
        assertThat(bulkOfStrings.json().path("details").get(0).path("field").asString()).isEqualTo("body");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("details").valueStream().map(d -> d.path("field").asString()))
                .containsExactlyInAnyOrder("event", "payload");
    }

    @Test
    void oversizedPayloadsAre413() {
        String big = "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}";

        var response = scenario.emit("user.signup", big);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("payload_too_large");
    }

    @Test
    void bulkAcceptsTheValidEventsAndReportsTheOthers() {
        String body = "[{\"event\":\"a\",\"payload\":{\"n\":1}},{\"event\":\"\",\"payload\":{\"n\":2}},"
                + "{\"event\":\"c\",\"payload\":{\"n\":3}}]";

        var response = server.http().send("POST", "/api/v1/events/bulk", null, body,
                Map.of("X-Meshes-Publishable-Key", scenario.publishableKey));

        assertThat(response.status()).isEqualTo(207);
        var json = response.json();
        assertThat(json.path("count").asInt()).isEqualTo(3);
        assertThat(json.path("error_count").asInt()).isEqualTo(1);
        assertThat(json.path("records").get(0).path("event").asString()).isEqualTo("a");
        assertThat(json.path("records").get(1).path("message").asString()).isNotBlank();
        assertThat(json.path("records").get(2).path("event").asString()).isEqualTo("c");
        var listed = server.http().get("/api/v1/workspaces/" + scenario.workspace + "/events", scenario.tenant.token()).json();
        assertThat(listed.path("count").asInt()).isEqualTo(2);
    }

    @Test
    void bulkWithEveryEventValidIs201() {
        var response = server.http().send("POST", "/api/v1/events/bulk", null,
                "[{\"event\":\"a\",\"payload\":{\"n\":1}},{\"event\":\"b\",\"payload\":{\"n\":2}}]",
                Map.of("X-Meshes-Publishable-Key", scenario.publishableKey));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("count").asInt()).isEqualTo(2);
    }

    @Test
    void bulkRefusesEmptyOversizedAndAllInvalidBatches() {
        Map<String, String> key = Map.of("X-Meshes-Publishable-Key", scenario.publishableKey);
        assertThat(server.http().send("POST", "/api/v1/events/bulk", null, "[]", key).status()).isEqualTo(400);
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(101, "{\"event\":\"a\",\"payload\":{\"n\":1}}")) + "]";
        assertThat(server.http().send("POST", "/api/v1/events/bulk", null, tooMany, key).status()).isEqualTo(400);
        assertThat(server.http().send("POST", "/api/v1/events/bulk", null, "[{\"event\":\"\"}]", key).status()).isEqualTo(400);
        var notObjects = server.http().send("POST", "/api/v1/events/bulk", null,
                "[\"a\", {\"event\":\"b\",\"payload\":{\"n\":1}}, 7]", key);
        assertThat(notObjects.status()).isEqualTo(207);
        assertThat(notObjects.json().path("records").get(0).path("details").get(0).path("field").asString()).isEqualTo("[0]");
        assertThat(notObjects.json().path("records").get(1).path("event").asString()).isEqualTo("b");
        assertThat(notObjects.json().path("error_count").asInt()).isEqualTo(2);
    }

    @Test
    void browsersGetACorsPreflightForIngestionOnly() {
        var preflight = server.http().send("OPTIONS", "/api/v1/events", null, null,
                Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "POST"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains("X-Meshes-Publishable-Key");

        var management = server.http().send("GET", "/api/v1/events", scenario.tenant.token(), null,
                Map.of("Origin", "https://app.example"));
        assertThat(management.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void eventsAreListedNewestFirstWithFiltersAndTheirPayload() {
        UUID first = scenario.emitOk("user.signup", "{\"email\":\"1@example.com\"}");
        UUID second = scenario.emitOk("invoice.paid", "{\"amount\":42}");

        var all = server.http().get("/api/v1/events", scenario.tenant.token()).json();
        assertThat(all.path("records").get(0).path("id").asString()).isEqualTo(second.toString());
        var filtered = server.http().get("/api/v1/workspaces/" + scenario.workspace + "/events?event=user.signup",
                scenario.tenant.token()).json();
        assertThat(filtered.path("count").asInt()).isEqualTo(1);
        assertThat(filtered.path("records").get(0).path("id").asString()).isEqualTo(first.toString());
        var byStatus = server.http().get("/api/v1/events?status=completed", scenario.tenant.token()).json();
        assertThat(byStatus.path("count").asInt()).isEqualTo(2);
        assertThat(server.http().get("/api/v1/events?status=nope", scenario.tenant.token()).status()).isEqualTo(400);

        var payload = server.http().get("/api/v1/events/" + second + "/payload", scenario.tenant.token()).json();
        assertThat(payload.path("payload").path("amount").asInt()).isEqualTo(42);
    }

    @Test
    void anIdempotencyKeyAcceptsAnEventOnce() {
        var headers = Map.of("X-Meshes-Publishable-Key", scenario.publishableKey, "Idempotency-Key", "evt-1");
        String body = "{\"event\":\"user.signup\",\"payload\":{\"n\":1}}";

        var first = server.http().send("POST", "/api/v1/events", null, body, headers);
        var again = server.http().send("POST", "/api/v1/events", null, body, headers);

        assertThat(again.json().path("event").path("id")).isEqualTo(first.json().path("event").path("id"));
        assertThat(server.http().get("/api/v1/events", scenario.tenant.token()).json().path("count").asInt()).isEqualTo(1);
    }
}
