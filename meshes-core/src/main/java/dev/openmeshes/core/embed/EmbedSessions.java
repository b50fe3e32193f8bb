package dev.openmeshes.core.embed;

import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The store port of embed sessions. Every change is one conditional UPDATE, so racing requests cannot both win. */
public interface EmbedSessions {

    /** Filters of the session list; null fields do not filter. */
    record Filter(UUID workspaceId, EmbedSession.Status status, String resource, String resourceId) {}

    void insert(EmbedSession session);

    Optional<EmbedSession> find(UUID organizationId, UUID id);

    /** Authentication's lookup by the id an access token names; the caller then checks the token's hash. */
    Optional<EmbedSession> findById(UUID id);

    /** Oldest first, in (created_at, id) order. */
    Page<EmbedSession> list(UUID organizationId, Filter filter, PageRequest page);

    /**
     * Replaces the access token of a session that is active and not expired at {@code now}: the new
     * hash, {@code tokenVersion} + 1 and the new expiry. Empty when the session is revoked, expired or unknown.
     */
    Optional<EmbedSession> replaceAccessToken(UUID organizationId, UUID id, String accessTokenHash, Instant expiresAt,
                                              Instant now);

    /** Marks an active session revoked; false when it was not active (already revoked, or unknown). */
    boolean revoke(UUID organizationId, UUID id, Instant now);

    /**
     * Consumes a launch token: the session whose launch hash this is, if it is active, its launch
     * unused and not expired at {@code now}; marked launched in the same conditional UPDATE, so a
     * token opens the page once however many requests race with it.
     */
    Optional<EmbedSession> consumeLaunch(String launchTokenHash, Instant now);
}
