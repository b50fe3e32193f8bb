package dev.openmeshes.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything in which SQLite and PostgreSQL differ, in one place (as db-scheduler's
 * {@code JdbcCustomization}): how connections are opened, how writers take turns, lock hints,
 * relaxed durability, prepared-statement caching, work notices and error codes. The SQL the
 * repositories write is otherwise portable; {@code INSERT … ON CONFLICT} upserts, for one, are
 * spelled alike on both.
 */
sealed interface Dialect permits SqliteDialect, PostgresDialect {

    static Dialect of(StoreConfig config) {
        return config.isEmbedded() ? new SqliteDialect() : new PostgresDialect();
    }

    /** {@code sqlite} or {@code postgresql}: the store's kind and the folder of the database's own migrations. */
    String kind();

    /** The pool, every connection set up for this database. */
    HikariDataSource pool(StoreConfig config);

    /** What every write transaction passes through, for the store's lifetime. */
    Writer writer(DataSource pool);

    /** The entry point of every write transaction. */
    interface Writer extends AutoCloseable {
        <R> R write(Supplier<R> transaction);

        @Override
        void close();
    }

    /**
     * Runs {@code work} in a transaction whose commit does not wait for the disk (see
     * {@link JdbcStore.Sql#inDeferredTransaction}).
     */
    <R> R inDeferredTransaction(Jdbi jdbi, HandleCallback<R, RuntimeException> work);

    /** Appended to a claim's subquery so that concurrent claimers skip each other's rows; empty where one writer claims. */
    String skipLocked();

    /**
     * The rows of {@code table} that {@code condition} selects, as a condition on {@code keyColumns}
     * that, where rows are locked, locks them in ascending key order (bytewise), so that concurrent
     * transactions updating several of them wait for each other instead of deadlocking.
     */
    String lockedInKeyOrder(String table, String keyColumns, String condition);

    /** Whether hot statements are kept prepared per connection ({@link StatementCache}). */
    boolean keepsStatements();

    /**
     * Tells every node's workers, when the transaction commits, that there is new due work; does
     * nothing where one process serves the store and wakes its own workers directly.
     */
    void announceWork(JdbcStore.Statements statements) throws SQLException;

    /** Calls {@code callback} whenever any node announced work; a no-op where there are no other nodes. */
    AutoCloseable onNewWork(DataSource pool, Runnable callback);

    /**
     * Whether one process alone serves the store: then a lease of any other owner was left by this
     * process before a crash, and nodes keep no heartbeat rows.
     */
    boolean servesOneProcess();

    /**
     * The shard of a minute's activity counters ({@link JdbcActivity}) a transaction adds to: the
     * one row where one writer takes turns, one of a few where concurrent transactions would
     * otherwise queue on one row lock until each commits.
     */
    int activityShard();

    /** A unique-constraint violation: a conflict the client can act on. */
    boolean isUniqueViolation(SQLException e);
}
