package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Emit once, deliver everywhere: real webhook receivers on loopback, the retry schedule shortened
 * by configuration ({@code 0s,200ms,400ms}: three attempts), on SQLite and PostgreSQL.
 */
class DeliveryTest extends OnBothStores {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Scenario scenario;
    Receiver receiver;

    @BeforeEach
    void scenario() {
        scenario = new Scenario(server, "Delivery Co");
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void anEventFansOutToEveryMatchingConnectionOnce() {
        try (Receiver second = Receiver.start(); Receiver third = Receiver.start(); Receiver other = Receiver.start()) {
            scenario.webhookFor("user.signup", receiver.url());
            scenario.webhookFor("user.signup", second.url());
            scenario.webhookFor("user.signup", third.url());
            scenario.webhookFor("invoice.paid", other.url());

            UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}");

            JsonNode event = awaitStatus(eventId, "completed");
            assertThat(event.path("total_rules").asInt()).isEqualTo(3);
            assertThat(event.path("completed_count").asInt()).isEqualTo(3);
            for (Receiver r : List.of(receiver, second, third)) {
                assertThat(r.requests()).hasSize(1);
                JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.requests().getFirst().body());
                assertThat(body.path("uuid").asString()).isEqualTo(eventId.toString());
                assertThat(body.path("event").asString()).isEqualTo("user.signup");
                assertThat(body.path("payload").path("email").asString()).isEqualTo("ada@example.com");
            }
            assertThat(other.requests()).isEmpty();
            Set<String> deliveryIds = event.path("rule_events").valueStream()
                    .map(re -> re.path("id").asString()).collect(Collectors.toSet());
            Set<String> received = List.of(receiver, second, third).stream()
                    .map(r -> r.requests().getFirst().header("X-Meshes-Delivery-Id")).collect(Collectors.toSet());
            assertThat(received).isEqualTo(deliveryIds);
        }
    }

    @Test
    void aReceiverFailingItsFirstAttemptsIsDeliveredOnTheThird() {
        receiver.then(500, 503);
        UUID rule = scenario.rule(scenario.connection("Flaky", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}"),
                "user.signup");

        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");

        JsonNode event = awaitStatus(eventId, "completed");
        assertThat(event.path("rule_events").get(0).path("attempt_count").asInt()).isEqualTo(3);
        assertThat(receiver.requests()).hasSize(3);
        assertThat(receiver.requests().stream().map(r -> r.header("X-Meshes-Delivery-Id")).distinct()).hasSize(1);
        var attempts = attempts(eventId, rule);
        assertThat(attempts.stream().map(a -> a.path("outcome_code").asString()).toList())
                .containsExactly("rejected_server_error", "rejected_server_error", "delivered");
        assertThat(attempts.getFirst().path("status_code").asInt()).isEqualTo(500);
    }

    @Test
    void aReceiverThatAlwaysFailsEndsFailedAndAManualRetryDeliversIt() {
        receiver.always(500);
        UUID rule = scenario.rule(scenario.connection("Down", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}"),
                "user.signup");
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"cy@example.com\"}");

        JsonNode failed = awaitStatus(eventId, "failed");
        assertThat(failed.path("failed_count").asInt()).isEqualTo(1);
        assertThat(failed.path("rule_events").get(0).path("last_error").asString()).contains("500");
        assertThat(receiver.requests()).hasSize(3);

        receiver.always(200);
        var retried = server.http().post("/api/v1/events/" + eventId + "/rules/" + rule + "/retry",
                scenario.tenant.token(), null);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("rule").asString()).isEqualTo(rule.toString());

        JsonNode delivered = awaitStatus(eventId, "completed");
        assertThat(delivered.path("rule_events").get(0).path("attempt_count").asInt()).isEqualTo(4);
        var again = server.http().post("/api/v1/events/" + eventId + "/rules/" + rule + "/retry",
                scenario.tenant.token(), null);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aRetryWhileAnAttemptIsInFlightIsTooEarly() {
        receiver.slow(Duration.ofMillis(1_500));
        UUID rule = scenario.rule(scenario.connection("Slow", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}"),
                "user.signup");
        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"eve@example.com\"}");
        wait(Duration.ofSeconds(5)).until(() -> !receiver.requests().isEmpty());

        var early = server.http().post("/api/v1/events/" + eventId + "/rules/" + rule + "/retry",
                scenario.tenant.token(), null);
        assertThat(early.status()).isEqualTo(425);
        assertThat(early.json().path("error").asString()).isEqualTo("retry_in_progress");

        awaitStatus(eventId, "completed");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void clientErrorsFailAtOnceButServerErrorsAreRetried() {
        try (Receiver rejecting = Receiver.start()) {
            rejecting.always(400);
            receiver.then(502);
            scenario.webhookFor("order.created", rejecting.url());
            scenario.webhookFor("order.created", receiver.url());

            UUID eventId = scenario.emitOk("order.created", "{\"id\":\"o-1\"}");

            JsonNode event = awaitStatus(eventId, "failed");
            assertThat(rejecting.requests()).hasSize(1);
            assertThat(receiver.requests()).hasSize(2);
            assertThat(event.path("completed_count").asInt()).isEqualTo(1);
            assertThat(event.path("failed_count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void retryAfterIsHonoured() {
        receiver.then(429, Map.of("Retry-After", "2"));
        scenario.webhookFor("user.signup", receiver.url());

        UUID eventId = scenario.emitOk("user.signup", "{\"email\":\"dee@example.com\"}");

        awaitStatus(eventId, "completed");
        var first = server.http().get("/api/v1/events/" + eventId, scenario.tenant.token()).json();
        UUID rule = UUID.fromString(first.path("rule_events").get(0).path("rule").asString());
        var attempts = attempts(eventId, rule);
        long gap = java.time.Instant.parse(attempts.get(1).path("started_at").asString()).toEpochMilli()
                - java.time.Instant.parse(attempts.get(0).path("started_at").asString()).toEpochMilli();
        assertThat(gap).as("Retry-After: 2 against a 200 ms schedule").isGreaterThanOrEqualTo(1900);
    }

    @Test
    void anEventNoRuleMatchesIsCompletedAtOnce() {
        scenario.webhookFor("user.signup", receiver.url());

        UUID eventId = scenario.emitOk("page.viewed", "{\"path\":\"/\"}");

        JsonNode event = scenario.event(eventId);
        assertThat(event.path("status").asString()).isEqualTo("completed");
        assertThat(event.path("total_rules").asInt()).isZero();
        assertThat(receiver.requests()).isEmpty();
    }

    private List<JsonNode> attempts(UUID eventId, UUID rule) {
        return server.http().get("/api/v1/events/" + eventId + "/rules/" + rule + "/attempts", scenario.tenant.token())
                .json().path("records").valueStream().toList();
    }

    private JsonNode awaitStatus(UUID eventId, String status) {
        wait(Duration.ofSeconds(20)).until(() -> scenario.event(eventId).path("status").asString().equals(status));
        return scenario.event(eventId);
    }

    private static ConditionFactory wait(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50));
    }
}
