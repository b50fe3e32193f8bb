package dev.openmeshes.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the machine JWT as the official clients do (HS256 over the secret's UTF-8 bytes, {@code kid}
 * = access key, {@code iss} = {@code urn:meshes:m2m:<access key>}, {@code aud} = {@code meshes-api},
 * {@code org}, {@code iat}, {@code exp} 30 s later) and reuses it while it has time left, so a
 * client making many calls signs about once every 20 seconds.
 */
final class MachineTokens {

    static final Duration LIFETIME = Duration.ofSeconds(30);
    /** A token is renewed this long before it expires, so one in flight never arrives expired. */
    static final Duration RENEWAL_MARGIN = Duration.ofSeconds(10);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final MachineCredentials credentials;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    MachineTokens(MachineCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    synchronized String current() {
        Instant now = clock.instant();
        if (!now.isBefore(renewAt)) {
            token = mint(credentials, now);
            renewAt = now.plus(LIFETIME).minus(RENEWAL_MARGIN);
        }
        return token;
    }

    static String mint(MachineCredentials credentials, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        header.put("kid", credentials.accessKey());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "urn:meshes:m2m:" + credentials.accessKey());
        claims.put("aud", "meshes-api");
        claims.put("org", credentials.organizationId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        String signingInput = BASE64URL.encodeToString(Json.bytes(header)) + "." + BASE64URL.encodeToString(Json.bytes(claims));
        return signingInput + "." + BASE64URL.encodeToString(hmacSha256(credentials.secretKey(), signingInput));
    }

    private static byte[] hmacSha256(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
