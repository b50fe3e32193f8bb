package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Attempt;
import dev.openmeshes.core.model.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Deliveries ("rule events") and their attempts: the worker's queue and the history. */
public interface Deliveries {

    /** Far in the future: a pending delivery due then is held, waiting for its connection to be fixed. */
    Instant HELD = Instant.parse("9999-01-01T00:00:00Z");

    /**
     * Leases up to {@code limit} due deliveries to {@code owner} until {@code leaseUntil}: pending
     * ones whose time has come, and processing ones whose lease ran out (their node died). Claims of
     * concurrent callers, on any node, never overlap.
     */
    List<Delivery> claim(String owner, Instant now, Instant leaseUntil, int limit);

    /** When the next pending delivery falls due, if any; held deliveries never do. */
    Optional<Instant> nextDueAt();

    /**
     * A finished attempt and its delivery as the attempt left it; {@code attempt} is null when the
     * delivery changes without an attempt made (put back pending and {@link #HELD}, say).
     */
    record Finished(Attempt attempt, Delivery updated) {}

    /**
     * Records finished attempts: stores each (none for a null attempt), updates its delivery (which must still be leased to
     * {@code owner}) and refreshes the summaries of their events. Returns, per attempt, whether it
     * was recorded: false when its lease was lost.
     */
    List<Boolean> record(String owner, List<Finished> finished);

    /**
     * Extends every lease {@code owner} holds to {@code leaseUntil}: a live node keeps what it
     * claimed, however long the deliveries wait for a free slot; a dead node stops renewing.
     */
    int renew(String owner, Instant leaseUntil);

    /** Hands leased deliveries back, due at once, and forgets the node (graceful shutdown). */
    int release(String owner);

    /** A lease given with a delivery when it is written: the node's own worker takes it without a claim. */
    record Lease(String owner, Instant until) {}

    /**
     * Records that the worker node {@code owner} is alive: nodes that stop doing so are dead and
     * their leases are handed back by {@link #releaseAbandoned}. The embedded store, which serves
     * one process, needs no record.
     */
    void heartbeat(String owner, Instant now);

    /**
     * Hands back, due at once, the leases of dead nodes: on a shared store those whose last
     * heartbeat is older than {@code silentSince} (and forgets them); on the embedded store, which
     * one process serves, every lease but {@code self}'s, left by a process that did not stop cleanly.
     * Returns how many deliveries were handed back.
     */
    int releaseAbandoned(String self, Instant silentSince, Instant now);

    /** Holds every pending delivery of the connection (next attempt at HELD); returns how many. */
    int hold(UUID organizationId, UUID connectionId);

    /** Makes every held delivery of the connection due at {@code now}; returns how many. */
    int resume(UUID organizationId, UUID connectionId, Instant now);

    /** Holds every pending delivery of the organization (it was suspended); returns how many. */
    int holdOrganization(UUID organizationId);

    /**
     * Makes every held delivery of the organization due at {@code now} (it was resumed); those that
     * also wait for their connection are held again by the worker without an attempt.
     */
    int resumeOrganization(UUID organizationId, Instant now);

    List<Delivery> forEvent(UUID organizationId, UUID eventId);

    Optional<Delivery> find(UUID organizationId, UUID eventId, UUID ruleId);

    /**
     * Makes a pending, failed or canceled delivery due now, allowing one more attempt. Empty when it
     * is not retryable any more: leased meanwhile, or canceled while its attempt is still in flight.
     */
    Optional<Delivery> retryNow(Delivery delivery, Instant now);

    /**
     * Stops further delivery of the event through the rule ({@code null}: through every rule): a
     * pending delivery is canceled at once and never claimed again; one in flight is canceled too,
     * but keeps its lease so that its attempt is still recorded, and a retry that attempt would
     * schedule stays canceled. Returns the deliveries it canceled; finished ones are left alone.
     */
    List<Delivery> cancel(UUID organizationId, UUID eventId, UUID ruleId, Instant now);

    /** Every attempt at the delivery of the event through the rule, oldest first. */
    List<Attempt> attempts(UUID organizationId, UUID eventId, UUID ruleId);

    /** Deliveries waiting for an attempt (pending or leased), for metrics. */
    long countUnfinished();
}
