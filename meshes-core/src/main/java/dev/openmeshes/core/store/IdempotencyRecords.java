package dev.openmeshes.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the first response to a POST carrying an {@code Idempotency-Key}, per caller scope, so
 * a retry gets the same answer instead of a second effect.
 */
public interface IdempotencyRecords {

    /** A stored request: {@code statusCode} is null while the first request is still running. */
    record Entry(String fingerprint, Integer statusCode, String responseBody, Instant createdAt) {}

    /**
     * Claims the key for a new request, or returns the entry that already holds it. Entries created
     * before {@code expiredBefore}, and claims still unfinished since {@code abandonedBefore} (their
     * node died mid-request), are replaced as if absent.
     */
    Optional<Entry> claim(String scope, String key, String fingerprint, Instant now,
                          Instant expiredBefore, Instant abandonedBefore);

    void complete(String scope, String key, int statusCode, String responseBody);

    /** Forgets a claim whose request failed unexpectedly, so that a retry runs again. */
    void release(String scope, String key);

    int deleteCreatedBefore(Instant cutoff);
}
