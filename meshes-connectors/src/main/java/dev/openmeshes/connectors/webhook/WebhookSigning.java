package dev.openmeshes.connectors.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How requests are signed ({@code metadata.signing}), always over the exact body bytes sent.
 *
 * @param header                  the signature header of the HMAC modes; null for {@code standard_webhooks}
 * @param previousSecret          the secret before the last rotation, or null
 * @param previousSecretExpiresAt until when receivers may still verify with {@code previousSecret}
 */
record WebhookSigning(Algorithm algorithm, String secret, String header, String previousSecret,
                      Instant previousSecretExpiresAt) {

    enum Algorithm {
        HMAC_SHA256("HmacSHA256"), HMAC_SHA512("HmacSHA512"), STANDARD_WEBHOOKS(null);

        private final String jcaName;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
        }

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isHmac() {
            return jcaName != null;
        }
    }

    static final String WEBHOOK_ID = "webhook-id";
    static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    static final String WEBHOOK_SIGNATURE = "webhook-signature";

    /** Whether receivers still get a signature made with the previous secret. */
    boolean previousSecretActive(Instant now) {
        return previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt);
    }

    /** Adds the signature headers for {@code body}; the signatures themselves are marked secret. */
    void addTo(OutgoingHeaders headers, UUID deliveryId, Instant sentAt, byte[] body) {
        if (algorithm.isHmac()) {
            // Only the current secret: an HMAC header carries one signature, and receivers move to the
            // new secret when it is rotated (the previous one matters for standard_webhooks only).
            headers.addSecret(header, HexFormat.of().formatHex(hmac(algorithm.jcaName, secret, body)));
            return;
        }
        String id = deliveryId.toString();
        long timestamp = sentAt.getEpochSecond();
        String payload = new String(body, StandardCharsets.UTF_8);
        String signature = standardSignature(secret, id, timestamp, payload);
        if (previousSecretActive(sentAt)) {
            // The spec's space-separated list: receivers accept any one, so both old and new secrets verify.
            signature += " " + standardSignature(previousSecret, id, timestamp, payload);
        }
        headers.add(WEBHOOK_ID, id);
        headers.add(WEBHOOK_TIMESTAMP, Long.toString(timestamp));
        headers.addSecret(WEBHOOK_SIGNATURE, signature);
    }

    /** The normalized {@code metadata.signing} object. */
    Map<String, Object> toMetadata() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("algorithm", algorithm.code());
        out.put("secret", secret);
        if (header != null) {
            out.put("header", header);
        }
        if (previousSecret != null) {
            out.put("previous_secret", previousSecret);
            out.put("previous_secret_expires_at", previousSecretExpiresAt.toString());
        }
        return out;
    }

    private static byte[] hmac(String jcaName, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jcaName));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaName + " is unavailable", e);
        }
    }

    /** {@code v1,<base64>} by the reference Java library, so receivers' official verifiers agree by construction. */
    private static String standardSignature(String secret, String id, long timestamp, String payload) {
        try {
            return new Webhook(secret).sign(id, timestamp, payload);
        } catch (EmptyWebhookSecretException | WebhookSigningException e) {
            throw new IllegalStateException("standard webhook signing failed: " + e.getMessage(), e);
        }
    }
}
