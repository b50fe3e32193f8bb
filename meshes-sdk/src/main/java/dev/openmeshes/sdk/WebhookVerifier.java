package dev.openmeshes.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks, on the receiving side, that a webhook request was signed by the server with the
 * connection's {@code metadata.signing} secret, over the exact body bytes received (verify before
 * parsing). Signatures are compared in constant time.
 *
 * <ul>
 *   <li>{@code hmac_sha256} / {@code hmac_sha512}: the hex HMAC of the body, keyed with the secret's
 *       UTF-8 bytes, in one header ({@code X-Meshes-Signature} unless the connection names another).
 *       This mode signs no timestamp, so it cannot refuse a replayed request: deduplicate on
 *       {@code X-Meshes-Delivery-Id}.</li>
 *   <li>{@code standard_webhooks}: {@code webhook-id}, {@code webhook-timestamp} and
 *       {@code webhook-signature} ({@code v1,<base64>}, space-separated, one per live secret) over
 *       {@code id.timestamp.body} with the {@code whsec_} secret; a timestamp further than the
 *       tolerance (default 5 minutes) from now is refused.</li>
 * </ul>
 */
public final class WebhookVerifier {

    public static final String DEFAULT_HMAC_HEADER = "X-Meshes-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private enum Mode { HMAC, STANDARD_WEBHOOKS }

    private final Mode mode;
    private final String jcaAlgorithm;
    private final byte[] key;
    private final String header;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(Mode mode, String jcaAlgorithm, byte[] key, String header, Duration tolerance, Clock clock) {
        this.mode = mode;
        this.jcaAlgorithm = jcaAlgorithm;
        this.key = key;
        this.header = header;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public static WebhookVerifier hmacSha256(String secret) {
        return hmac("HmacSHA256", secret);
    }

    public static WebhookVerifier hmacSha512(String secret) {
        return hmac("HmacSHA512", secret);
    }

    private static WebhookVerifier hmac(String algorithm, String secret) {
        MachineCredentials.requireText(secret, "secret");
        return new WebhookVerifier(Mode.HMAC, algorithm, secret.getBytes(StandardCharsets.UTF_8), DEFAULT_HMAC_HEADER,
                DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /** @param secret {@code whsec_} followed by the base64 key, as the connection's signing settings hold it */
    public static WebhookVerifier standardWebhooks(String secret) {
        MachineCredentials.requireText(secret, "secret");
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Standard Webhooks secret is whsec_ followed by base64");
        }
        return new WebhookVerifier(Mode.STANDARD_WEBHOOKS, "HmacSHA256", key, null, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /** The HMAC modes' header, when the connection's {@code signing.header} names another. */
    public WebhookVerifier withHeader(String name) {
        MachineCredentials.requireText(name, "header");
        return new WebhookVerifier(mode, jcaAlgorithm, key, name, tolerance, clock);
    }

    /** How far {@code webhook-timestamp} may be from now (Standard Webhooks only). */
    public WebhookVerifier withTolerance(Duration tolerance) {
        return new WebhookVerifier(mode, jcaAlgorithm, key, header, Objects.requireNonNull(tolerance), clock);
    }

    WebhookVerifier withClock(Clock clock) {
        return new WebhookVerifier(mode, jcaAlgorithm, key, header, tolerance, clock);
    }

    /**
     * @param headers the request's headers (names in any case)
     * @param body    the body exactly as received
     */
    public void verify(Map<String, String> headers, byte[] body) throws WebhookVerificationException {
        if (mode == Mode.HMAC) {
            String signature = required(headers, header);
            byte[] expected = HexFormat.of().formatHex(sign(body)).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                throw new WebhookVerificationException("the " + header + " signature does not match the body");
            }
            return;
        }
        String id = required(headers, "webhook-id");
        String timestamp = required(headers, "webhook-timestamp");
        String signatures = required(headers, "webhook-signature");
        checkTimestamp(timestamp);
        byte[] signed = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[signed.length + body.length];
        System.arraycopy(signed, 0, content, 0, signed.length);
        System.arraycopy(body, 0, content, signed.length, body.length);
        byte[] expected = ("v1," + Base64.getEncoder().encodeToString(sign(content))).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String candidate : signatures.strip().split(" +")) {
            // every candidate is compared, so the time taken does not tell which one matched
            matched |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        if (!matched) {
            throw new WebhookVerificationException("no webhook-signature matches the body");
        }
    }

    /** {@link #verify} as a yes or no. */
    public boolean isValid(Map<String, String> headers, byte[] body) {
        try {
            verify(headers, body);
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }

    private void checkTimestamp(String timestamp) throws WebhookVerificationException {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not a number of seconds");
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new WebhookVerificationException("webhook-timestamp is " + skew.toSeconds() + " s from now, beyond "
                    + tolerance.toSeconds() + " s");
        }
    }

    private byte[] sign(byte[] content) {
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaAlgorithm + " is unavailable", e);
        }
    }

    private static String required(Map<String, String> headers, String name) throws WebhookVerificationException {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
                return header.getValue();
            }
        }
        throw new WebhookVerificationException("the " + name + " header is missing");
    }

    @Override
    public String toString() {
        return "WebhookVerifier[" + mode + (header == null ? "" : ", header=" + header) + "]";
    }
}
