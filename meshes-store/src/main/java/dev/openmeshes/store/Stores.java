package dev.openmeshes.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.openmeshes.core.store.Store;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/** Opens the configured store: pools connections and brings the schema up to date before use. */
public final class Stores {

    private Stores() {}

    public static Store open(StoreConfig config) {
        HikariDataSource pool = config.isEmbedded() ? sqlitePool(config) : postgresPool(config);
        try {
            String kind = config.isEmbedded() ? "sqlite" : "postgresql";
            migrate(pool, kind);
            if (kind.equals("postgresql")) {
                return new JdbcStore(Jdbi.create(pool), kind, pool, null, null);
            }
            return new JdbcStore(Jdbi.create(pool), kind, pool, new ReentrantLock(true), new SqliteCheckpointer(pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Shared migrations first, then the database's own; versions are unique across both folders.
     * A folder that does not exist yet is simply empty.
     */
    private static void migrate(DataSource dataSource, String kind) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + kind)
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    /**
     * SQLite in WAL mode with synchronous=FULL: a commit survives power loss, and readers never
     * block the writer; {@link SqliteCheckpointer} folds the log into the database beside them.
     * Write transactions start IMMEDIATE (no deadlock on a lock upgrade) and, in this process,
     * queue on the store's write lock; the busy timeout only covers other processes.
     */
    private static HikariDataSource sqlitePool(StoreConfig config) {
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

    private static HikariDataSource postgresPool(StoreConfig config) {
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
