package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NUL (U+0000), which PostgreSQL text cannot hold, is refused in every text a client sends with a
 * 400 naming the field, so it never reaches the store; a payload kept as sent holds it escaped.
 */
class NulCharacterTest extends OnBothStores {

    /** JSON for a string holding NUL: the escape, which the parser turns into the character. */
    private static final String WITH_NUL = "a\\u0000b";

    Scenario scenario;

    @BeforeEach
    void scenario() {
        scenario = new Scenario(server, "Nul Co " + UUID.randomUUID());
    }

    @Test
    void anEventsTextFieldsWithNulAreRefusedNamingTheField() {
        for (String field : List.of("event", "resource", "resource_id")) {
            String event = field.equals("event") ? WITH_NUL : "signup";
            String extra = field.equals("event") ? "" : ",\"" + field + "\":\"" + WITH_NUL + "\"";
            var refused = ingest("{\"event\":\"" + event + "\"" + extra + ",\"payload\":{}}");
            assertFieldRefused(refused, field);
        }
        var bulk = server.http().send("POST", "/api/v1/events/bulk", null,
                "[{\"event\":\"ok\",\"payload\":{}},{\"event\":\"" + WITH_NUL + "\",\"payload\":{}}]", publishable());
        assertThat(bulk.status()).as(bulk.toString()).isEqualTo(207);
        assertThat(bulk.json().path("error_count").asInt()).isEqualTo(1);
        assertThat(bulk.json().path("records").get(1).path("details").get(0).path("field").asString()).isEqualTo("event");
    }

    @Test
    void managementTextsWithNulAreRefusedNamingTheField() {
        String token = scenario.tenant.token();
        assertFieldRefused(server.http().post("/api/v1/workspaces", token,
                "{\"name\":\"Nul space\",\"description\":\"" + WITH_NUL + "\"}"), "description");
        assertFieldRefused(server.http().put("/api/v1/workspaces/" + scenario.workspace, token,
                "{\"name\":\"" + WITH_NUL + "\"}"), "name");
        assertFieldRefused(server.http().post("/api/v1/keys", token,
                "{\"name\":\"" + WITH_NUL + "\",\"scopes\":[\"events:read\"]}"), "name");
        assertFieldRefused(server.http().post("/api/v1/keys", token,
                "{\"name\":\"k\",\"scopes\":[\"events:read\",\"" + WITH_NUL + "\"]}"), "scopes[1]");
        assertFieldRefused(server.http().post("/api/v1/connections", token, "{\"workspace\":\"" + scenario.workspace
                + "\",\"type\":\"webhook\",\"name\":\"" + WITH_NUL + "\",\"metadata\":{\"url\":\"https://x.example\"}}"), "name");
        assertFieldRefused(server.http().post("/api/v1/connections", token, "{\"workspace\":\"" + scenario.workspace
                + "\",\"type\":\"webhook\",\"name\":\"n\",\"metadata\":{\"url\":\"https://x.example\",\"auth\":{\"type\":\"bearer\",\"token\":\""
                + WITH_NUL + "\"}}}"), "metadata.auth.token");
        assertFieldRefused(server.http().post("/api/v1/connections", token, "{\"workspace\":\"" + scenario.workspace
                + "\",\"type\":\"webhook\",\"name\":\"n\",\"metadata\":{\"" + WITH_NUL + "\":\"x\"}}"), "metadata.a\\u0000b");
        UUID connection = scenario.connection("nul rules", "{\"url\":\"https://x.example\",\"skip_url_test\":true}");
        for (String field : List.of("event", "resource", "resource_id")) {
            String event = field.equals("event") ? WITH_NUL : "signup";
            String extra = field.equals("event") ? "" : ",\"" + field + "\":\"" + WITH_NUL + "\"";
            assertFieldRefused(server.http().post("/api/v1/rules", token, "{\"workspace\":\"" + scenario.workspace
                    + "\",\"connection\":\"" + connection + "\",\"event\":\"" + event + "\"" + extra
                    + ",\"metadata\":{\"action\":\"send_webhook\"}}"), field);
        }
    }

