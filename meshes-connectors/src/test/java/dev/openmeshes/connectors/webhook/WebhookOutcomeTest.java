package dev.openmeshes.connectors.webhook;

import static dev.openmeshes.connectors.webhook.Webhooks.connection;
import static dev.openmeshes.connectors.webhook.Webhooks.metadata;
import static dev.openmeshes.connectors.webhook.Webhooks.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How each answer, or the lack of one, is classified for the worker. */
class WebhookOutcomeTest extends LoopbackWebhookTest {

    DeliveryResult deliver(WebhookConnector through, String url, Object... metadata) {
        return Webhooks.send(through, request(connection(through.validate(metadata(url, metadata)))));
    }

    DeliveryResult deliver() {
        return deliver(connector, receiver.url("/hook"));
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void successIsDelivered(int status) {
        receiver.answering(status);

        DeliveryResult result = deliver();

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.statusCode()).isEqualTo(status);
        assertThat(result.retryable()).isFalse();
        assertThat(result.duration()).isPositive();
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsDelivered() throws Exception {
        receiver.answering(302, Map.of("Location", receiver.url("/elsewhere")), "");

        DeliveryResult result = deliver();

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.statusCode()).isEqualTo(302);
        assertThat(receiver.take().path()).isEqualTo("/hook");
        Thread.sleep(100);
        assertThat(receiver.count()).as("requests after the first").isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "400, REJECTED_CLIENT_ERROR, false",
            "404, REJECTED_CLIENT_ERROR, false",
            "401, AUTH_FAILED, false",
            "403, AUTH_FAILED, false",
            "408, TIMEOUT, true",
            "409, REJECTED_CLIENT_ERROR, true",
            "425, REJECTED_CLIENT_ERROR, true",
            "429, RATE_LIMITED, true",
            "500, REJECTED_SERVER_ERROR, true",
            "503, REJECTED_SERVER_ERROR, true"})
    void failuresAreClassifiedByStatus(int status, Outcome outcome, boolean retryable) {
        receiver.answering(status, Map.of(), "{\"error\":\"nope\"}");

        DeliveryResult result = deliver();

        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.retryable()).isEqualTo(retryable);
        assertThat(result.statusCode()).isEqualTo(status);
        assertThat(result.responseBody()).isEqualTo("{\"error\":\"nope\"}");
        assertThat(result.message()).isEqualTo("HTTP " + status);
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        receiver.answering(429, Map.of("Retry-After", "120"), "slow down");

        DeliveryResult result = deliver();

        assertThat(result.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String inFiveMinutes = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(5));
        receiver.answering(503, Map.of("Retry-After", inFiveMinutes), "");

        DeliveryResult result = deliver();

        assertThat(result.retryAfter()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    }

    @Test
    void aLongResponseBodyIsTruncatedToTheCap() {
        receiver.answering(500, Map.of(), "a" + "é".repeat(5000)); // 10,001 bytes, mostly two-byte characters

        DeliveryResult result = deliver();

        // 2 KiB cut in the middle of a character: the broken half is dropped
        assertThat(result.responseBody()).isEqualTo("a" + "é".repeat(1023));
    }

    @Test
    void anEndlessResponseBodyIsCutOffWithoutBeingDrained() {
        receiver.streamingForever();

        DeliveryResult result = deliver();

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.responseBody()).hasSize(2048);
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutWithinTheResponseTimeout() {
        receiver.neverAnswering();
        try (var impatient = new WebhookConnector(Webhooks.loopbackOptions()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)))) {

            DeliveryResult result = deliver(impatient, receiver.url("/hook"));

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.retryable()).isTrue();
            assertThat(result.statusCode()).isNull();
            assertThat(result.duration()).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
            assertThat(result.message()).isEqualTo("no response within 300 ms");
        }
    }

    @Test
    void aReceiverTricklingItsHeadersIsCutOffAtTheAttemptDeadline() throws Exception {
        // Each byte arrives well within the socket timeout, so only the overall deadline can end this.
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var impatient = new WebhookConnector(Webhooks.loopbackOptions()
                     .withTimeouts(Duration.ofMillis(200), Duration.ofMillis(400)))) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = trickler.accept()) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    while (true) {
                        out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException connectorHungUp) {
                    // expected: the connector gives up
                }
            });

            DeliveryResult result = deliver(impatient, "http://127.0.0.1:" + trickler.getLocalPort() + "/hook");

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.retryable()).isTrue();
            assertThat(result.message()).isEqualTo("no complete response within 600 ms");
            assertThat(result.duration()).isBetween(Duration.ofMillis(550), Duration.ofMillis(2000));
        }
    }

    @Test
    void aRefusedConnectionIsARetryableNetworkError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        DeliveryResult result = deliver(connector, "http://127.0.0.1:" + closedPort + "/hook");

        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.retryable()).isTrue();
        assertThat(result.statusCode()).isNull();
        assertThat(result.message()).startsWith("connection refused");
        assertThat(result.requestHeaders()).containsKey("X-Meshes-Delivery-Id");
    }

    @Test
    void secretsAreRedactedInTheRecordedHeaders() {
        DeliveryResult result = deliver(connector, receiver.url("/hook"),
                "auth", Map.of("type", "header", "header_name", "X-Api-Key", "header_value", "key-123"),
                "headers", Map.of("X-Tenant", "acme"),
                "signing", Map.of("algorithm", "hmac_sha512", "secret", "0123456789abcdef"));

        assertThat(result.requestHeaders())
                .containsEntry("X-Api-Key", "[redacted]")
                .containsEntry("X-Meshes-Signature", "[redacted]")
                .containsEntry("X-Tenant", "acme");
        assertThat(result.requestHeaders().values()).noneMatch(v -> v.contains("key-123"));
    }
}
