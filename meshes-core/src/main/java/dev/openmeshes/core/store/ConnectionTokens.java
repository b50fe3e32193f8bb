package dev.openmeshes.core.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The OAuth tokens of connections, sealed by the caller before they get here. A refresh is done by
 * one node at a time: it first claims the row ({@link #claimRefresh}), a lease in the database
 * that every node sees, calls the vendor outside any transaction, then stores the result.
 */
public interface ConnectionTokens {

    /**
     * @param sealedAccessToken  the access token, sealed
     * @param sealedRefreshToken the refresh token, sealed, or null when the vendor gives none
     * @param expiresAt          when the access token expires, or null when it does not
     * @param extraJson          what else the token answer carried that calls need (Salesforce
     *                           {@code instance_url}, Pipedrive {@code api_domain}, …), a JSON object
     * @param version            grows by one with every save
     * @param refreshOwner       the node holding the refresh claim, or null
     * @param refreshUntil       when that claim lapses, or null
     */
    record Tokens(UUID connectionId, UUID organizationId, String sealedAccessToken, String sealedRefreshToken,
                  Instant expiresAt, String extraJson, long version, String refreshOwner, Instant refreshUntil,
                  Instant updatedAt) {}

    Optional<Tokens> find(UUID organizationId, UUID connectionId);

    /** Inserts or replaces the connection's tokens (version + 1) and drops any refresh claim. */
    void save(Tokens tokens);

    /**
     * Claims the right to refresh the connection's tokens until {@code until}. False when another
     * owner holds a claim that has not lapsed at {@code now}, or the connection has no tokens.
     */
    boolean claimRefresh(UUID organizationId, UUID connectionId, String owner, Instant now, Instant until);

    /** Gives up a claim without new tokens (the refresh failed); only {@code owner}'s claim. */
    void releaseClaim(UUID organizationId, UUID connectionId, String owner);

    void delete(UUID organizationId, UUID connectionId);
}