    @Test
    void queryParametersWithNulAreRefused() {
        String token = scenario.tenant.token();
        for (String query : List.of("event", "resource", "resource_id", "cursor", "status", "limit")) {
            var refused = server.http().get("/api/v1/workspaces/" + scenario.workspace + "/events?" + query + "=a%00b", token);
            assertThat(refused.status()).as(query + " with NUL (expected 400, seen " + refused + ")").isEqualTo(400);
            assertThat(refused.header("x-correlation-id")).isNotBlank();
        }
        assertThat(server.http().get("/api/v1/events?cursor=%00", token).status()).isEqualTo(400);
        String cursorWithNul = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("1700000000000:a\0b".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String list : List.of("/api/v1/events", "/api/v1/workspaces", "/api/v1/keys")) { // the paged lists
            assertFieldRefused(server.http().get(list + "?cursor=" + cursorWithNul, token), "cursor");
        }
        assertFieldRefused(server.http().get("/api/v1/workspaces/" + scenario.workspace + "/rules?event=%00", token), "event");
    }

    @Test
    void anIdempotencyKeyWithNulIsRefused() throws Exception {
        String body = "{\"name\":\"Nul header space\"}";
        String request = "POST /api/v1/workspaces HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: Bearer " + scenario.tenant.token() + "\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: a\0b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).as("the answer to a NUL in Idempotency-Key").matches("(?s)HTTP/1\\.1 4\\d\\d .*");
        }
        assertThat(server.http().get("/api/v1/workspaces", scenario.tenant.token()).json().path("count").asInt())
                .as("workspaces made").isEqualTo(1);
    }

    @Test
    void aPayloadHoldingTheEscapedNulIsStoredAndDeliveredAsSent() {
        String payload = "{\"note\":\"before\\u0000after\"}";
        try (Receiver receiver = Receiver.start()) {
            UUID connection = scenario.connection("nul raw", "{\"url\":\"" + receiver.url()
                    + "\",\"payload_format\":\"raw\",\"skip_url_test\":true}");
            scenario.rule(connection, "nul.payload");

            UUID id = scenario.emitOk("nul.payload", payload);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
            assertThat(receiver.requests().getFirst().body()).as("delivered byte for byte").isEqualTo(payload);
            var stored = server.http().get("/api/v1/events/" + id + "/payload", scenario.tenant.token());
            assertThat(stored.text()).as("the stored payload, as sent").contains(payload);
            assertThat(stored.json().path("payload").path("note").asString()).isEqualTo("before\u0000after");
        }
    }

    @Test
    void aRawNulByteIsNotJson() {
        var inPayload = ingest("{\"event\":\"signup\",\"payload\":{\"note\":\"a\0b\"}}");
        assertThat(inPayload.status()).as(inPayload.toString()).isEqualTo(400);
        assertThat(inPayload.error()).isEqualTo("invalid_json");
        var inName = ingest("{\"event\":\"a\0b\",\"payload\":{}}");
        assertThat(inName.status()).as(inName.toString()).isEqualTo(400);
        assertThat(inName.error()).isEqualTo("invalid_json");
    }

    @Test
    void anotherOrganizationsEventsAllSucceedWhileNulEventsAreSent() throws Exception {
        var other = new Scenario(server, "Bystander Co");
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            calls.add(() -> other.emit("ordinary", "{\"n\":1}"));
            calls.add(() -> ingest("{\"event\":\"" + WITH_NUL + "\",\"resource_id\":\"" + WITH_NUL + "\",\"payload\":{}}"));
        }
        List<Response> ordinary = new ArrayList<>();
        List<Response> attacks = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            List<Future<Response>> answers = pool.invokeAll(calls);
            for (int i = 0; i < answers.size(); i++) {
                (i % 2 == 0 ? ordinary : attacks).add(answers.get(i).get());
            }
        }
        assertThat(ordinary).as("the bystander's events (expected all 201)")
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(201));
        assertThat(attacks).as("the events with NUL (expected all 400)")
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(400));
    }

    private Response ingest(String json) {
        return server.http().send("POST", "/api/v1/events", null, json, publishable());
    }

    private Map<String, String> publishable() {
        return Map.of("X-Meshes-Publishable-Key", scenario.publishableKey);
    }

    private static void assertFieldRefused(Response answer, String field) {
        assertThat(answer.status()).as("expected 400 naming " + field + ", seen " + answer).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("validation_failed");
        List<String> fields = new ArrayList<>();
        answer.json().path("details").forEach(detail -> fields.add(detail.path("field").asString()));
        assertThat(fields).as("fields named in " + answer).contains(field);
        assertThat(answer.json().path("correlation_id").asString()).isEqualTo(answer.header("x-correlation-id"));
    }
}
