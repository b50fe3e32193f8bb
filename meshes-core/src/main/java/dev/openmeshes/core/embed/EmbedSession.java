package dev.openmeshes.core.embed;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * An embed session: what an iframe of the Meshes dashboard may see and do in one workspace, for
 * whom ({@code externalUserId}) and until when. Its secrets are kept only as SHA-256 hashes: the
 * current access token's (replaced on each refresh, which also bumps {@code tokenVersion}) and the
 * launch token's, which opens the embed page once ({@code launchedAt} set) before {@code launchExpiresAt}.
 *
 * @param resource       with {@code resourceId}, the one resource pair a {@code resource} session is locked to
 * @param allowedOrigins the origins that may frame the page and talk to it; empty: only this server's own
 * @param ttlSeconds     the access token's lifetime, from its creation or last refresh
 */
public record EmbedSession(UUID id, UUID organizationId, UUID workspaceId, Role role, SessionType sessionType,
                           String resource, String resourceId, String externalUserId, Set<String> scopes,
                           List<String> allowedOrigins, LaunchPage launchPage, Status status, int ttlSeconds,
                           String accessTokenHash, int tokenVersion, String launchTokenHash, Instant launchExpiresAt,
                           Instant launchedAt, String createdBy, Instant createdAt, Instant expiresAt,
                           Instant revokedAt) {

    /** The one extra scope a session may be given: event payloads, which it never sees otherwise. */
    public static final String PAYLOAD_SCOPE = "events.payload:read";

    public enum Role { OWNER, ADMIN, MEMBER }

    /** {@code workspace}: the whole embed; {@code resource}: one resource pair; {@code dashboard}: read-only. */
    public enum SessionType { WORKSPACE, RESOURCE, DASHBOARD }

    public enum LaunchPage { DASHBOARD, CONNECTIONS, RULES, EVENTS }

    public enum Status { ACTIVE, REVOKED }

    public EmbedSession {
        scopes = Set.copyOf(scopes);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** Active and not expired: its access token opens the API. */
    public boolean isUsableAt(Instant now) {
        return status == Status.ACTIVE && !isExpiredAt(now);
    }

    /** The authority a token of this session carries. */
    public EmbedGrant grant() {
        return new EmbedGrant(id, role, sessionType, launchPage, resource, resourceId, scopes.contains(PAYLOAD_SCOPE));
    }

    /** The lower-case name an enum constant has in the API. */
    public static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant an API name stands for, or null when it names none. */
    public static <E extends Enum<E>> E parse(Class<E> type, String code) {
        for (E value : type.getEnumConstants()) {
            if (code(value).equals(code)) {
                return value;
            }
        }
        return null;
    }
}
