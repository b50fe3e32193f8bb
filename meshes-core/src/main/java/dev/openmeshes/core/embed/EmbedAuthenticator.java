package dev.openmeshes.core.embed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/**
 * Verifies an embed access token: well formed, naming a session whose current token hash it
 * matches, active and not expired. Every failure is the same 401 {@code invalid_token} as a machine
 * token's. Sessions are cached for {@link #SESSION_CACHE_TTL} so a request reads nothing and writes
 * nothing; a refresh or revoke on this node is seen at once ({@link #forget}), on other nodes
 * sharing the store within that time. Expiry is checked against the clock on every request.
 */
public final class EmbedAuthenticator {

    public static final Duration SESSION_CACHE_TTL = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(EmbedAuthenticator.class.getName());

    private final EmbedSessions sessions;
    private final InstantSource clock;
    /** Sessions by id; an unknown id is cached as empty too, so floods of made-up ids do not all reach the store. */
    private final Cache<UUID, Optional<EmbedSession>> cache = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(SESSION_CACHE_TTL).build();

    public EmbedAuthenticator(EmbedSessions sessions, InstantSource clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public Principal authenticate(String token) {
        UUID id = EmbedTokens.sessionOf(token);
        if (id == null) {
            throw rejected("malformed");
        }
        EmbedSession session = cache.get(id, sessions::findById).orElseThrow(() -> rejected("unknown session"));
        if (!EmbedTokens.matches(token, session.accessTokenHash())) {
            throw rejected("not the session's current token");
        }
        if (!session.isUsableAt(clock.instant())) {
            throw rejected("session revoked or expired");
        }
        return Principal.embedded(session.organizationId(), session.workspaceId(), session.grant());
    }

    /** Drops the cached copy of a session after it was refreshed or revoked here. */
    public void forget(UUID sessionId) {
        cache.invalidate(sessionId);
    }

    private static Problem rejected(String reason) {
        LOG.log(System.Logger.Level.DEBUG, "embed token rejected: {0}", reason);
        return new Problem(Problem.Kind.UNAUTHORIZED, "invalid_token", "Invalid or expired token");
    }
}
