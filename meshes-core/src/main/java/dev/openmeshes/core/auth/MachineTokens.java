package dev.openmeshes.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Mints the machine JWT exactly as the official Meshes clients do (HS256 over the secret's UTF-8 bytes). */
public final class MachineTokens {

    private MachineTokens() {}

    public static String mint(String accessKey, String secretKey, String organizationId, Duration lifetime) {
        if (lifetime.compareTo(MachineTokenAuthenticator.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a machine token lives at most " + MachineTokenAuthenticator.MAX_LIFETIME);
        }
        Instant now = Instant.now();
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(accessKey).build();
        var claims = new JWTClaimsSet.Builder()
                .issuer(MachineTokenAuthenticator.ISSUER_PREFIX + accessKey)
                .audience(MachineTokenAuthenticator.AUDIENCE)
                .claim("org", organizationId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        var jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new MACSigner(secretKey.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the secret key is too short for HS256", e);
        }
        return jwt.serialize();
    }
}
