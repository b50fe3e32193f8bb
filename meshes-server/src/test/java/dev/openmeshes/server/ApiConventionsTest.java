package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conventions every endpoint shares: correlation ids, the error shape, body limits, idempotency, no CORS. */
class ApiConventionsTest extends OnSqlite {

    Tenant owner;

    @BeforeAll
    void owner() {
        owner = server.newTenant("Conventions Co");
    }

    @Test
    void theCallersCorrelationIdIsEchoedInHeaderAndBody() {
        var response = server.http().send("GET", "/api/v1/workspaces", owner.token(), null,
                Map.of("x-correlation-id", "trace-abc.123"));

        assertThat(response.header("x-correlation-id")).isEqualTo("trace-abc.123");
        assertThat(response.json().path("correlation_id").asString()).isEqualTo("trace-abc.123");
    }

    @Test
    void aCorrelationIdIsGeneratedWhenMissingOrUnusable() {
        var missing = server.http().get("/healthz", null);
        var unusable = server.http().send("GET", "/healthz", null, null, Map.of("x-correlation-id", "has spaces\tand tabs"));

        assertThat(missing.header("x-correlation-id")).isNotBlank()
                .isEqualTo(missing.json().path("correlation_id").asString());
        assertThat(unusable.header("x-correlation-id")).doesNotContain(" ");
    }

    @Test
    void errorsCarryMessageCodeAndCorrelationId() {
        var response = server.http().send("GET", "/api/v1/nothing-here", owner.token(), null,
                Map.of("x-correlation-id", "err-trace"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).contains("application/json");
        assertThat(response.json().path("message").asString()).isNotBlank();
        assertThat(response.error()).isEqualTo("not_found");
        assertThat(response.json().path("correlation_id").asString()).isEqualTo("err-trace");
        assertThat(response.header("x-correlation-id")).isEqualTo("err-trace");
    }

    @Test
    void unknownRoutesAre404EvenWithoutCredentials() {
        assertThat(server.http().get("/nope", null).status()).isEqualTo(404);
        assertThat(server.http().post("/api/v2/workspaces", null, "{}").status()).isEqualTo(404);
    }

    @Test
    void malformedBodiesAreBadRequestsNotServerErrors() {
        var notJson = server.http().post("/api/v1/workspaces", owner.token(), "{\"name\": ");
        var notObject = server.http().post("/api/v1/workspaces", owner.token(), "[1,2]");

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).isEqualTo("invalid_json");
        assertThat(notJson.text()).doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(notObject.error()).isEqualTo("invalid_body");
    }

    @Test
    void jsonNestedPastTheParsersDepthIsABadRequestThatSaysSo() {
        String deep = "{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        String deepEvent = "{\"event\":\"order.paid\",\"payload\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        for (var refused : java.util.List.of(server.http().post("/api/v1/workspaces", owner.token(), deep),
                server.http().post("/api/v1/events", owner.token(), deepEvent),
                server.http().post("/api/v1/events/bulk", owner.token(), "[" + deepEvent + "]"))) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(400);
            assertThat(refused.error()).isEqualTo("invalid_json");
            assertThat(refused.json().path("message").asString()).as("the limit named, not the setting behind it")
                    .contains("nesting depth").contains("exceeds the maximum allowed").doesNotContain("StreamReadConstraints");
        }
    }

    @Test
    void oversizedBodiesAre413() {
        String huge = "{\"name\":\"Big\",\"description\":\"" + "x".repeat(300 * 1024) + "\"}";

        var response = server.http().post("/api/v1/workspaces", owner.token(), huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("payload_too_large");
    }

    @Test
    void chunkedBodiesAreHeldToTheSameLimit() {
        String huge = "{\"name\":\"Big\",\"description\":\"" + "x".repeat(300 * 1024) + "\"}";

        var tooLarge = server.http().postChunked("/api/v1/workspaces", owner.token(), huge);
        var small = server.http().postChunked("/api/v1/workspaces", owner.token(), "{\"name\":\"Streamed\"}");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.error()).isEqualTo("payload_too_large");
        assertThat(small.status()).isEqualTo(201);
        assertThat(small.json().path("workspace").path("name").asString()).isEqualTo("Streamed");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        var headers = Map.of("Idempotency-Key", "create-once-1");
        String body = "{\"name\":\"Idempotent\"}";

        var first = server.http().send("POST", "/api/v1/workspaces", owner.token(), body, headers);
        var second = server.http().send("POST", "/api/v1/workspaces", owner.token(), body, headers);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json().path("workspace").path("id")).isEqualTo(first.json().path("workspace").path("id"));
        assertThat(second.json().path("correlation_id")).isNotEqualTo(first.json().path("correlation_id"));
        long named = server.http().get("/api/v1/workspaces?limit=200", owner.token()).json().path("records")
                .valueStream().filter(w -> w.path("name").asString().equals("Idempotent")).count();
        assertThat(named).isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequestIsRefused() {
        var headers = Map.of("Idempotency-Key", "create-once-2");
        server.http().send("POST", "/api/v1/workspaces", owner.token(), "{\"name\":\"First body\"}", headers);

        var reused = server.http().send("POST", "/api/v1/workspaces", owner.token(), "{\"name\":\"Other body\"}", headers);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.error()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void failedRequestsAreNotRememberedSoACorrectedRetryRuns() {
        var headers = Map.of("Idempotency-Key", "create-once-3");
        var failed = server.http().send("POST", "/api/v1/workspaces", owner.token(), "{\"name\":\"x\"}", headers);
        assertThat(failed.status()).isEqualTo(400);

        var retried = server.http().send("POST", "/api/v1/workspaces", owner.token(), "{\"name\":\"x\"}", headers);
        assertThat(retried.status()).isEqualTo(400);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void idempotencyKeysAreScopedToTheOrganization() {
        Tenant other = server.newTenant("Other Co");
        var headers = Map.of("Idempotency-Key", "shared-key");
        var mine = server.http().send("POST", "/api/v1/workspaces", owner.token(), "{\"name\":\"Scoped\"}", headers);
        var theirs = server.http().send("POST", "/api/v1/workspaces", other.token(), "{\"name\":\"Scoped\"}", headers);

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.json().path("workspace").path("id")).isNotEqualTo(mine.json().path("workspace").path("id"));
    }

    @Test
    void theManagementApiSendsNoPermissiveCors() {
        var response = server.http().send("GET", "/api/v1/workspaces", owner.token(), null,
                Map.of("Origin", "https://evil.example"));

        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void jsonContentTypeWithAnEmptyBodyIsAcceptedOnPost() {
        String path = "/api/v1/workspaces/" + server.newWorkspace(owner, "Empty body") + "/publishable-key/rotate";

        var response = server.http().send("POST", path, owner.token(), "", Map.of());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void healthIsOpenAndJson() {
        var health = server.http().get("/healthz", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("ok");
    }
}
