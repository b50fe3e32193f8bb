package dev.openmeshes.core.people;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sessions of signed-in people as signed tokens, kept by the browser in a cookie (or sent as a
 * bearer token): {@code mss1.<base64url(user org issued expires epoch)>.<base64url(HMAC-SHA256)>},
 * with a key derived from the master key, so every node sharing it verifies every session.
 *
 * <p>Opening a session writes nothing: on SQLite's single writer it never queues behind ingestion.
 * The user's session epoch and roles are read through a short cache, so a password change, a
 * logout everywhere, a role change or a removal takes effect at once on this node and within
 * {@link #STANDING_CACHE_TTL} on the others. The CSRF token is an HMAC of the session token under a
 * second derived key: a page can only know it if it could read our answers.
 */
public final class UserSessions {

    public static final Duration LIFETIME = Duration.ofHours(12);
    public static final Duration STANDING_CACHE_TTL = Duration.ofSeconds(5);
    private static final String PREFIX = "mss1.";
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** What a verified token says. */
    public record Session(UUID userId, UUID organizationId, Instant issuedAt, Instant expiresAt, long epoch) {}

    /** A user's current epoch and roles by organization; {@code epoch} -1 for a user who no longer exists. */
    private record Standing(long epoch, Map<UUID, Role> roles) {}

    private final People people;
    private final SecretKeySpec signingKey;
    private final SecretKeySpec csrfKey;
    private final InstantSource clock;
    private final Cache<UUID, Standing> standings = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(STANDING_CACHE_TTL).build();

    public UserSessions(People people, byte[] signingKey, byte[] csrfKey, InstantSource clock) {
        this.people = people;
        this.signingKey = new SecretKeySpec(signingKey, "HmacSHA256");
        this.csrfKey = new SecretKeySpec(csrfKey, "HmacSHA256");
        this.clock = clock;
    }

    /** Whether a bearer token is one of ours rather than a machine JWT. */
    public static boolean isSessionToken(String token) {
        return token.startsWith(PREFIX);
    }

    public String issue(User user, UUID organizationId) {
        Instant now = clock.instant();
        String payload = user.id() + " " + organizationId + " " + now.toEpochMilli() + " "
                + now.plus(LIFETIME).toEpochMilli() + " " + user.sessionEpoch();
        String signed = PREFIX + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signed + "." + BASE64URL.encodeToString(mac(signingKey, signed));
    }

    /** The principal of a live session: its signature verified, not expired, its epoch current, its membership held. */
    public Principal authenticate(String token) {
        Session session = verify(token);
        Standing standing = standings.get(session.userId(), this::load);
        Role role = standing.roles().get(session.organizationId());
        if (standing.epoch() != session.epoch() || role == null) {
            throw ended();
        }
        return Principal.user(session.organizationId(), session.userId(), role.scopes());
    }

    /** The token's claims once its signature verifies and it has not expired; anything else is a 401. */
    public Session verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX)) {
            throw ended();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            throw ended();
        }
        String signed = token.substring(0, dot);
        try {
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(signingKey, signed), signature)) {
                throw ended();
            }
            String[] fields = new String(Base64.getUrlDecoder().decode(signed.substring(PREFIX.length())),
                    StandardCharsets.UTF_8).split(" ");
            if (fields.length != 5) {
                throw ended();
            }
            var session = new Session(UUID.fromString(fields[0]), UUID.fromString(fields[1]),
                    Instant.ofEpochMilli(Long.parseLong(fields[2])), Instant.ofEpochMilli(Long.parseLong(fields[3])),
                    Long.parseLong(fields[4]));
            if (!clock.instant().isBefore(session.expiresAt())) {
                throw ended();
            }
            return session;
        } catch (IllegalArgumentException malformed) { // base64, UUID and number parsing alike
            throw ended();
        }
    }

    /** The CSRF token that goes with a session token. */
    public String csrfToken(String sessionToken) {
        return BASE64URL.encodeToString(mac(csrfKey, "csrf " + sessionToken));
    }

    public boolean csrfMatches(String sessionToken, String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken(sessionToken).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops what is cached of a user after their password, epoch, roles or memberships changed here. */
    public void forget(UUID userId) {
        standings.invalidate(userId);
    }

    private Standing load(UUID userId) {
        return people.findUser(userId)
                .map(user -> new Standing(user.sessionEpoch(), people.membershipsOf(userId).stream()
                        .collect(Collectors.toUnmodifiableMap(Membership::organizationId, Membership::role))))
                .orElse(new Standing(-1, Map.of()));
    }

    private static Problem ended() {
        return new Problem(Problem.Kind.UNAUTHORIZED, "invalid_session", "Not signed in, or the session has ended; sign in again");
    }

    private static byte[] mac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
