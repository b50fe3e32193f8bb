package dev.openmeshes.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.store.Catalog;
import dev.openmeshes.core.store.Connections;
import dev.openmeshes.core.store.Deliveries;
import dev.openmeshes.core.store.Events;
import dev.openmeshes.core.store.IdempotencyRecords;
import dev.openmeshes.core.store.Rules;
import dev.openmeshes.core.store.MachineKeys;
import dev.openmeshes.core.store.Organizations;
import dev.openmeshes.core.store.Settings;
import dev.openmeshes.core.store.Store;
import dev.openmeshes.core.store.Workspaces;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The store on JDBC, for SQLite and PostgreSQL alike: the SQL is portable, so the two differ only
 * in how they are opened ({@link Stores}). Repositories run each call on a pooled connection, or on
 * the transaction's connection inside {@link #inTransaction}.
 */
final class JdbcStore implements Store {

    /** Runs a statement callback on some handle: a fresh pooled one or the current transaction's. */
    interface Sql {
        <R> R with(HandleCallback<R, RuntimeException> work);

        /** Runs the callback in a write transaction: a new one, or the one already open. */
        <R> R inTransaction(HandleCallback<R, RuntimeException> work);

        /**
         * Like {@link #inTransaction}, but the commit does not wait for the disk: the next synced
         * commit (every ingest commit is one) or checkpoint takes it there, milliseconds later under
         * load. A crashed process loses nothing, since the commit is in the operating system's
         * hands; a power cut may lose it. Only for the worker's own bookkeeping (claims, results,
         * lease renewals), whose loss makes a delivery go out once more, as at-least-once allows:
         * on a slow disk, waiting for a sync per result is what bounded a delivering node.
         */
        <R> R inDeferredTransaction(HandleCallback<R, RuntimeException> work);

        /** Runs plain JDBC (for hot paths) like {@link #with}; its failures surface as JDBI's, so they translate alike. */
        <R> R jdbc(JdbcWork<R> work);

        /** Plain JDBC in a write transaction like {@link #inDeferredTransaction} (the recorder's hot path). */
        <R> R deferredJdbc(JdbcWork<R> work);
    }

    /** Plain JDBC work, preparing its statements through the store's {@link StatementCache}. */
    interface JdbcWork<R> {
        R run(Statements statements) throws SQLException;
    }

    /** Prepares statements on one connection. */
    interface Statements {
        StatementCache.Prepared prepare(String sql) throws SQLException;
    }

    private final Jdbi jdbi;
    private final String kind;
    private final HikariDataSource pool;
    /** Null when the database takes concurrent writers (PostgreSQL). */
    private final Lock writeLock;
    /** Null unless SQLite. */
    private final SqliteCheckpointer checkpointer;
    private final StatementCache statements;
    private final Sql sql;

    /**
     * @param writeLock taken around every write transaction, or null. SQLite has one writer:
     *     queueing its writers here, in order, beats its busy handler, which sleeps up to 100 ms
     *     between polls of the lock.
     * @param checkpointer SQLite's background WAL checkpointer, or null
     */
    JdbcStore(Jdbi jdbi, String kind, HikariDataSource pool, Lock writeLock, SqliteCheckpointer checkpointer) {
        this.jdbi = jdbi;
        this.kind = kind;
        this.pool = pool;
        this.writeLock = writeLock;
        this.checkpointer = checkpointer;
        this.statements = new StatementCache(kind.equals("sqlite"));
        this.sql = new Sql() {
            public <R> R with(HandleCallback<R, RuntimeException> work) {
                return translate(() -> jdbi.withHandle(work));
            }

            public <R> R jdbc(JdbcWork<R> work) {
                return with(handle -> runJdbc(handle, work));
            }

            public <R> R deferredJdbc(JdbcWork<R> work) {
                return inDeferredTransaction(handle -> runJdbc(handle, work));
            }

            public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
                return write(() -> jdbi.inTransaction(work));
            }

            public <R> R inDeferredTransaction(HandleCallback<R, RuntimeException> work) {
                if (kind.equals("postgresql")) {
                    return write(() -> jdbi.inTransaction(h -> {
                        h.execute("SET LOCAL synchronous_commit TO OFF");
                        return work.withHandle(h);
                    }));
                }
                // SQLite's safety level is the connection's, and cannot change inside a transaction.
                return write(() -> jdbi.withHandle(h -> {
                    h.execute("PRAGMA synchronous = NORMAL");
                    try {
                        return h.inTransaction(work);
                    } finally {
                        h.execute("PRAGMA synchronous = FULL");
                    }
                }));
            }
        };
    }

    private JdbcStore(JdbcStore root, Handle handle) {
        this.jdbi = root.jdbi;
        this.kind = root.kind;
        this.pool = root.pool;
        this.writeLock = root.writeLock;
        this.checkpointer = root.checkpointer;
        this.statements = root.statements;
        this.sql = new Sql() {
            public <R> R with(HandleCallback<R, RuntimeException> work) {
                return work.withHandle(handle);
            }

            public <R> R jdbc(JdbcWork<R> work) {
                return runJdbc(handle, work);
            }

            public <R> R deferredJdbc(JdbcWork<R> work) {
                return runJdbc(handle, work);
            }

            public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
                return work.withHandle(handle);
            }

            public <R> R inDeferredTransaction(HandleCallback<R, RuntimeException> work) {
                return work.withHandle(handle); // the open transaction's durability holds
            }
        };
    }

    private <R> R runJdbc(Handle handle, JdbcWork<R> work) {
        java.sql.Connection connection = handle.getConnection();
        try {
            return work.run(sql -> statements.prepare(connection, sql));
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e.getMessage(), e, null);
        }
    }

    @Override public Organizations organizations() { return new JdbcOrganizations(sql); }
    @Override public Workspaces workspaces() { return new JdbcWorkspaces(sql); }
    @Override public MachineKeys machineKeys() { return new JdbcMachineKeys(sql); }
    @Override public IdempotencyRecords idempotency() { return new JdbcIdempotencyRecords(sql); }
    @Override public Settings settings() { return new JdbcSettings(sql); }
    @Override public Connections connections() { return new JdbcConnections(sql); }
    @Override public Rules rules() { return new JdbcRules(sql); }
    @Override public Events events() { return new JdbcEvents(sql, kind.equals("postgresql")); }
    @Override public Deliveries deliveries() { return new JdbcDeliveries(sql, kind.equals("postgresql")); }
    @Override public Catalog catalog() { return new JdbcCatalog(sql); }
    @Override public String kind() { return kind; }

    @Override
    public AutoCloseable onNewWork(Runnable callback) {
        if (!kind.equals("postgresql")) {
            return () -> { };
        }
        return new PostgresWorkListener(pool, callback);
    }

    @Override
    public <T> T inTransaction(Function<Store, T> work) {
        return write(() -> jdbi.inTransaction(handle -> work.apply(new JdbcStore(this, handle))));
    }

    private <R> R write(java.util.function.Supplier<R> transaction) {
        if (writeLock == null) {
            return translate(transaction);
        }
        writeLock.lock();
        try {
            return translate(transaction);
        } finally {
            writeLock.unlock();
            if (checkpointer != null) {
                checkpointer.written();
            }
        }
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        pool.close();
    }

    /** A unique-constraint violation is a conflict the client can act on, on either database. */
    private static <R> R translate(java.util.function.Supplier<R> work) {
        try {
            return work.get();
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sqlError && isUniqueViolation(sqlError)) {
                throw Problem.conflict("conflict", "A resource with these values already exists");
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState())
                || (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed"));
    }
}
