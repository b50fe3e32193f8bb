package dev.openmeshes.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/** The embedded store: one file, one writer at a time, one process. */
final class SqliteDialect implements Dialect {

    @Override
    public String kind() {
        return "sqlite";
    }

    /**
     * SQLite in WAL mode with synchronous=FULL: a commit survives power loss, and readers never
     * block the writer; {@link SqliteCheckpointer} folds the log into the database beside them.
     * Write transactions start IMMEDIATE (no deadlock on a lock upgrade) and, in this process,
     * queue on the store's writer; the busy timeout only covers other processes.
     */
    @Override
    public HikariDataSource pool(StoreConfig config) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(30_000);
        sqlite.setCacheSize(-16_384); // KiB per connection: the indexes the ingest writer touches stay in memory
        sqlite.setWalAutocheckpoint(SqliteCheckpointer.WRITER_CHECKPOINT_PAGES);
        sqlite.setJournalSizeLimit(64 << 20); // a burst's log is cut back once checkpointed
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // A pooled connection serves one thread at a time and sqlite-jdbc serializes its native calls
        // anyway, so SQLite's own per-call mutex is redundant (it cost ~1 % of the machine at ingest).
        sqlite.setOpenMode(SQLiteOpenMode.NOMUTEX);
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl("jdbc:sqlite:" + DataDirectory.database(config.dataDir()).toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(dataSource);
        hikari.setPoolName("meshes-sqlite");
        hikari.setMaximumPoolSize(Math.min(config.poolSize(), 8));
        hikari.setMaxLifetime(0); // a file needs no recycled connections, and each keeps its prepared statements
        return new HikariDataSource(hikari);
    }

    /**
     * SQLite has one writer: queueing this process's writers on a fair lock, in order, beats
     * SQLite's busy handler, which sleeps up to 100 ms between polls of the file lock. After each
     * write the background checkpointer is told the log has grown.
     */
    @Override
    public Writer writer(DataSource pool) {
        return new SingleWriter(new ReentrantLock(true), new SqliteCheckpointer(pool));
    }

    private record SingleWriter(Lock lock, SqliteCheckpointer checkpointer) implements Writer {
        @Override
        public <R> R write(Supplier<R> transaction) {
            lock.lock();
            try {
                return transaction.get();
            } finally {
                lock.unlock();
                checkpointer.written();
            }
        }

        @Override
        public void close() {
            checkpointer.close();
        }
    }

    /** The safety level is the connection's, and cannot change inside a transaction. */
    @Override
    public <R> R inDeferredTransaction(Jdbi jdbi, HandleCallback<R, RuntimeException> work) {
        return jdbi.withHandle(h -> {
            h.execute("PRAGMA synchronous = NORMAL");
            try {
                return h.inTransaction(work);
            } finally {
                h.execute("PRAGMA synchronous = FULL");
            }
        });
    }

    /** The single writer makes a claim atomic; SQLite knows no row locks. */
    @Override
    public String skipLocked() {
        return "";
    }

    @Override
    public String lockedInKeyOrder(String table, String keyColumns, String condition) {
        return condition;
    }

    /** SQLite compiles SQL on every prepare, which cost the single ingest writer more than its inserts. */
    @Override
    public boolean keepsStatements() {
        return true;
    }

    @Override
    public void announceWork(JdbcStore.Statements statements) {
    }

    @Override
    public AutoCloseable onNewWork(DataSource pool, Runnable callback) {
        return () -> { };
    }

    @Override
    public boolean servesOneProcess() {
        return true;
    }

    @Override
    public int activityShard() {
        return 0;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed");
    }
}
