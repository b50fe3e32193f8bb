package dev.openmeshes.connectors.webhook;

import static dev.openmeshes.connectors.webhook.Webhooks.connection;
import static dev.openmeshes.connectors.webhook.Webhooks.metadata;
import static dev.openmeshes.connectors.webhook.Webhooks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.openmeshes.core.connector.DeliveryResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signatures over the exact bytes received, checked the way receivers check them. */
class WebhookSigningTest extends LoopbackWebhookTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OLD_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "an older secret of 32 bytes, ok!".getBytes(StandardCharsets.US_ASCII));
    static final String UNRELATED_SECRET = "whsec_" + "B".repeat(40);

    Receiver.Received deliverSigned(Map<String, Object> signing, String format) throws Exception {
        DeliveryResult result = Webhooks.send(connector, request(connection(connector.validate(
                metadata(receiver.url("/signed"), "signing", signing, "payload_format", format)))));
        assertThat(result.delivered()).isTrue();
        return receiver.take();
    }

    static Map<String, String> standardHeaders(Receiver.Received received) {
        return Map.of("webhook-id", received.header("webhook-id"),
                "webhook-timestamp", received.header("webhook-timestamp"),
                "webhook-signature", received.header("webhook-signature"));
    }

    static void javaVerify(String secret, Receiver.Received received) throws Exception {
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of(received.header("webhook-id")),
                "webhook-timestamp", List.of(received.header("webhook-timestamp")),
                "webhook-signature", List.of(received.header("webhook-signature")));
        new Webhook(secret).verify(received.bodyText(), headers);
    }

    @Nested
    class Hmac {

        @ParameterizedTest
        @CsvSource({"hmac_sha256, HmacSHA256, wrapped", "hmac_sha512, HmacSHA512, raw"})
        void theSignatureIsLowercaseHexOfTheReceivedBytes(String algorithm, String jcaName, String format)
                throws Exception {
            String secret = "a-shared-secret-of-some-length";

            Receiver.Received received = deliverSigned(Map.of("algorithm", algorithm, "secret", secret), format);

            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jcaName));
            String expected = HexFormat.of().formatHex(mac.doFinal(received.body()));
            assertThat(received.header("X-Meshes-Signature")).isEqualTo(expected).matches("[0-9a-f]+");
        }

        @Test
        void theSignatureGoesInTheConfiguredHeaderAndIsRedactedInTheRecord() throws Exception {
            DeliveryResult result = Webhooks.send(connector, request(connection(connector.validate(metadata(
                    receiver.url("/signed"), "signing",
                    Map.of("algorithm", "hmac_sha256", "secret", "0123456789abcdef", "header", "X-Hub-Signature"))))));

            assertThat(receiver.take().header("X-Hub-Signature")).hasSize(64);
            assertThat(result.requestHeaders()).containsEntry("X-Hub-Signature", "[redacted]")
                    .doesNotContainKey("X-Meshes-Signature");
        }

        @Test
        void aRotatedHmacSecretSignsWithTheCurrentSecretOnly() throws Exception {
            String current = "the-current-secret-1234";
            Receiver.Received received = deliverSigned(Map.of("algorithm", "hmac_sha256", "secret", current,
                    "previous_secret", "the-previous-secret-567",
                    "previous_secret_expires_at", Instant.now().plus(1, ChronoUnit.HOURS).toString()), "wrapped");

            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(current.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(received.header("X-Meshes-Signature")).isEqualTo(HexFormat.of().formatHex(mac.doFinal(received.body())));
        }
    }

    @Nested
    class StandardWebhooks {

        @Test
        void headersFollowTheSpec() throws Exception {
            var connection = connection(connector.validate(metadata(receiver.url("/signed"),
                    "signing", Map.of("algorithm", "standard_webhooks", "secret", SECRET))));
            Webhooks.Call request = request(connection);
            long before = Instant.now().getEpochSecond();

            DeliveryResult result = Webhooks.send(connector, request);

            Receiver.Received received = receiver.take();
            assertThat(received.header("webhook-id")).isEqualTo(request.request().deliveryId().toString());
            assertThat(Long.parseLong(received.header("webhook-timestamp")))
                    .isBetween(before, Instant.now().getEpochSecond());
            assertThat(received.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
            assertThat(result.requestHeaders()).containsEntry("webhook-signature", "[redacted]")
                    .containsEntry("webhook-id", request.request().deliveryId().toString());
        }

        @Test
        void theJavaLibraryVerifiesWhatWasReceived() throws Exception {
            Receiver.Received received = deliverSigned(Map.of("algorithm", "standard_webhooks", "secret", SECRET),
                    "wrapped");

            javaVerify(SECRET, received);
            assertThatThrownBy(() -> javaVerify(UNRELATED_SECRET, received))
                    .isInstanceOf(WebhookVerificationException.class);
        }

        @Test
        void theOfficialNodeVerifierAcceptsWhatWasReceived() throws Exception {
            NodeStandardWebhooks.assumeAvailable();
            Receiver.Received received = deliverSigned(Map.of("algorithm", "standard_webhooks", "secret", SECRET),
                    "raw");

            assertThat(NodeStandardWebhooks.verifies(SECRET, standardHeaders(received), received.body())).isTrue();
            // and it is not a verifier that accepts anything:
            byte[] tampered = Arrays.copyOf(received.body(), received.body().length);
            tampered[tampered.length - 2] ^= 1;
            assertThat(NodeStandardWebhooks.verifies(SECRET, standardHeaders(received), tampered)).isFalse();
            assertThat(NodeStandardWebhooks.verifies(UNRELATED_SECRET, standardHeaders(received), received.body()))
                    .isFalse();
        }

        @Test
        void duringRotationBothSecretsVerify() throws Exception {
            Receiver.Received received = deliverSigned(Map.of("algorithm", "standard_webhooks", "secret", SECRET,
                    "previous_secret", OLD_SECRET,
                    "previous_secret_expires_at", Instant.now().plus(1, ChronoUnit.HOURS).toString()), "wrapped");

            assertThat(received.header("webhook-signature").split(" "))
                    .hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
            javaVerify(SECRET, received);
            javaVerify(OLD_SECRET, received);
            assertThatThrownBy(() -> javaVerify(UNRELATED_SECRET, received))
                    .isInstanceOf(WebhookVerificationException.class);
        }

        @Test
        void duringRotationTheOfficialNodeVerifierAcceptsTheOldSecret() throws Exception {
            NodeStandardWebhooks.assumeAvailable();
            Receiver.Received received = deliverSigned(Map.of("algorithm", "standard_webhooks", "secret", SECRET,
                    "previous_secret", OLD_SECRET,
                    "previous_secret_expires_at", Instant.now().plus(1, ChronoUnit.HOURS).toString()), "wrapped");

            assertThat(NodeStandardWebhooks.verifies(OLD_SECRET, standardHeaders(received), received.body())).isTrue();
            assertThat(NodeStandardWebhooks.verifies(SECRET, standardHeaders(received), received.body())).isTrue();
        }

        @Test
        void anExpiredPreviousSecretIsNoLongerUsed() throws Exception {
            Receiver.Received received = deliverSigned(Map.of("algorithm", "standard_webhooks", "secret", SECRET,
                    "previous_secret", OLD_SECRET,
                    "previous_secret_expires_at", Instant.now().minus(1, ChronoUnit.MINUTES).toString()), "wrapped");

            assertThat(received.header("webhook-signature").split(" ")).hasSize(1);
            javaVerify(SECRET, received);
            assertThatThrownBy(() -> javaVerify(OLD_SECRET, received))
                    .isInstanceOf(WebhookVerificationException.class);
        }
    }
}
