package dev.openmeshes.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the first response to a POST carrying an {@code Idempotency-Key}, per principal (the
 * key that sent it), so a retry gets the same answer instead of a second effect. The fingerprint
 * and response are kept as given: the caller seals them, since an answer may carry a secret.
 */
public interface IdempotencyRecords {

    /** A stored request: {@code statusCode} is null while the first request is still running. */
    record Entry(String sealedFingerprint, Integer statusCode, String sealedResponse, Instant createdAt) {}

    /**
     * Claims the key for a new request, or returns the entry that already holds it. Entries created
     * before {@code expiredBefore}, and claims still unfinished since {@code abandonedBefore} (their
     * node died mid-request), are replaced as if absent.
     */
    Optional<Entry> claim(String principal, String key, String sealedFingerprint, Instant now,
                          Instant expiredBefore, Instant abandonedBefore);

    void complete(String principal, String key, int statusCode, String sealedResponse);

    /** Forgets a claim whose request failed unexpectedly, so that a retry runs again. */
    void release(String principal, String key);

    int deleteCreatedBefore(Instant cutoff);
}
