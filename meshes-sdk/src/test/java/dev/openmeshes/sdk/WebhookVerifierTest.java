package dev.openmeshes.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Signatures made as the server's WebhookSigning makes them verify; anything altered does not. */
class WebhookVerifierTest {

    private static final byte[] BODY = "{\"event\":\"user.signup\",\"payload\":{\"email\":\"ada@example.com\"}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Instant SENT = Instant.parse("2026-12-01T12:00:00Z");
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void aHexHmacOfTheBodyVerifiesInTheDefaultOrANamedHeaderWhateverItsCase() {
        String signature = hex("HmacSHA256", "hook-secret".getBytes(StandardCharsets.UTF_8), BODY);

        assertThat(WebhookVerifier.hmacSha256("hook-secret").isValid(Map.of("x-meshes-signature", signature), BODY)).isTrue();
        assertThat(WebhookVerifier.hmacSha256("hook-secret").withHeader("X-Sig")
                .isValid(Map.of("X-SIG", signature.toUpperCase()), BODY)).isTrue();
        String sha512 = hex("HmacSHA512", "hook-secret".getBytes(StandardCharsets.UTF_8), BODY);
        assertThat(WebhookVerifier.hmacSha512("hook-secret").isValid(Map.of("X-Meshes-Signature", sha512), BODY)).isTrue();
    }

    @Test
    void anHmacOverAnotherBodyOrWithAnotherSecretOrMissingIsRefused() {
        var verifier = WebhookVerifier.hmacSha256("hook-secret");
        String signature = hex("HmacSHA256", "hook-secret".getBytes(StandardCharsets.UTF_8), BODY);

        assertThat(verifier.isValid(Map.of("X-Meshes-Signature", signature), "{}".getBytes())).as("another body").isFalse();
        assertThat(WebhookVerifier.hmacSha256("other").isValid(Map.of("X-Meshes-Signature", signature), BODY))
                .as("another secret").isFalse();
        assertThatThrownBy(() -> verifier.verify(Map.of(), BODY)).isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("X-Meshes-Signature header is missing");
    }

    @Test
    void aStandardWebhooksSignatureVerifiesAlsoBesideTheSignatureOfAPreviousSecret() {
        String current = standardSignature(WHSEC, "d-1", SENT.getEpochSecond(), BODY);
        String previous = standardSignature("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), "d-1",
                SENT.getEpochSecond(), BODY);
        var verifier = WebhookVerifier.standardWebhooks(WHSEC).withClock(Clock.fixed(SENT.plusSeconds(30), ZoneOffset.UTC));

        assertThat(verifier.isValid(headers("d-1", SENT, current), BODY)).as("one signature").isTrue();
        assertThat(verifier.isValid(headers("d-1", SENT, previous + " " + current), BODY)).as("both, during a rotation").isTrue();
        assertThat(verifier.isValid(headers("d-2", SENT, current), BODY)).as("another webhook-id").isFalse();
        assertThat(verifier.isValid(headers("d-1", SENT.plusSeconds(1), current), BODY)).as("another timestamp").isFalse();
    }

    @Test
    void aStandardWebhooksRequestOutsideTheToleranceIsRefused() {
        String signature = standardSignature(WHSEC, "d-1", SENT.getEpochSecond(), BODY);
        var later = WebhookVerifier.standardWebhooks(WHSEC).withClock(Clock.fixed(SENT.plusSeconds(301), ZoneOffset.UTC));

        assertThatThrownBy(() -> later.verify(headers("d-1", SENT, signature), BODY))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("301 s from now");
    }

    private static Map<String, String> headers(String id, Instant timestamp, String signature) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp.getEpochSecond()),
                "webhook-signature", signature);
    }

    /** The Standard Webhooks scheme, written out from its specification. */
    private static String standardSignature(String secret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] content = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(mac("HmacSHA256", key, content));
    }

    private static String hex(String algorithm, byte[] key, byte[] body) {
        return HexFormat.of().formatHex(mac(algorithm, key, body));
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
