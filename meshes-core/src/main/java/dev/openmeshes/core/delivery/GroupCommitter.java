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
 * to about {@code maxBatch} items), writes it in one transaction and then completes every caller's
 * future. No artificial delay: a batch forms while the previous commit runs, so a lone request
 * commits at once and a burst shares one commit. A completed future therefore still means
 * "committed".
 *
 * <p>A caller with several items (a bulk request) hands them in together: they commit in the same
 * transaction and the caller is woken once, not once per item. A submission that cannot be
 * written fails alone: the others of its batch still commit.
 *
 * @param <T> what callers submit
 * @param <R> what each item gets back, in submission order of the batch
 */
public final class GroupCommitter<T, R> implements AutoCloseable {

    private record Submission<T, R>(List<T> items, CompletableFuture<List<R>> done) {}

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    private final BlockingQueue<Submission<T, R>> queue = new LinkedBlockingQueue<>();
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
        return submitAll(List.of(item)).thenApply(results -> results.getFirst());
    }

    /** Items committed together, all or none; the results come back in the items' order. */
    public CompletableFuture<List<R>> submitAll(List<T> items) {
        var submission = new Submission<T, R>(List.copyOf(items), new CompletableFuture<>());
        if (!running) {
            // The node is stopping: the caller may retry, here or on another node.
            submission.done().completeExceptionally(new dev.openmeshes.core.Problem(
                    dev.openmeshes.core.Problem.Kind.UNAVAILABLE, "shutting_down", "This node is shutting down; retry"));
        } else {
            queue.add(submission);
        }
        return submission.done();
    }

    private void run() {
        List<Submission<T, R>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Submission<T, R> next = queue.poll(100, TimeUnit.MILLISECONDS);
                int items = 0;
                while (next != null) {
                    batch.add(next);
                    items += next.items().size();
                    next = items < maxBatch ? queue.poll() : null;
                }
                if (!batch.isEmpty()) {
                    write(batch, items);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Writes the batch in one transaction. If that fails, its halves are written apart, and so on
     * down to single submissions, so one caller's bad item fails that caller alone (each failed
     * transaction rolled back, so a retry writes nothing twice). The happy path writes once.
     */
    private void write(List<Submission<T, R>> batch, int size) {
        List<T> items = new ArrayList<>(size);
        batch.forEach(s -> items.addAll(s.items()));
        List<R> results;
        try {
            results = writeBatch.apply(items);
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                LOG.log(System.Logger.Level.ERROR, "group commit of " + size + " items failed", e);
                batch.getFirst().done().completeExceptionally(e);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "group commit of " + batch.size() + " submissions failed; writing its halves apart", e);
                List<Submission<T, R>> first = batch.subList(0, batch.size() / 2);
                List<Submission<T, R>> second = batch.subList(batch.size() / 2, batch.size());
                write(first, itemCount(first));
                write(second, itemCount(second));
            }
            return;
        }
        int from = 0;
        for (Submission<T, R> s : batch) {
            int to = from + s.items().size();
            s.done().complete(results.subList(from, to));
            from = to;
        }
    }

    private static int itemCount(List<? extends Submission<?, ?>> submissions) {
        return submissions.stream().mapToInt(s -> s.items().size()).sum();
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
