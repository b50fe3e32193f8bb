package dev.openmeshes.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends events in the background, in bulk requests of up to {@code batchSize}: {@link #offer}
 * never blocks, and a full queue drops the event (told to the listener) rather than growing. A
 * batch goes out when it is full or {@code flushInterval} after its first event; {@link #close()}
 * (and, optionally, JVM shutdown) sends everything still queued.
 *
 * <p>Nothing accepted is lost to a failure the server recovers from: a batch is serialized once
 * with its own {@code Idempotency-Key} and resent, byte for byte, until the server answers it (a
 * server that committed it before its answer was lost replays that answer, so no event is stored
 * twice). Events of a 207 refused for a passing reason go out again in a new request; the others
 * are reported as {@link EmitterListener#rejected}.
 */
public final class BatchingEmitter implements AutoCloseable {

    /**
     * @param capacity      events queued at most (memory bound); beyond it {@link #offer} drops
     * @param batchSize     events per bulk request, 1–100
     * @param flushInterval how long the first event of a batch waits for more
     * @param maxBackoff    the longest wait between two sends of an unanswered batch
     * @param closeTimeout  how long {@link #close()} keeps trying to send what is queued
     * @param shutdownHook  whether JVM shutdown closes the emitter
     */
    public record Options(int capacity, int batchSize, Duration flushInterval, Duration maxBackoff,
                          Duration closeTimeout, boolean shutdownHook, EmitterListener listener) {

        public static final Options DEFAULTS = new Options(10_000, Ingestion.MAX_BULK, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30), true, EmitterListener.NONE);

        public Options {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            if (batchSize < 1 || batchSize > Ingestion.MAX_BULK) {
                throw new IllegalArgumentException("batchSize must be 1 to " + Ingestion.MAX_BULK + ", was " + batchSize);
            }
            Objects.requireNonNull(flushInterval, "flushInterval");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            Objects.requireNonNull(listener, "listener");
        }

        public Options withCapacity(int capacity) {
            return new Options(capacity, batchSize, flushInterval, maxBackoff, closeTimeout, shutdownHook, listener);
        }

        public Options withBatchSize(int batchSize) {
            return new Options(capacity, batchSize, flushInterval, maxBackoff, closeTimeout, shutdownHook, listener);
        }

        public Options withFlushInterval(Duration flushInterval) {
            return new Options(capacity, batchSize, flushInterval, maxBackoff, closeTimeout, shutdownHook, listener);
        }

        public Options withMaxBackoff(Duration maxBackoff) {
            return new Options(capacity, batchSize, flushInterval, maxBackoff, closeTimeout, shutdownHook, listener);
        }

        public Options withCloseTimeout(Duration closeTimeout) {
            return new Options(capacity, batchSize, flushInterval, maxBackoff, closeTimeout, shutdownHook, listener);
        }

        public Options withShutdownHook(boolean shutdownHook) {
            return new Options(capacity, batchSize, flushInterval, maxBackoff, closeTimeout, shutdownHook, listener);
        }

        public Options withListener(EmitterListener listener) {
            return new Options(capacity, batchSize, flushInterval, maxBackoff, closeTimeout, shutdownHook, listener);
        }
    }

    /** Record-level refusals of a 207 that a later request may not meet again. */
    private static final Set<String> PASSING_REJECTIONS =
            Set.of("rate_limited", "internal_error", "service_unavailable", "unavailable");
    /** How often an idle sender looks whether it was closed. */
    private static final long IDLE_POLL_MILLIS = 50;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private static final System.Logger LOG = System.getLogger(BatchingEmitter.class.getName());

    private final Transport transport;
    private final Options options;
    /** The caller's listener, guarded: one that throws must not stop the sender. */
    private final EmitterListener listener;
    /** Woken by close(), so a sender waiting out a backoff tries at once. */
    private final Object wakeUp = new Object();
    private final BlockingQueue<NewEvent> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread sender;
    private final Thread shutdownHook;
    /** When close() stops retrying, in System.nanoTime(); meaningful once closed. */
    private volatile long giveUpAt;

    BatchingEmitter(Transport transport, Options options) {
        this.transport = transport;
        this.options = options;
        this.listener = new Guarded(options.listener());
        this.queue = new ArrayBlockingQueue<>(options.capacity());
        this.sender = new Thread(this::run, "meshes-emitter");
        sender.setDaemon(true); // the shutdown hook, not this thread, keeps events from being lost at exit
        sender.start();
        this.shutdownHook = options.shutdownHook() ? new Thread(this::close, "meshes-emitter-shutdown") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Queues the event and returns at once: true if taken, false if dropped (and told to the listener). */
    public boolean offer(NewEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            listener.dropped(event, EmitterListener.DropReason.CLOSED);
            return false;
        }
        if (!queue.offer(event)) {
            listener.dropped(event, EmitterListener.DropReason.QUEUE_FULL);
            return false;
        }
        return true;
    }

    /** Events waiting to be sent (not counting the batch in flight). */
    public int queued() {
        return queue.size();
    }

    /**
     * Sends everything queued and returns once it is answered, or once the close timeout ran out
     * (what is left then is reported as abandoned). Offers after this are dropped.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            giveUpAt = System.nanoTime() + options.closeTimeout().toNanos();
            synchronized (wakeUp) {
                wakeUp.notifyAll();
            }
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook runs close() anyway, which finds it done
                }
            }
        }
        try {
            // past the deadline the sender gives up after the attempt in flight, which has its timeout
            sender.join(options.closeTimeout().plus(transport.timeout()).toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<NewEvent> late = new ArrayList<>();
        queue.drainTo(late); // offered while closing, after the sender's last look
        late.forEach(event -> listener.dropped(event, EmitterListener.DropReason.CLOSED));
    }

    private void run() {
        try {
            while (!(closed.get() && queue.isEmpty())) {
                List<NewEvent> batch = nextBatch();
                if (!batch.isEmpty()) {
                    deliverOrReport(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Up to batchSize events, waiting at most flushInterval after the first one (not at all once closed). */
    private List<NewEvent> nextBatch() throws InterruptedException {
        List<NewEvent> batch = new ArrayList<>(options.batchSize());
        NewEvent first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long flushAt = System.nanoTime() + options.flushInterval().toNanos();
        while (batch.size() < options.batchSize()) {
            queue.drainTo(batch, options.batchSize() - batch.size());
            long left = flushAt - System.nanoTime();
            if (batch.size() == options.batchSize() || closed.get() || left <= 0) {
                break;
            }
            NewEvent next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS)), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
        return batch;
    }

    private void deliverOrReport(List<NewEvent> batch) throws InterruptedException {
        try {
            deliver(batch);
        } catch (RuntimeException unexpected) {
            // e.g. a 2xx whose body is not the bulk answer: the sender goes on with the next batch
            listener.abandoned(batch, new MeshesException("unexpected failure sending a batch: " + unexpected, unexpected));
        }
    }

    /** Sends the batch, then again those of its events refused for a passing reason, until none is left. */
    private void deliver(List<NewEvent> batch) throws InterruptedException {
        List<NewEvent> pending = batch;
        for (int round = 1; !pending.isEmpty(); round++) {
            BulkResult result = sendUntilAnswered(pending);
            if (result == null) {
                return;
            }
            List<NewEvent> again = new ArrayList<>();
            for (BulkResult.Item item : result.items()) {
                if (item.accepted()) {
                    continue;
                }
                NewEvent event = pending.get(item.index());
                if (PASSING_REJECTIONS.contains(item.rejection().error())) {
                    again.add(event);
                } else {
                    listener.rejected(event, item.rejection());
                }
            }
            if (!result.accepted().isEmpty()) {
                listener.accepted(result.accepted());
            }
            if (!again.isEmpty()) {
                sleep(backoff(round, null));
            }
            pending = again;
        }
    }

    /**
     * One bulk request, sent until it is answered: null when it was refused for good or the close
     * timeout ran out (the listener was told).
     */
    private BulkResult sendUntilAnswered(List<NewEvent> events) throws InterruptedException {
        Transport.Request request = Ingestion.bulkRequest(events, UUID.randomUUID().toString());
        for (int retry = 1; ; retry++) {
            MeshesException failure;
            Duration retryAfter = null;
            try {
                return BulkResult.from(transport.execute(request, RetryPolicy.NONE).json());
            } catch (MeshesApiException refused) {
                if (refused.status() == 400 && "validation_failed".equals(refused.error())) {
                    // No event of the batch was valid: each is refused for good.
                    for (int i = 0; i < events.size(); i++) {
                        listener.rejected(events.get(i),
                                new BulkRejection(i, refused.getMessage(), refused.error(), refused.details()));
                    }
                    return null;
                }
                if (!Transport.retryable(refused, request)) {
                    listener.abandoned(events, refused);
                    return null;
                }
                failure = refused;
                retryAfter = refused.retryAfter().orElse(null);
            } catch (MeshesConnectionException unreachable) {
                failure = unreachable;
            }
            Duration wait = backoff(retry, retryAfter);
            if (closed.get() && System.nanoTime() + wait.toNanos() > giveUpAt) {
                listener.abandoned(events, failure);
                return null;
            }
            listener.retrying(events, failure, wait);
            sleep(wait);
        }
    }

    private Duration backoff(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        return RetryPolicy.jittered(RetryPolicy.backoffStep(FIRST_BACKOFF, options.maxBackoff(), retry),
                java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** Waits, cut short by close() when it began before it: a wait begun after close() lasts. */
    private void sleep(Duration wait) throws InterruptedException {
        boolean closedBefore = closed.get();
        long until = System.nanoTime() + wait.toNanos();
        synchronized (wakeUp) {
            for (long left = wait.toMillis(); left > 0 && (closedBefore || !closed.get());
                 left = (until - System.nanoTime()) / 1_000_000) {
                wakeUp.wait(left);
            }
        }
    }

    /** Delegates to the caller's listener; what it throws is logged, never passed to the sender. */
    private static final class Guarded implements EmitterListener {
        private final EmitterListener delegate;

        Guarded(EmitterListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void dropped(NewEvent event, DropReason reason) {
            guard(() -> delegate.dropped(event, reason));
        }

        @Override
        public void accepted(List<CreatedEvent> events) {
            guard(() -> delegate.accepted(events));
        }

        @Override
        public void rejected(NewEvent event, BulkRejection rejection) {
            guard(() -> delegate.rejected(event, rejection));
        }

        @Override
        public void retrying(List<NewEvent> events, MeshesException failure, Duration wait) {
            guard(() -> delegate.retrying(events, failure, wait));
        }

        @Override
        public void abandoned(List<NewEvent> events, MeshesException lastFailure) {
            guard(() -> delegate.abandoned(events, lastFailure));
        }

        private static void guard(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an EmitterListener threw; the emitter goes on", e);
            }
        }
    }
}
