package dev.openmeshes.connectors.webhook;

import static dev.openmeshes.connectors.webhook.Webhooks.connection;
import static dev.openmeshes.connectors.webhook.Webhooks.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.Integration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The connector as the server sees it: its catalog entry, secrets, and the test request. */
class WebhookConnectorTest extends LoopbackWebhookTest {

    @Test
    void itIsTheWebhookType() {
        assertThat(connector.type()).isEqualTo("webhook");
        assertThat(connector.actionData(connection(metadata(receiver.url("/"))))).isEmpty();
    }

    @Test
    void secretPathsNameEveryCredential() {
        assertThat(connector.spec().secretPaths()).containsExactlyInAnyOrder("auth.password", "auth.token",
                "auth.header_value", "signing.secret", "signing.previous_secret");
    }

    @Test
    void theCatalogDescribesEveryMetadataKeyAndTheSendAction() {
        Integration integration = connector.spec().toIntegration();

        assertThat(integration.type()).isEqualTo("webhook");
        assertThat(integration.name()).isEqualTo("Webhook");
        assertThat(integration.authentication()).containsEntry("type", "none");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) integration.authentication().get("fields");
        assertThat(fields).extracting(f -> f.get("key")).containsExactly("url", "method", "payload_format",
                "auth.type", "auth.username", "auth.password", "auth.token", "auth.header_name", "auth.header_value",
                "headers", "signing.algorithm", "signing.secret", "signing.header", "signing.previous_secret",
                "signing.previous_secret_expires_at", "skip_url_test");
        assertThat(fields).allSatisfy(field -> {
            assertThat(field).containsKeys("label", "key", "type", "helpText", "required");
            assertThat(field.get("type")).isIn("text", "password", "select");
            if ("select".equals(field.get("type"))) {
                assertThat(field).containsKey("options");
            }
        });
        // every secret path is a password field
        assertThat(fields).filteredOn(f -> connector.spec().secretPaths().contains(f.get("key")))
                .extracting(f -> f.get("type")).containsOnly("password").hasSize(5);
        assertThat(fields).filteredOn(f -> f.get("key").equals("method")).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("defaultValue", "POST"));
        assertThat(fields).filteredOn(f -> f.get("key").equals("auth.token")).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("dependsOn",
                        Map.of("field", "auth.type", "value", "bearer")));

        Integration.Action send = integration.actions().get("send_webhook");
        assertThat(send.key()).isEqualTo("send_webhook");
        assertThat(send.label()).isEqualTo("Send webhook");
        assertThat(send.noun()).isEqualTo("webhook");
        assertThat(send.fields()).isEmpty();
        assertThat(send.data()).isEmpty();
        assertThat(send.display().label()).isEqualTo("Send webhook");
        assertThat(send.display().description()).isNotBlank();
        assertThat(integration.actions()).containsOnlyKeys("send_webhook");
    }

    @Test
    void theTestRequestSucceedsAgainstAWorkingReceiver() throws Exception {
        var connection = connection(connector.validate(metadata(receiver.url("/hook"),
                "auth", Map.of("type", "bearer", "token", "tok"))));

        assertThat(connector.check(connection)).isNull();

        Receiver.Received received = receiver.take();
        JsonNode body = JsonMapper.builder().build().readTree(received.body());
        assertThat(body.get("event").asString()).isEqualTo("meshes.connection_test");
        assertThat(body.get("payload").toString()).isEqualTo("{\"test\":true}");
        assertThat(received.header("Authorization")).isEqualTo("Bearer tok");
        assertThat(received.header("X-Meshes-Attempt")).isEqualTo("1");
    }

    @Test
    void theTestRequestUsesTheRawFormatToo() throws Exception {
        connector.check(connection(connector.validate(metadata(receiver.url("/hook"), "payload_format", "raw"))));

        Receiver.Received received = receiver.take();
        assertThat(received.bodyText()).isEqualTo("{\"test\":true}");
        assertThat(received.header("X-Meshes-Event")).isEqualTo("meshes.connection_test");
    }

    @Test
    void theTestRequestReportsTheFailedAttempt() {
        receiver.answering(401, Map.of(), "bad credentials");

        DeliveryResult failure = connector.check(connection(connector.validate(metadata(receiver.url("/hook")))));

        assertThat(failure).isNotNull();
        assertThat(failure.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(failure.statusCode()).isEqualTo(401);
        assertThat(failure.responseBody()).isEqualTo("bad credentials");
    }

    @Test
    void invalidStoredMetadataIsANonRetryableFailureNotAnException() {
        DeliveryResult result = Webhooks.send(connector, Webhooks.request(connection(Map.of("method", "GET"))));

        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isFalse();
        assertThat(result.message()).contains("metadata.url").contains("metadata.method");
        assertThat(receiver.count()).isZero();
    }
}
