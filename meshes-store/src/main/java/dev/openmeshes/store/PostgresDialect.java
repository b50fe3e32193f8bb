package dev.openmeshes.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/** The shared store: concurrent writers with row locks, any number of nodes. */
final class PostgresDialect implements Dialect {

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public HikariDataSource pool(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        PostgresUrl url = PostgresUrl.parse(config.databaseUrl());
        hikari.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hikari.setUsername(url.user());
        }
        if (url.password() != null) {
            hikari.setPassword(url.password());
        }
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.setPoolName("meshes-postgresql");
        hikari.setMaximumPoolSize(config.poolSize());
        return new HikariDataSource(hikari);
    }

    /** PostgreSQL takes concurrent writers: they pass straight through. */
    @Override
    public Writer writer(DataSource pool) {
        return new Writer() {
            public <R> R write(Supplier<R> transaction) {
                return transaction.get();
            }

            public void close() {
            }
        };
    }

    @Override
    public <R> R inDeferredTransaction(Jdbi jdbi, HandleCallback<R, RuntimeException> work) {
        return jdbi.inTransaction(h -> {
            h.execute("SET LOCAL synchronous_commit TO OFF");
            return work.withHandle(h);
        });
    }

    @Override
    public String skipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** Bytewise ({@code COLLATE "C"}), as Java compares strings, so callers can sort their batches alike. */
    @Override
    public String lockedInKeyOrder(String table, String keyColumns, String condition) {
        String order = Arrays.stream(keyColumns.split(","))
                .map(column -> column.strip() + " COLLATE \"C\"").collect(Collectors.joining(", "));
        return "(" + keyColumns + ") IN (SELECT " + keyColumns + " FROM " + table + " WHERE " + condition
                + " ORDER BY " + order + " FOR UPDATE)";
    }

    /** The driver already keeps statements prepared on the server. */
    @Override
    public boolean keepsStatements() {
        return false;
    }

    @Override
    public void announceWork(JdbcStore.Statements statements) throws SQLException {
        try (var notify = statements.prepare("NOTIFY " + PostgresWorkListener.CHANNEL)) {
            notify.statement().execute(); // delivered to every node on commit
        }
    }

    @Override
    public AutoCloseable onNewWork(DataSource pool, Runnable callback) {
        return new PostgresWorkListener(pool, callback);
    }

    @Override
    public boolean servesOneProcess() {
        return false;
    }

    /** Eight shards: the ingest batches and result recorders of a few nodes rarely meet on one. */
    @Override
    public int activityShard() {
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(8);
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** A PostgreSQL address in either accepted form, as a JDBC URL plus credentials. */
    record PostgresUrl(String jdbcUrl, String user, String password) {

        static PostgresUrl parse(String url) {
            if (url.startsWith("jdbc:postgresql:")) {
                return new PostgresUrl(url, null, null);
            }
            if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
                throw new IllegalArgumentException(
                        "MESHES_DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql://");
            }
            URI uri = URI.create(url);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new PostgresUrl("jdbc:postgresql://" + host + port + uri.getRawPath() + query, user, password);
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }
}
