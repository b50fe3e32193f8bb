package dev.openmeshes.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Copies SQLite's write-ahead log into the database file on a thread of its own. SQLite would
 * otherwise do it inside the commit that crosses the auto-checkpoint size, so one writer in every
 * few would read back and rewrite megabytes before answering; at ingest rates that was most of
 * the single writer's time. A passive checkpoint runs beside the writer without blocking it.
 * Durability is unchanged: a commit is on disk once the log is synced, before any checkpoint.
 */
final class SqliteCheckpointer implements AutoCloseable {

    /** Log pages after which a commit checkpoints itself: a backstop, reached only if this thread falls behind. */
    static final int WRITER_CHECKPOINT_PAGES = 8_192;
    private static final long PAUSE_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(SqliteCheckpointer.class.getName());

    private final DataSource pool;
    private final AtomicBoolean written = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;

    SqliteCheckpointer(DataSource pool) {
        this.pool = pool;
        this.thread = Thread.ofPlatform().name("sqlite-checkpointer").daemon().start(this::run);
    }

    /** Told after every write transaction: the log has grown. */
    void written() {
        written.lazySet(true);
    }

    private void run() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (written.getAndSet(false)) {
                checkpoint("PASSIVE");
            }
        }
    }

    private void checkpoint(String mode) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(" + mode + ")");
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "WAL checkpoint failed; the next commit past the backstop will do it", e);
        }
    }

    /** Stops, then folds the whole log into the database file and truncates it. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
    }
}
