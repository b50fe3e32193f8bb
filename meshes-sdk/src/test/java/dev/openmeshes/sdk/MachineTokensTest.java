package dev.openmeshes.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MachineTokensTest {

    private static final MachineCredentials CREDENTIALS = new MachineCredentials(
            "5e0c4a8e-3f61-4f0e-9d7b-2b6f1f0c9a11", "mk_abcdefghijklmnopqrstuv", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-xyz");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aTokenIsTheHs256JwtTheOfficialClientsMint() throws Exception {
        String token = MachineTokens.mint(CREDENTIALS, NOW);

        String[] parts = token.split("\\.");
        assertThat(parts).as("compact JWS segments of %s", token).hasSize(3);
        assertThat(token).as("base64url without padding").doesNotContain("=", "+", "/");
        JsonNode header = decode(parts[0]);
        assertThat(header.path("alg").asString()).isEqualTo("HS256");
        assertThat(header.path("typ").asString()).isEqualTo("JWT");
        assertThat(header.path("kid").asString()).isEqualTo(CREDENTIALS.accessKey());
        JsonNode claims = decode(parts[1]);
        assertThat(claims.path("iss").asString()).isEqualTo("urn:meshes:m2m:" + CREDENTIALS.accessKey());
        assertThat(claims.path("aud").isString()).as("aud is one string, not an array: %s", claims).isTrue();
        assertThat(claims.path("aud").asString()).isEqualTo("meshes-api");
        assertThat(claims.path("org").asString()).isEqualTo(CREDENTIALS.organizationId());
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).as("lifetime in seconds").isEqualTo(30);
        assertThat(claims.propertyNames()).as("claims sent").containsExactlyInAnyOrder("iss", "aud", "org", "iat", "exp");

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(CREDENTIALS.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).as("HMAC over the secret's UTF-8 bytes").isEqualTo(expected);
    }

    @Test
    void aTokenIsReusedUntilTenSecondsBeforeItExpiresThenReminted() {
        var clock = new MutableClock(NOW);
        var tokens = new MachineTokens(CREDENTIALS, clock);
        String first = tokens.current();

        clock.now = NOW.plusSeconds(19);
        assertThat(tokens.current()).as("19 s later, 11 s before expiry").isEqualTo(first);

        clock.now = NOW.plusSeconds(20);
        String renewed = tokens.current();
        assertThat(renewed).as("20 s later, 10 s before expiry").isNotEqualTo(first);
        assertThat(decode(renewed.split("\\.")[1]).path("iat").asLong()).isEqualTo(NOW.plusSeconds(20).getEpochSecond());
    }

    @Test
    void credentialsNeverShowTheSecret() {
        assertThat(CREDENTIALS.toString()).doesNotContain(CREDENTIALS.secretKey()).contains(CREDENTIALS.accessKey());
    }

    private static JsonNode decode(String segment) {
        return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(segment));
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
