package dev.openmeshes.core.auth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.store.MachineKeys;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Verifies the Meshes machine JWT: HS256, typ JWT, kid = a live access key, iss
 * {@code urn:meshes:m2m:<kid>}, aud {@code meshes-api}, org = the key's organization, iat and exp
 * present with exp in the future, a lifetime of at most 60 s and iat not ahead of our clock by more
 * than a small skew, and an HMAC-SHA256 signature made with the key's secret.
 *
 * <p>Every failure is the same 401 {@code invalid_token}: callers learn nothing about which check
 * failed. Verified keys (with their decrypted secret) are cached briefly; tokens never are, since
 * clients mint a fresh one per request. Key changes on this node are forgotten at once; on other
 * nodes sharing the store they take effect within {@link #KEY_CACHE_TTL}.
 */
public final class MachineTokenAuthenticator {

    public static final String AUDIENCE = "meshes-api";
    public static final String ISSUER_PREFIX = "urn:meshes:m2m:";
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    public static final Duration KEY_CACHE_TTL = Duration.ofSeconds(10);
    private static final Duration UNKNOWN_KEY_TTL = Duration.ofSeconds(1);
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final System.Logger LOG = System.getLogger(MachineTokenAuthenticator.class.getName());

    /** A key whose secrets are already opened into ready verifiers. */
    private record VerifiedKey(MachineKey key, MACVerifier current, MACVerifier previous) {}

    private final SecretBox secretBox;
    private final InstantSource clock;
    private final LoadingCache<String, Optional<VerifiedKey>> keys;

    public MachineTokenAuthenticator(MachineKeys machineKeys, SecretBox secretBox, InstantSource clock) {
        this.secretBox = secretBox;
        this.clock = clock;
        this.keys = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfter(new Expiry<String, Optional<VerifiedKey>>() {
                    public long expireAfterCreate(String k, Optional<VerifiedKey> v, long now) {
                        return (v.isPresent() ? KEY_CACHE_TTL : UNKNOWN_KEY_TTL).toNanos();
                    }
                    public long expireAfterUpdate(String k, Optional<VerifiedKey> v, long now, long left) {
                        return expireAfterCreate(k, v, now);
                    }
                    public long expireAfterRead(String k, Optional<VerifiedKey> v, long now, long left) {
                        return left;
                    }
                })
                .build(accessKey -> machineKeys.findByAccessKey(accessKey).map(this::open));
    }

    /** Drops the cached copy of a key after it was revoked, rotated or otherwise changed here. */
    public void forget(String accessKey) {
        keys.invalidate(accessKey);
    }

    public Principal authenticate(String token) {
        try {
            return verify(token);
        } catch (ParseException | JOSEException e) {
            throw rejected("unparseable token: " + e.getMessage());
        }
    }

    private Principal verify(String token) throws ParseException, JOSEException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw rejected("token too long");
        }
        SignedJWT jwt = SignedJWT.parse(token);
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw rejected("alg " + header.getAlgorithm());
        }
        JOSEObjectType type = header.getType();
        if (type == null || !type.getType().equalsIgnoreCase("JWT")) {
            throw rejected("typ " + type);
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw rejected("crit header");
        }
        String accessKey = header.getKeyID();
        if (accessKey == null || !Credentials.ACCESS_KEY.matcher(accessKey).matches()) {
            throw rejected("kid missing or malformed");
        }
        Instant now = clock.instant();
        VerifiedKey verified = keys.get(accessKey).orElseThrow(() -> rejected("unknown kid"));
        MachineKey key = verified.key();
        if (!key.isUsableAt(now)) {
            throw rejected("key revoked or expired");
        }
        boolean signed = jwt.verify(verified.current())
                || (verified.previous() != null && key.previousSecretUsableAt(now) && jwt.verify(verified.previous()));
        if (!signed) {
            throw rejected("bad signature");
        }
        checkClaims(jwt.getJWTClaimsSet(), key, now);
        return new Principal(Principal.Type.MACHINE_KEY, key.organizationId(), key.id(), key.accessKey(),
                key.scopes(), key.workspaces());
    }

    private void checkClaims(JWTClaimsSet claims, MachineKey key, Instant now) {
        if (!(ISSUER_PREFIX + key.accessKey()).equals(claims.getIssuer())) {
            throw rejected("iss");
        }
        if (!List.of(AUDIENCE).equals(claims.getAudience())) {
            throw rejected("aud");
        }
        if (!(claims.getClaim("org") instanceof String org) || !sameUuid(org, key.organizationId())) {
            throw rejected("org");
        }
        Date issued = claims.getIssueTime();
        Date expires = claims.getExpirationTime();
        if (issued == null || expires == null) {
            throw rejected("iat or exp missing");
        }
        Instant iat = issued.toInstant();
        Instant exp = expires.toInstant();
        if (!exp.isAfter(now)) {
            throw rejected("expired");
        }
        if (!exp.isAfter(iat) || Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw rejected("lifetime over " + MAX_LIFETIME.toSeconds() + " s");
        }
        if (iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw rejected("iat in the future");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw rejected("nbf in the future");
        }
    }

    private VerifiedKey open(MachineKey key) {
        String context = secretContext(key.accessKey());
        MACVerifier current = verifier(secretBox.open(key.sealedSecret(), context));
        MACVerifier previous = key.sealedPreviousSecret() == null ? null
                : verifier(secretBox.open(key.sealedPreviousSecret(), context));
        return new VerifiedKey(key, current, previous);
    }

    /** The associated data that binds a sealed secret to its access key. */
    public static String secretContext(String accessKey) {
        return "machine_key:" + accessKey;
    }

    private static MACVerifier verifier(String secret) {
        try {
            return new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException("stored secret is too short for HS256", e);
        }
    }

    private static boolean sameUuid(String text, UUID expected) {
        try {
            return UUID.fromString(text).equals(expected) && text.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Problem rejected(String reason) {
        LOG.log(System.Logger.Level.DEBUG, "machine token rejected: {0}", reason);
        return new Problem(Problem.Kind.UNAUTHORIZED, "invalid_token", "Invalid or expired token");
    }
}
