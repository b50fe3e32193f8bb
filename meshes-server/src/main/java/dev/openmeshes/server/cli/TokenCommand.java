package dev.openmeshes.server.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.openmeshes.core.auth.MachineTokenAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Mints a machine JWT exactly as the official clients do, for curl and scripts. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a 30-second machine JWT made from MESHES_ACCESS_KEY, MESHES_SECRET_KEY and MESHES_ORG_ID.")
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--ttl", defaultValue = "30", description = "Lifetime in seconds, at most 60 (default: ${DEFAULT-VALUE}).")
    int ttlSeconds;

    @Override
    public Integer call() throws JOSEException {
        String accessKey = required("MESHES_ACCESS_KEY");
        String secretKey = required("MESHES_SECRET_KEY");
        String organizationId = System.getenv().getOrDefault("MESHES_ORG_ID", System.getenv("MESHES_ORGANIZATION_ID"));
        if (organizationId == null) {
            throw new IllegalArgumentException("set MESHES_ORG_ID");
        }
        Instant now = Instant.now();
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(accessKey).build();
        var claims = new JWTClaimsSet.Builder()
                .issuer(MachineTokenAuthenticator.ISSUER_PREFIX + accessKey)
                .audience(MachineTokenAuthenticator.AUDIENCE)
                .claim("org", organizationId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(Math.min(ttlSeconds, 60))))
                .build();
        var jwt = new SignedJWT(header, claims);
        jwt.sign(new MACSigner(secretKey.getBytes(StandardCharsets.UTF_8)));
        System.out.println(jwt.serialize());
        return 0;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set " + name);
        }
        return value;
    }
}
