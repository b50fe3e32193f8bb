package dev.openmeshes.server.support;

import dev.openmeshes.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds machine JWTs the way an attacker could: every header field and claim can be changed or
 * removed, and the token signed with any algorithm and key. By default it is the valid token the
 * official clients mint.
 */
public final class Tokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private byte[] secret;

    private Tokens(String accessKey, String secretKey, String organizationId) {
        long now = Instant.now().getEpochSecond();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        header.put("kid", accessKey);
        claims.put("iss", "urn:meshes:m2m:" + accessKey);
        claims.put("aud", "meshes-api");
        claims.put("org", organizationId);
        claims.put("iat", now);
        claims.put("exp", now + 30);
        secret = secretKey.getBytes(StandardCharsets.UTF_8);
    }

    public static Tokens of(String accessKey, String secretKey, String organizationId) {
        return new Tokens(accessKey, secretKey, organizationId);
    }

    /** Sets a header field; {@code null} removes it. */
    public Tokens header(String name, Object value) {
        put(header, name, value);
        return this;
    }

    /** Sets a claim; {@code null} removes it. */
    public Tokens claim(String name, Object value) {
        put(claims, name, value);
        return this;
    }

    public Tokens secret(String otherSecret) {
        secret = otherSecret.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** iat = now + {@code iatOffset} s, exp = now + {@code expOffset} s. */
    public Tokens times(long iatOffset, long expOffset) {
        long now = Instant.now().getEpochSecond();
        return claim("iat", now + iatOffset).claim("exp", now + expOffset);
    }

    /** Signs with the HMAC the header's alg names (HS256/384/512), whatever its key length. */
    public String sign() {
        String alg = String.valueOf(header.get("alg"));
        String macAlgorithm = switch (alg) {
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            default -> "HmacSHA256";
        };
        return signWithMac(macAlgorithm);
    }

    public String signWithMac(String macAlgorithm) {
        String input = signingInput();
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret, macAlgorithm));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RS256 signature made with a fresh key pair of the attacker's own. */
    public String signWithOwnRsaKey() {
        String input = signingInput();
        try {
            var pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(pair.getPrivate());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No signature at all: {@code header.payload.} */
    public String unsigned() {
        return signingInput() + ".";
    }

    private String signingInput() {
        return B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
    }

    private static void put(Map<String, Object> map, String name, Object value) {
        if (value == null) {
            map.remove(name);
        } else {
            map.put(name, value);
        }
    }
}
