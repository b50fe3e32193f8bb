package dev.openmeshes.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.store.MachineKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.core.JacksonException;

/**
 * Verifies the Meshes machine JWT: HS256, typ JWT, kid = a live access key, iss
 * {@code urn:meshes:m2m:<kid>}, aud {@code meshes-api}, org = the key's organization (or, for a
 * platform admin's operator key, any organization it acts inside), iat and exp
 * present with exp in the future, a lifetime of at most 60 s and iat not ahead of our clock by more
 * than a small skew, and an HMAC-SHA256 signature made with the key's secret.
 *
 * <p>Every failure is the same 401 {@code invalid_token}: callers learn nothing about which check
 * failed. Nimbus JOSE+JWT parses and vets the header; the JDK's HMAC-SHA256 checks the signature.
 * Because this runs on every request, nothing is done twice: verified keys (secret opened, HMAC
 * keyed) are cached briefly, and so is the vetted header segment, which is the same in every token
 * of a key. Tokens themselves are never cached; clients mint a fresh one per request. Claims are
 * read only once the signature has verified. Key changes on this node are forgotten at once; on
 * other nodes sharing the store they take effect within {@link #KEY_CACHE_TTL}.
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

    /** A key whose secrets are already opened into ready HMAC keys, and the principal it authenticates. */
    private record VerifiedKey(MachineKey key, HmacSha256Key current, HmacSha256Key previous, Principal principal,
                               String issuer, String organization) {}

    private final MachineKeys machineKeys;
    private final SecretBox secretBox;
    private final InstantSource clock;
    // Neither cache below is size-bounded, so a hit is a plain hash lookup with no eviction
    // bookkeeping; both only hold entries for keys that exist, and expire them.
    private final Cache<String, VerifiedKey> keys = Caffeine.newBuilder().expireAfterWrite(KEY_CACHE_TTL).build();
    /** Header segments seen in tokens whose signature verified: bounded by real clients, not attackers. */
    private final Cache<String, JWSHeader> headers = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).build();
    /** Access keys that were not found, so floods of made-up kids do not all reach the store. */
    private final Cache<String, Boolean> unknownKeys = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(UNKNOWN_KEY_TTL).build();

    public MachineTokenAuthenticator(MachineKeys machineKeys, SecretBox secretBox, InstantSource clock) {
        this.machineKeys = machineKeys;
        this.secretBox = secretBox;
        this.clock = clock;
    }

    /** Drops the cached copy of a key after it was revoked, rotated or otherwise changed here. */
    public void forget(String accessKey) {
        keys.invalidate(accessKey);
        unknownKeys.invalidate(accessKey);
    }

    public Principal authenticate(String token) {
        try {
            return verify(token);
        } catch (ParseException | JacksonException | IllegalArgumentException e) {
            throw rejected("unparseable: " + e.getClass().getSimpleName());
        }
    }

    private Principal verify(String token) throws ParseException {
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        if (token.length() > MAX_TOKEN_LENGTH || firstDot < 1 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw rejected("not a compact JWS");
        }
        String headerSegment = token.substring(0, firstDot);
        JWSHeader vetted = headers.getIfPresent(headerSegment);
        JWSHeader header = vetted != null ? vetted : vet(headerSegment);
        Instant now = clock.instant();
        VerifiedKey verified = key(header.getKeyID());
        MachineKey key = verified.key();
        if (!key.isUsableAt(now)) {
            throw rejected("key revoked or expired");
        }
        byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = base64Url(bytes, secondDot + 1, bytes.length);
        boolean signed = verified.current().verifies(bytes, secondDot, signature)
                || (verified.previous() != null && key.previousSecretUsableAt(now)
                        && verified.previous().verifies(bytes, secondDot, signature));
        if (!signed) {
            throw rejected("bad signature");
        }
        if (vetted == null) {
            headers.put(headerSegment, header); // a write costs more than a read: once per new header
        }
        TokenClaims claims = TokenClaims.parse(base64Url(bytes, firstDot + 1, secondDot));
        checkClaims(claims, verified, now);
        return principalFor(claims.organization(), verified);
    }

    private static byte[] base64Url(byte[] bytes, int from, int to) {
        ByteBuffer decoded = Base64.getUrlDecoder().decode(ByteBuffer.wrap(bytes, from, to - from));
        byte[] array = decoded.array();
        if (decoded.arrayOffset() == 0 && decoded.position() == 0 && decoded.limit() == array.length) {
            return array; // the decoder sized it exactly: no copy
        }
        return Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(), decoded.arrayOffset() + decoded.limit());
    }

    /** The parsed header segment, vetted: alg HS256, typ JWT, a well-formed kid, no crit. */
    private static JWSHeader vet(String segment) throws ParseException {
        JWSHeader header = JWSHeader.parse(new Base64URL(segment));
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
        return header;
    }

    private VerifiedKey key(String accessKey) {
        VerifiedKey cached = keys.getIfPresent(accessKey);
        if (cached != null) {
            return cached;
        }
        if (unknownKeys.getIfPresent(accessKey) != null) {
            throw rejected("unknown kid");
        }
        VerifiedKey loaded = keys.get(accessKey, k -> machineKeys.findByAccessKey(k).map(this::open).orElse(null));
        if (loaded == null) {
            unknownKeys.put(accessKey, Boolean.TRUE);
            throw rejected("unknown kid");
        }
        return loaded;
    }

    private static void checkClaims(TokenClaims claims, VerifiedKey key, Instant now) {
        if (!claims.wellTyped()) {
            throw rejected("a claim has the wrong type");
        }
        if (!key.issuer().equals(claims.issuer())) {
            throw rejected("iss");
        }
        if (!AUDIENCE.equals(claims.audience())) {
            throw rejected("aud");
        }
        if (claims.organization() == null) {
            throw rejected("org");
        }
        Instant iat = claims.issuedAt();
        Instant exp = claims.expiresAt();
        if (iat == null || exp == null) {
            throw rejected("iat or exp missing");
        }
        if (!exp.isAfter(now)) {
            throw rejected("expired");
        }
        if (!exp.isAfter(iat) || Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw rejected("lifetime over " + MAX_LIFETIME.toSeconds() + " s");
        }
        if (iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw rejected("iat in the future");
        }
        if (claims.notBefore() != null && claims.notBefore().isAfter(now.plus(CLOCK_SKEW))) {
            throw rejected("nbf in the future");
        }
    }

    /**
     * The key's own principal when {@code org} names its organization. Only an operator key holding
     * platform:admin may name another organization, to act inside it: operator keys live in the
     * reserved operators' organization, so for every other key a foreign {@code org} stays a
     * mismatch, exactly as before. Whether the named organization exists and is open is checked at
     * the edge, with every principal's organization.
     */
    private static Principal principalFor(String org, VerifiedKey key) {
        if (key.organization().equalsIgnoreCase(org)) {
            return key.principal();
        }
        if (!key.key().organizationId().equals(Organization.OPERATORS) || !key.principal().isPlatformAdmin()) {
            throw rejected("org");
        }
        try {
            return key.principal().actingIn(UUID.fromString(org));
        } catch (IllegalArgumentException notAnId) {
            throw rejected("org is not an organization id");
        }
    }

    private VerifiedKey open(MachineKey key) {
        String context = secretContext(key.accessKey());
        HmacSha256Key current = hmacKey(secretBox.open(key.sealedSecret(), context));
        HmacSha256Key previous = key.sealedPreviousSecret() == null ? null
                : hmacKey(secretBox.open(key.sealedPreviousSecret(), context));
        var principal = new Principal(Principal.Type.MACHINE_KEY, key.organizationId(), key.id(), key.accessKey(),
                key.scopes(), key.workspaces());
        return new VerifiedKey(key, current, previous, principal, ISSUER_PREFIX + key.accessKey(),
                key.organizationId().toString());
    }

    /** The associated data that binds a sealed secret to its access key. */
    public static String secretContext(String accessKey) {
        return "machine_key:" + accessKey;
    }

    /** Clients sign with the UTF-8 bytes of the secret as typed, not its base64 decoding. */
    private static HmacSha256Key hmacKey(String secret) {
        return new HmacSha256Key(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static Problem rejected(String reason) {
        LOG.log(System.Logger.Level.DEBUG, "machine token rejected: {0}", reason);
        return new Problem(Problem.Kind.UNAUTHORIZED, "invalid_token", "Invalid or expired token");
    }
}
