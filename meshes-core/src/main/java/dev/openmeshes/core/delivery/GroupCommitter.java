package dev.openmeshes.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit: callers hand in items and wait; one writer thread drains whatever has queued (up
 * to {@code maxBatch}), writes it in one transaction and then completes every caller's future. No
 * artificial delay: a batch forms while the previous commit runs, so a lone request commits at
 * once and a burst shares one commit. A completed future therefore still means "committed".
 *
 * @param <T> what callers submit
 * @param <R> what each caller gets back, in submission order of the batch
 */
public final class GroupCommitter<T, R> implements AutoCloseable {

    private record Pending<T, R>(T item, CompletableFuture<R> done) {}

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Function<List<T>, List<R>> writeBatch;
    private final int maxBatch;
    private final Thread writer;
    private volatile boolean running = true;

    /** @param writeBatch writes the items in one transaction and returns one result per item, in order */
    public GroupCommitter(String name, int maxBatch, Function<List<T>, List<R>> writeBatch) {
        this.writeBatch = writeBatch;
        this.maxBatch = maxBatch;
        this.writer = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    public CompletableFuture<R> submit(T item) {
        var pending = new Pending<T, R>(item, new CompletableFuture<>());
        if (!running) {
            // The node is stopping: the caller may retry, here or on another node.
            pending.done().completeExceptionally(new dev.openmeshes.core.Problem(
                    dev.openmeshes.core.Problem.Kind.UNAVAILABLE, "shutting_down", "This node is shutting down; retry"));
        } else {
            queue.add(pending);
        }
        return pending.done();
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending<T, R>> batch) {
        List<R> results;
        try {
            results = writeBatch.apply(batch.stream().map(Pending::item).toList());
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "group commit of " + batch.size() + " items failed", e);
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(results.get(i));
        }
    }

    /** Stops taking items, writes what is queued, then returns. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
