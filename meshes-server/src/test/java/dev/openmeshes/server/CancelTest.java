package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Canceling deliveries, and reading one attempt and its response: a retry due 2 s after a failed
 * first attempt ({@code 0s,2s}) leaves time to cancel it, on SQLite and PostgreSQL.
 */
class CancelTest extends OnBothStores {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    /** Longer than the retry delay (2 s ± 20 %): a retry that was not canceled would have gone out. */
    static final Duration PAST_THE_RETRY = Duration.ofMillis(3_000);

    Scenario scenario;
    Receiver receiver;

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_RETRY_SCHEDULE", "0s,2s");
    }

    @BeforeEach
    void scenario() {
        scenario = new Scenario(server, "Cancel Co");
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aCanceledPendingRetryIsCanceledAtOnceAndNeverAttemptedAgain() throws InterruptedException {
        receiver.always(503);
        UUID rule = ruleTo(receiver);
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitRuleEvent(eventId, re -> re.path("attempt_count").asInt() == 1 && re.path("status").asString().equals("pending"));

        Http.Response canceled = cancel(eventId, rule, scenario.tenant.token());

        assertThat(canceled.status()).as("cancel answer: %s", canceled).isEqualTo(200);
        assertThat(canceled.json().path("status").asString()).isEqualTo("canceled");
        assertThat(canceled.json().path("rule").asString()).isEqualTo(rule.toString());
        assertThat(canceled.json().path("completed_at").isMissingNode() || canceled.json().path("completed_at").isNull())
                .as("a canceled rule event says when it was canceled: %s", canceled.json()).isFalse();
        Thread.sleep(PAST_THE_RETRY.toMillis());
        assertThat(receiver.requests()).as("requests after the cancel").hasSize(1);
        JsonNode event = scenario.event(eventId);
        assertThat(event.path("status").asString()).as("event status").isEqualTo("canceled");
        assertThat(event.path("rule_events").get(0).path("status").asString()).isEqualTo("canceled");
        assertThat(server.http().get("/metrics", null).text())
                .containsPattern("meshes_deliveries_canceled_total\\{type=\"webhook\"} [1-9]");
    }

    @Test
    void anAttemptInFlightFinishesAndIsRecordedButItsRetryBecomesCanceled() throws InterruptedException {
        receiver.always(503).slow(Duration.ofMillis(1_500));
        UUID rule = ruleTo(receiver);
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        wait(Duration.ofSeconds(10)).until(() -> !receiver.requests().isEmpty());

        Http.Response canceled = cancel(eventId, rule, scenario.tenant.token());
        assertThat(canceled.status()).as("cancel answer: %s", canceled).isEqualTo(200);
        assertThat(canceled.json().path("status").asString()).isEqualTo("canceled");
        var early = server.http().post("/api/v1/events/" + eventId + "/rules/" + rule + "/retry",
                scenario.tenant.token(), null);
        assertThat(early.status()).as("a retry while the canceled attempt is in flight: %s", early).isEqualTo(425);

        awaitRuleEvent(eventId, re -> re.path("attempt_count").asInt() == 1);
        Thread.sleep(PAST_THE_RETRY.toMillis());
        JsonNode ruleEvent = scenario.event(eventId).path("rule_events").get(0);
        assertThat(ruleEvent.path("status").asString()).as("after the in-flight attempt: %s", ruleEvent)
                .isEqualTo("canceled");
        assertThat(ruleEvent.path("last_error").asString()).contains("503");
        assertThat(attempts(eventId, rule)).as("the in-flight attempt is in the history").hasSize(1);
        assertThat(receiver.requests()).as("requests after the cancel").hasSize(1);
    }

    @Test
    void cancelingAnEventStopsEveryUnfinishedRuleEventAndLeavesTheDeliveredOne() {
        try (Receiver healthy = Receiver.start(); Receiver down = Receiver.start()) {
            down.always(503);
            ruleTo(healthy);
            ruleTo(receiver.always(503));
            ruleTo(down);
            UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"cy@example.com\"}");
            wait(Duration.ofSeconds(10)).until(() -> scenario.event(eventId).path("rule_events").valueStream()
                    .allMatch(re -> re.path("attempt_count").asInt() == 1 && !re.path("status").asString().equals("processing")));

            Http.Response canceled = server.http().post("/api/v1/events/" + eventId + "/cancel", scenario.tenant.token(), null);

            assertThat(canceled.status()).as("cancel answer: %s", canceled).isEqualTo(200);
            assertThat(canceled.json().path("status").asString()).as("event status").isEqualTo("canceled");
            assertThat(canceled.json().path("completed_count").asInt()).isEqualTo(1);
            assertThat(canceled.json().path("rule_events").valueStream().map(re -> re.path("status").asString()).sorted())
                    .containsExactly("canceled", "canceled", "completed");
            var again = server.http().post("/api/v1/events/" + eventId + "/cancel", scenario.tenant.token(), null);
            assertThat(again.status()).as("canceling a finished event: %s", again).isEqualTo(409);
            assertThat(again.error()).isEqualTo("delivery_finished");
        }
    }

    @Test
    void aFinishedRuleEventCannotBeCanceled() {
        UUID rule = ruleTo(receiver);
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"dee@example.com\"}");
        wait(Duration.ofSeconds(10)).until(() -> scenario.event(eventId).path("status").asString().equals("completed"));

        Http.Response refused = cancel(eventId, rule, scenario.tenant.token());

        assertThat(refused.status()).as("cancel of a delivered rule event: %s", refused).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("delivery_finished");
        assertThat(refused.json().path("correlation_id").asString()).isEqualTo(refused.header("x-correlation-id"));
        assertThat(scenario.event(eventId).path("status").asString()).isEqualTo("completed");
    }

    @Test
    void aCanceledRuleEventCanBeRetriedByHandAndIsThenDelivered() {
        receiver.then(503);
        UUID rule = ruleTo(receiver);
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"eve@example.com\"}");
        awaitRuleEvent(eventId, re -> re.path("attempt_count").asInt() == 1 && re.path("status").asString().equals("pending"));
        assertThat(cancel(eventId, rule, scenario.tenant.token()).status()).isEqualTo(200);

        var retried = server.http().post("/api/v1/events/" + eventId + "/rules/" + rule + "/retry",
                scenario.tenant.token(), null);

        assertThat(retried.status()).as("retry of a canceled rule event: %s", retried).isEqualTo(200);
        wait(Duration.ofSeconds(10)).until(() -> scenario.event(eventId).path("status").asString().equals("completed"));
        assertThat(scenario.event(eventId).path("rule_events").get(0).path("attempt_count").asInt()).isEqualTo(2);
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void aReadOnlyKeyReadsAttemptsButCannotCancel() {
        receiver.always(503);
        UUID rule = ruleTo(receiver);
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"fay@example.com\"}");
        awaitRuleEvent(eventId, re -> re.path("attempt_count").asInt() == 1);
        String reader = server.newKey(scenario.tenant, "[\"events:read\"]", null).token();

        var rule403 = cancel(eventId, rule, reader);
        var event403 = server.http().post("/api/v1/events/" + eventId + "/cancel", reader, null);

        assertThat(List.of(rule403.status(), event403.status())).as("cancel with events:read: %s, %s", rule403, event403)
                .containsExactly(403, 403);
        assertThat(rule403.json().path("correlation_id").asString()).isNotBlank();
        UUID attempt = UUID.fromString(attempts(eventId, rule).getFirst().path("id").asString());
        assertThat(server.http().get(attemptPath(eventId, rule, attempt), reader).status()).isEqualTo(200);
        assertThat(scenario.event(eventId).path("rule_events").get(0).path("status").asString())
                .as("nothing was canceled").isNotEqualTo("canceled");
    }

    @Test
    void oneAttemptAndItsCapturedResponseAreReadByTheirIds() {
        receiver.then(503);
        UUID rule = ruleTo(receiver);
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"gus@example.com\"}");
        wait(Duration.ofSeconds(10)).until(() -> scenario.event(eventId).path("status").asString().equals("completed"));
        List<JsonNode> listed = attempts(eventId, rule);
        JsonNode first = listed.getFirst();
        UUID attemptId = UUID.fromString(first.path("id").asString());

        var one = server.http().get(attemptPath(eventId, rule, attemptId), scenario.tenant.token());
        var details = server.http().get(attemptPath(eventId, rule, attemptId) + "/response-details", scenario.tenant.token());

        assertThat(one.status()).as("GET one attempt: %s", one).isEqualTo(200);
        var alone = (tools.jackson.databind.node.ObjectNode) one.json();
        assertThat(alone.remove("correlation_id")).as("every body carries its correlation id").isNotNull();
        assertThat(alone).as("one attempt is the list's element").isEqualTo(first);
        assertThat(details.status()).as("GET response-details: %s", details).isEqualTo(200);
        JsonNode response = details.json();
        assertThat(response.path("attempt_id").asString()).isEqualTo(attemptId.toString());
        assertThat(response.path("outcome_code").asString()).isEqualTo("rejected_server_error");
        assertThat(response.path("status_code").asInt()).isEqualTo(503);
        assertThat(response.path("response_body").asString()).isEqualTo("{\"received\":1}");
        assertThat(response.has("duration_ms")).as("duration_ms in %s", response).isTrue();

        UUID unknown = UUID.randomUUID();
        var missing = server.http().get(attemptPath(eventId, rule, unknown), scenario.tenant.token());
        var missingDetails = server.http().get(attemptPath(eventId, rule, unknown) + "/response-details",
                scenario.tenant.token());
        assertThat(List.of(missing.status(), missingDetails.status())).as("unknown attempt: %s, %s", missing, missingDetails)
                .containsExactly(404, 404);
        assertThat(missing.error()).isEqualTo("not_found");
        assertThat(server.http().get(attemptPath(eventId, UUID.randomUUID(), attemptId), scenario.tenant.token()).status())
                .as("an attempt under a rule it does not belong to").isEqualTo(404);
    }

    private UUID ruleTo(Receiver target) {
        return scenario.rule(scenario.connection("Hook " + UUID.randomUUID().toString().substring(0, 8),
                "{\"url\":\"" + target.url() + "\",\"skip_url_test\":true}"), "user.signup");
    }

    private Http.Response cancel(UUID eventId, UUID rule, String token) {
        return server.http().post("/api/v1/events/" + eventId + "/rules/" + rule + "/cancel", token, null);
    }

    private static String attemptPath(UUID eventId, UUID rule, UUID attempt) {
        return "/api/v1/events/" + eventId + "/rules/" + rule + "/attempts/" + attempt;
    }

    private List<JsonNode> attempts(UUID eventId, UUID rule) {
        return server.http().get("/api/v1/events/" + eventId + "/rules/" + rule + "/attempts", scenario.tenant.token())
                .json().path("records").valueStream().toList();
    }

    private void awaitRuleEvent(UUID eventId, java.util.function.Predicate<JsonNode> condition) {
        wait(Duration.ofSeconds(10)).until(() -> condition.test(scenario.event(eventId).path("rule_events").get(0)));
    }

    private static ConditionFactory wait(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50));
    }
}
