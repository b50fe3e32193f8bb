package dev.openmeshes.connectors.webhook;

import static dev.openmeshes.connectors.webhook.Webhooks.EVENT_CREATED;
import static dev.openmeshes.connectors.webhook.Webhooks.PAYLOAD;
import static dev.openmeshes.connectors.webhook.Webhooks.connection;
import static dev.openmeshes.connectors.webhook.Webhooks.metadata;
import static dev.openmeshes.connectors.webhook.Webhooks.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.connector.DeliveryResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a receiver gets: the body in both formats, the standard headers, auth and custom headers. */
class WebhookDeliveryTest extends LoopbackWebhookTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    DeliveryResult deliver(Map<String, Object> metadata) {
        return Webhooks.send(connector, request(connection(connector.validate(metadata))));
    }

    @Nested
    class Bodies {

        @Test
        void wrappedIsTheEnvelopeWithThePayloadEmbeddedUnchanged() throws Exception {
            Webhooks.Call request = request(connection(connector.validate(metadata(receiver.url("/hook")))));
            Instant before = Instant.now();

            DeliveryResult result = Webhooks.send(connector, request);

            assertThat(result.delivered()).isTrue();
            Receiver.Received received = receiver.take();
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.path()).isEqualTo("/hook");
            JsonNode body = JSON.readTree(received.body());
            assertThat(body.propertyNames()).containsExactly("uuid", "event", "resource", "resource_id", "payload",
                    "time_created", "time_sent");
            assertThat(body.get("uuid").asString()).isEqualTo(request.request().eventId().toString());
            assertThat(body.get("event").asString()).isEqualTo("contact.created");
            assertThat(body.get("resource").asString()).isEqualTo("contact");
            assertThat(body.get("resource_id").asString()).isEqualTo("c_42");
            assertThat(body.get("time_created").asLong()).isEqualTo(EVENT_CREATED.toEpochMilli());
            assertThat(body.get("time_sent").asLong()).isBetween(before.toEpochMilli(), Instant.now().toEpochMilli());
            // byte for byte, not re-serialized: key order and spacing as ingested
            assertThat(received.bodyText()).contains("\"payload\":" + PAYLOAD);
        }

        @Test
        void rawIsThePayloadAloneWithTheEnvelopeInHeaders() throws Exception {
            Webhooks.Call request = request(connection(connector.validate(
                    metadata(receiver.url("/raw"), "payload_format", "raw"))));
            Instant before = Instant.now();

            assertThat(Webhooks.send(connector, request).delivered()).isTrue();

            Receiver.Received received = receiver.take();
            assertThat(received.bodyText()).isEqualTo(PAYLOAD);
            assertThat(received.header("X-Meshes-Event-Id")).isEqualTo(request.request().eventId().toString());
            assertThat(received.header("X-Meshes-Event")).isEqualTo("contact.created");
            assertThat(received.header("X-Meshes-Resource")).isEqualTo("contact");
            assertThat(received.header("X-Meshes-Resource-Id")).isEqualTo("c_42");
            assertThat(received.header("X-Meshes-Time-Created")).isEqualTo(Long.toString(EVENT_CREATED.toEpochMilli()));
            assertThat(Long.parseLong(received.header("X-Meshes-Time-Sent")))
                    .isBetween(before.toEpochMilli(), Instant.now().toEpochMilli());
        }

        @Test
        void wrappedSendsNoEnvelopeHeaders() throws Exception {
            deliver(metadata(receiver.url("/hook")));

            assertThat(receiver.take().headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("X-Meshes-Event"));
        }
    }

    @Nested
    class StandardHeaders {

        @Test
        void everyRequestCarriesContentTypeUserAgentDeliveryIdAndAttempt() throws Exception {
            var connection = connection(connector.validate(metadata(receiver.url("/hook"))));
            UUID deliveryId = UUID.randomUUID();

            Webhooks.send(connector, request(connection, deliveryId, 3));

            Receiver.Received received = receiver.take();
            assertThat(received.header("Content-Type")).isEqualTo("application/json");
            assertThat(received.headers().get("Content-type")).as("Content-Type values").hasSize(1);
            assertThat(received.header("User-Agent")).isEqualTo("OpenMeshes/0.1");
            assertThat(received.header("X-Meshes-Delivery-Id")).isEqualTo(deliveryId.toString());
            assertThat(received.header("X-Meshes-Attempt")).isEqualTo("3");
        }

        @Test
        void theDeliveryIdStaysTheSameAcrossAttempts() throws Exception {
            var connection = connection(connector.validate(metadata(receiver.url("/hook"))));
            UUID deliveryId = UUID.randomUUID();

            Webhooks.send(connector, request(connection, deliveryId, 1));
            Webhooks.send(connector, request(connection, deliveryId, 2));

            Receiver.Received first = receiver.take();
            Receiver.Received second = receiver.take();
            assertThat(second.header("X-Meshes-Delivery-Id")).isEqualTo(first.header("X-Meshes-Delivery-Id"));
            assertThat(first.header("X-Meshes-Attempt")).isEqualTo("1");
            assertThat(second.header("X-Meshes-Attempt")).isEqualTo("2");
        }

        @Test
        void theResultRecordsTheHeadersSent() {
            DeliveryResult result = deliver(metadata(receiver.url("/hook"), "headers", Map.of("X-Tenant", "acme")));

            assertThat(result.requestHeaders()).containsEntry("Content-Type", "application/json")
                    .containsEntry("User-Agent", "OpenMeshes/0.1").containsEntry("X-Meshes-Attempt", "1")
                    .containsEntry("X-Tenant", "acme").containsKey("X-Meshes-Delivery-Id");
        }
    }

    @Nested
    class Methods {

        @ParameterizedTest
        @ValueSource(strings = {"PUT", "PATCH", "POST"})
        void theConfiguredMethodIsUsed(String method) throws Exception {
            deliver(metadata(receiver.url("/hook"), "method", method));

            Receiver.Received received = receiver.take();
            assertThat(received.method()).isEqualTo(method);
            assertThat(JSON.readTree(received.body()).get("event").asString()).isEqualTo("contact.created");
        }
    }

    @Nested
    class Authentication {

        @Test
        void noneSendsNoAuthorization() throws Exception {
            deliver(metadata(receiver.url("/hook"), "auth", Map.of("type", "none")));

            assertThat(receiver.take().header("Authorization")).isNull();
        }

        @Test
        void basicSendsTheEncodedPairAndRedactsItInTheRecord() throws Exception {
            DeliveryResult result = deliver(metadata(receiver.url("/hook"),
                    "auth", Map.of("type", "basic", "username", "hooks", "password", "s3cr3t-pässword")));

            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString("hooks:s3cr3t-pässword".getBytes(StandardCharsets.UTF_8));
            assertThat(receiver.take().header("Authorization")).isEqualTo(expected);
            assertThat(result.requestHeaders()).containsEntry("Authorization", "[redacted]");
        }

        @Test
        void bearerSendsTheTokenAndRedactsItInTheRecord() throws Exception {
            DeliveryResult result = deliver(metadata(receiver.url("/hook"),
                    "auth", Map.of("type", "bearer", "token", "tok_123")));

            assertThat(receiver.take().header("Authorization")).isEqualTo("Bearer tok_123");
            assertThat(result.requestHeaders()).containsEntry("Authorization", "[redacted]");
            assertThat(result.requestHeaders().values()).doesNotContain("Bearer tok_123");
        }

        @Test
        void headerSendsTheNamedHeaderAndRedactsItInTheRecord() throws Exception {
            DeliveryResult result = deliver(metadata(receiver.url("/hook"),
                    "auth", Map.of("type", "header", "header_name", "X-Api-Key", "header_value", "key_987")));

            assertThat(receiver.take().header("X-Api-Key")).isEqualTo("key_987");
            assertThat(result.requestHeaders()).containsEntry("X-Api-Key", "[redacted]");
        }
    }

    @Nested
    class CustomHeaders {

        @Test
        void upToFiveCustomHeadersAreSentAsConfigured() throws Exception {
            Map<String, Object> headers = new LinkedHashMap<>();
            for (int i = 1; i <= 5; i++) {
                headers.put("X-Custom-" + i, "value " + i);
            }

            deliver(metadata(receiver.url("/hook"), "headers", headers));

            Receiver.Received received = receiver.take();
            for (int i = 1; i <= 5; i++) {
                assertThat(received.header("X-Custom-" + i)).isEqualTo("value " + i);
            }
        }
    }
}
