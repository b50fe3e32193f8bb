package dev.openmeshes.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.people.People;
import dev.openmeshes.core.store.Activity;
import dev.openmeshes.core.store.Catalog;
import dev.openmeshes.core.store.ConnectionTokens;
import dev.openmeshes.core.store.Connections;
import dev.openmeshes.core.store.Deliveries;
import dev.openmeshes.core.store.Events;
import dev.openmeshes.core.store.FieldCatalogs;
import dev.openmeshes.core.store.IdempotencyRecords;
import dev.openmeshes.core.store.Rules;
import dev.openmeshes.core.store.MachineKeys;
import dev.openmeshes.core.store.Mappings;
import dev.openmeshes.core.store.Organizations;
import dev.openmeshes.core.store.Settings;
import dev.openmeshes.core.store.Store;
import dev.openmeshes.core.store.Workspaces;
import java.sql.SQLException;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The store on JDBC, for SQLite and PostgreSQL alike: the SQL is portable, and every difference
 * between the two is their {@link Dialect}'s. Repositories run each call on a pooled connection, or on
 * the transaction's connection inside {@link #inTransaction}.
 */
final class JdbcStore implements Store {

    /**
     * Runs a statement callback on some handle: a fresh pooled one or the current transaction's.
     * {@link #with} and {@link #jdbc} are for reads only: every write goes through one of the
     * transaction methods, and so through the store's {@link Dialect.Writer} (SQLite's single
     * writer queues there instead of in SQLite's busy handler).
     */
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

        /** Plain JDBC in a write transaction like {@link #inTransaction} (the ingest hot path). */
        <R> R jdbcInTransaction(JdbcWork<R> work);

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
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final Dialect.Writer writer;
    private final StatementCache statements;
    private final Sql sql;

    JdbcStore(Dialect dialect, HikariDataSource pool) {
        this.jdbi = Jdbi.create(pool);
        this.dialect = dialect;
        this.pool = pool;
        this.writer = dialect.writer(pool);
        this.statements = new StatementCache(dialect);
        this.sql = new Sql() {
            public <R> R with(HandleCallback<R, RuntimeException> work) {
                return translate(() -> jdbi.withHandle(work));
            }

            public <R> R jdbc(JdbcWork<R> work) {
                return with(handle -> runJdbc(handle, work));
            }

            public <R> R jdbcInTransaction(JdbcWork<R> work) {
                return inTransaction(handle -> runJdbc(handle, work));
            }

            public <R> R deferredJdbc(JdbcWork<R> work) {
                return inDeferredTransaction(handle -> runJdbc(handle, work));
            }

            public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
                return write(() -> jdbi.inTransaction(work));
            }

            public <R> R inDeferredTransaction(HandleCallback<R, RuntimeException> work) {
                return write(() -> dialect.inDeferredTransaction(jdbi, work));
            }
        };
    }

    private JdbcStore(JdbcStore root, Handle handle) {
        this.jdbi = root.jdbi;
        this.dialect = root.dialect;
        this.pool = root.pool;
        this.writer = root.writer;
        this.statements = root.statements;
        this.sql = new Sql() {
            public <R> R with(HandleCallback<R, RuntimeException> work) {
                return work.withHandle(handle);
            }

            public <R> R jdbc(JdbcWork<R> work) {
                return runJdbc(handle, work);
            }

            public <R> R jdbcInTransaction(JdbcWork<R> work) {
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
    @Override public Events events() { return new JdbcEvents(sql, dialect); }
    @Override public Deliveries deliveries() { return new JdbcDeliveries(sql, dialect); }
    @Override public Catalog catalog() { return new JdbcCatalog(sql); }
    @Override public Activity activity() { return new JdbcActivity(sql); }
    @Override public dev.openmeshes.core.store.Usage usage() { return new JdbcUsage(sql); }
    @Override public dev.openmeshes.core.store.PlatformAudit platformAudit() { return new JdbcPlatformAudit(sql); }
    @Override public ConnectionTokens connectionTokens() { return new JdbcConnectionTokens(sql); }
    @Override public Mappings mappings() { return new JdbcMappings(sql); }
    @Override public FieldCatalogs fieldCatalogs() { return new JdbcFieldCatalogs(sql); }
    @Override public dev.openmeshes.core.embed.EmbedSessions embedSessions() { return new JdbcEmbedSessions(sql); }
    @Override public People people() { return new JdbcPeople(sql); }
    @Override public String kind() { return dialect.kind(); }

    @Override
    public AutoCloseable onNewWork(Runnable callback) {
        return dialect.onNewWork(pool, callback);
    }

    @Override
    public <T> T inTransaction(Function<Store, T> work) {
        return write(() -> jdbi.inTransaction(handle -> work.apply(new JdbcStore(this, handle))));
    }

    /** Every write transaction of the store starts here. */
    private <R> R write(java.util.function.Supplier<R> transaction) {
        return writer.write(() -> translate(transaction));
    }

    @Override
    public void close() {
        writer.close();
        pool.close();
    }

    /** A unique-constraint violation is a conflict the client can act on, on either database. */
    private <R> R translate(java.util.function.Supplier<R> work) {
        try {
            return work.get();
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sqlError && dialect.isUniqueViolation(sqlError)) {
                throw Problem.conflict("conflict", "A resource with these values already exists");
            }
            throw e;
        }
    }
}
