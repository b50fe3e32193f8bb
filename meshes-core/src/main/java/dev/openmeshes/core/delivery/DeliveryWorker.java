package dev.openmeshes.core.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.model.Attempt;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Ids;
import dev.openmeshes.core.model.Rule;
import dev.openmeshes.core.store.Deliveries;
import dev.openmeshes.core.store.Deliveries.Finished;
import dev.openmeshes.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Delivers due deliveries. A dispatcher thread leases batches from the store (so several nodes can
 * share one database, and a dead node's leases run out and are taken over; a live node renews its
 * leases every third of their length, so waiting for a free slot never loses one), then each delivery is
 * attempted on its own virtual thread, at most {@code perConnection} at a time per connection.
 * Results are recorded through a group commit. The dispatcher sleeps until the next delivery is
 * due or until {@link #wake()} says new work arrived; it never spins. Deliveries this node's own
 * ingestion commits are handed to it directly ({@link LocalDelivery}), leased to it already.
 *
 * <p>The node proves it is alive with a heartbeat every {@value #HEARTBEAT_SECONDS} s; a node silent
 * for five heartbeats is dead, and the live ones hand its leases back at once, so a killed node's
 * deliveries go out again within seconds, not after their lease. On the embedded store, which one
 * process serves, a starting worker hands back every lease a crashed predecessor held.
 */
public final class DeliveryWorker implements LocalDelivery, AutoCloseable {

    public record Options(int batchSize, Duration lease, int maxInFlight, int perConnection, Duration idlePoll) {
        public static final Options DEFAULT = new Options(256, Duration.ofMinutes(2), 1024, 32, Duration.ofSeconds(1));

        public Options withLease(Duration newLease) {
            return new Options(batchSize, newLease, maxInFlight, perConnection, idlePoll);
        }
    }

    private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());
    static final int HEARTBEAT_SECONDS = 2;
    private static final Duration HEARTBEAT = Duration.ofSeconds(HEARTBEAT_SECONDS);
    /** Silent for five heartbeats: dead (a heartbeat late by a GC pause or a slow commit is not). */
    private static final Duration SILENCE = HEARTBEAT.multipliedBy(5);
    private static final int MAX_ERROR_LENGTH = 500;

    private final String owner = "worker-" + UUID.randomUUID();
    private final Store store;
    private final Connectors connectors;
    private final ConnectorCalls calls;
    private final RetrySchedule schedule;
    private final InstantSource clock;
    private final Options options;
    private final DeliveryMetrics metrics;
    private final Predicate<UUID> organizationPaused;
    private final Semaphore inFlight;
    /** How often this node renews its leases: a third of their length, so a late renewal still lands in time. */
    private final Duration renewal;
    private final Map<UUID, Semaphore> perConnection = new ConcurrentHashMap<>();
    private final Cache<UUID, Optional<Rule>> rules = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build();
    private final Cache<UUID, Optional<Connection>> connections =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build();
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    private final GroupCommitter<Finished, Boolean> recorder;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;
    private final Thread dispatcher;

    public DeliveryWorker(Store store, Connectors connectors, ConnectorCalls calls, RetrySchedule schedule,
                          InstantSource clock, Options options, DeliveryMetrics metrics,
                          Predicate<UUID> organizationPaused) {
        this.store = store;
        this.connectors = connectors;
        this.calls = calls;
        this.schedule = schedule;
        this.clock = clock;
        this.options = options;
        this.metrics = metrics;
        this.organizationPaused = organizationPaused;
        this.inFlight = new Semaphore(options.maxInFlight());
        this.renewal = options.lease().dividedBy(3);
        this.recorder = new GroupCommitter<>("delivery-recorder", 500, batch -> store.deliveries().record(owner, batch));
        proveAlive();
        this.dispatcher = Thread.ofPlatform().name("delivery-dispatcher").daemon().start(this::dispatch);
    }

    /** New work may be due: stop sleeping. Cheap; call it after every commit that adds work. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * The least time between two claims. Every claim is a write transaction; on SQLite it takes the
     * one write lock that ingestion also needs, so under a stream of wake-ups claims are paced and
     * gather larger batches instead of taking the lock hundreds of times a second.
     */
    private static final long CLAIM_PACE_NANOS = Duration.ofMillis(5).toNanos();

    /** Heartbeats, and hands back the leases of nodes that stopped doing so (at start: of a crashed predecessor). */
    private int proveAlive() {
        Instant now = clock.instant();
        store.deliveries().heartbeat(owner, now);
        int released = store.deliveries().releaseAbandoned(owner, now.minus(SILENCE), now);
        if (released > 0) {
            LOG.log(System.Logger.Level.INFO, "{0} deliveries left by a stopped node are due again", released);
        }
        return released;
    }

    private void dispatch() {
        long lastClaim = 0;
        long lastRenewal = System.nanoTime();
        long lastHeartbeat = System.nanoTime();
        while (running) {
            try {
                if (System.nanoTime() - lastHeartbeat >= HEARTBEAT.toNanos()) {
                    proveAlive();
                    lastHeartbeat = System.nanoTime();
                }
                if (System.nanoTime() - lastRenewal >= renewal.toNanos()) {
                    // Claimed deliveries may wait for a per-connection slot longer than a lease.
                    store.deliveries().renew(owner, clock.instant().plus(options.lease()));
                    lastRenewal = System.nanoTime();
                }
                long sinceLast = System.nanoTime() - lastClaim;
                if (sinceLast < CLAIM_PACE_NANOS) {
                    Thread.sleep(Duration.ofNanos(CLAIM_PACE_NANOS - sinceLast));
                }
                lastClaim = System.nanoTime();
                int room = Math.min(options.batchSize(), inFlight.availablePermits());
                List<Delivery> claimed = room == 0 ? List.of()
                        : store.deliveries().claim(owner, clock.instant(), clock.instant().plus(options.lease()), room);
                if (!claimed.isEmpty()) {
                    start(claimed);
                }
                if (claimed.size() < room || room == 0) {
                    sleepUntilDue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "delivery dispatch failed; retrying shortly", e);
                sleep(options.idlePoll());
            }
        }
    }

    private void start(List<Delivery> claimed) {
        Map<UUID, Event> events = store.events().findAll(claimed.stream().map(Delivery::eventId).collect(Collectors.toSet()));
        for (Delivery delivery : claimed) {
            inFlight.acquireUninterruptibly();
            launch(delivery, events.get(delivery.eventId()));
        }
    }

    @Override
    public int reserve(int wanted) {
        int reserved = 0;
        while (running && reserved < wanted && inFlight.tryAcquire()) {
            reserved++;
        }
        return reserved;
    }

    @Override
    public void unreserve(int count) {
        inFlight.release(count);
    }

    @Override
    public Deliveries.Lease lease(Instant now) {
        return new Deliveries.Lease(owner, now.plus(options.lease()));
    }

    /** Deliveries ingestion wrote leased to this worker, their room reserved: attempted without a claim. */
    @Override
    public void take(List<Delivery> deliveries, Map<UUID, Event> events) {
        for (Delivery delivery : deliveries) {
            launch(delivery, events.get(delivery.eventId()));
        }
    }

    /** Attempts a leased delivery on its own virtual thread; its in-flight permit is already held. */
    private void launch(Delivery delivery, Event event) {
        if (attempts.isShutdown()) { // stopping: the lease is handed back with the others on close
            inFlight.release();
            return;
        }
        attempts.execute(() -> {
            try {
                attempt(delivery, event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "recording delivery " + delivery.id() + " failed; its lease will expire", e);
            } finally {
                inFlight.release();
            }
        });
    }

    private void attempt(Delivery delivery, Event event) {
        Instant started = clock.instant();
        if (organizationPaused.test(delivery.organizationId())) {
            // Its organization is suspended: wait, without an attempt, until it is resumed.
            recorder.submit(new Finished(null, held(delivery, delivery.attemptCount(), delivery.lastError(), false))).join();
            return;
        }
        Optional<Connection> connection = connection(delivery);
        if (connection.isPresent() && !connection.get().active()) {
            // Its credentials were refused (or it was switched off): wait, without an attempt, until it is fixed.
            recorder.submit(new Finished(null, held(delivery, delivery.attemptCount(), delivery.lastError(), false))).join();
            return;
        }
        DeliveryResult result = deliver(delivery, event, connection);
        int number = delivery.attemptCount() + 1;
        Instant now = clock.instant();
        var attempt = new Attempt(Ids.timeOrdered(), delivery.id(), delivery.organizationId(), delivery.eventId(),
                delivery.ruleId(), number, result.outcome().code(), result.statusCode(),
                result.duration() == null ? Duration.between(started, now).toMillis() : result.duration().toMillis(),
                message(result), result.responseBody(), result.requestHeaders(), started);
        Delivery updated = next(delivery, result, number, now);
        if (result.verdict() != null && result.verdict().inactiveReason() != null && connection.isPresent()) {
            boolean deactivated = calls.deactivate(connection.get(), result.verdict().inactiveReason(), now);
            connections.invalidate(delivery.connectionId());
            // Held, and this attempt does not count against its retries; if the connection was fixed
            // meanwhile (the refusal was of old credentials), it is simply due again.
            updated = deactivated ? held(delivery, number, error(result), true)
                    : with(delivery, DeliveryStatus.PENDING, number, now, error(result), null);
        }
        metrics.attempted(delivery.integrationType(), result, Duration.ofMillis(attempt.durationMillis()));
        boolean recorded = recorder.submit(new Finished(attempt, updated)).join();
        if (recorded && updated.status().terminal()) {
            metrics.finished(delivery.integrationType(), updated.status());
        }
        if (updated.status() == DeliveryStatus.PENDING) {
            wake(); // its retry may be due before the dispatcher's planned wake-up
        }
    }

    /** The connection, cached briefly; an inactive one is read again, so a fixed connection is seen at once. */
    private Optional<Connection> connection(Delivery delivery) {
        Optional<Connection> cached = connections.get(delivery.connectionId(),
                id -> store.connections().find(delivery.organizationId(), id));
        if (cached.isPresent() && !cached.get().active()) {
            cached = store.connections().find(delivery.organizationId(), delivery.connectionId());
            connections.put(delivery.connectionId(), cached);
        }
        return cached;
    }

    private DeliveryResult deliver(Delivery delivery, Event event, Optional<Connection> connection) {
        Optional<Rule> rule = rules.get(delivery.ruleId(), id -> store.rules().find(delivery.organizationId(), id));
        Optional<Connector> connector = connectors.find(delivery.integrationType());
        if (event == null || rule.isEmpty() || connection.isEmpty() || connector.isEmpty()) {
            String missing = event == null ? "event" : rule.isEmpty() ? "rule" : connection.isEmpty() ? "connection"
                    : "connector for " + delivery.integrationType();
            return new DeliveryResult(DeliveryResult.Outcome.INTERNAL_ERROR, false, null, Duration.ZERO, null, null,
                    Map.of(), "The " + missing + " no longer exists");
        }
        Semaphore slots = perConnection.computeIfAbsent(delivery.connectionId(), id -> new Semaphore(options.perConnection()));
        slots.acquireUninterruptibly();
        try {
            return calls.deliver(connector.get(), connection.get(), rule.get(), event, delivery.id(),
                    delivery.attemptCount() + 1);
        } finally {
            slots.release();
        }
    }

    private static String message(DeliveryResult result) {
        if (result.warnings().isEmpty()) {
            return result.message();
        }
        return (result.message() == null ? "" : result.message() + "; ") + "warnings: " + String.join("; ", result.warnings());
    }

    private static String error(DeliveryResult result) {
        String error = result.message() == null ? result.outcome().code() : result.message();
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }

    /** Waiting for its connection to be fixed; an attempt the refusal cost is given back to its retries. */
    private static Delivery held(Delivery d, int attempts, String error, boolean refund) {
        return new Delivery(d.id(), d.organizationId(), d.workspaceId(), d.eventId(), d.ruleId(), d.connectionId(),
                d.integrationType(), d.event(), d.resource(), d.resourceId(), DeliveryStatus.PENDING, attempts,
                refund ? d.maxAttempts() + 1 : d.maxAttempts(), Deliveries.HELD, error, d.startedAt(), null,
                d.createdBy(), d.createdAt());
    }

    /** The delivery after this attempt: delivered, scheduled again, or failed for good. */
    private Delivery next(Delivery d, DeliveryResult result, int attemptsMade, Instant now) {
        if (result.delivered()) {
            return with(d, DeliveryStatus.COMPLETED, attemptsMade, null, null, now);
        }
        String error = error(result);
        if (!result.retryable() || attemptsMade >= d.maxAttempts()) {
            return with(d, DeliveryStatus.FAILED, attemptsMade, null, error, now);
        }
        return with(d, DeliveryStatus.PENDING, attemptsMade, schedule.nextAttemptAt(attemptsMade, now, result.retryAfter()),
                error, null);
    }

    private static Delivery with(Delivery d, DeliveryStatus status, int attempts, Instant next, String error, Instant completed) {
        return new Delivery(d.id(), d.organizationId(), d.workspaceId(), d.eventId(), d.ruleId(), d.connectionId(),
                d.integrationType(), d.event(), d.resource(), d.resourceId(), status, attempts, d.maxAttempts(), next,
                error, d.startedAt(), completed, d.createdBy(), d.createdAt());
    }

    private void sleepUntilDue() {
        Duration wait = java.util.stream.Stream.of(options.idlePoll(), renewal, HEARTBEAT) // wake to renew and heartbeat
                .min(Duration::compareTo).orElseThrow();
        Optional<Instant> due = store.deliveries().nextDueAt();
        if (due.isPresent()) {
            Duration untilDue = Duration.between(clock.instant(), due.get());
            if (untilDue.compareTo(wait) < 0) {
                wait = untilDue.isNegative() ? Duration.ZERO : untilDue;
            }
        }
        synchronized (signal) {
            if (!woken && !wait.isZero() && running) {
                try {
                    signal.wait(Math.max(1, wait.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming, lets attempts in flight finish and be recorded (up to 30 s), then hands any
     * lease still held back to the store, due at once, for this or another node to retry.
     */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(10));
            attempts.shutdown();
            attempts.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.close();
        store.deliveries().release(owner); // also forgets this node: a clean stop is not a death
    }
}
