package dev.openmeshes.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.openmeshes.core.store.Store;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Opens the configured store: pools connections and brings the schema up to date before use. */
public final class Stores {

    private Stores() {}

    public static Store open(StoreConfig config) {
        Dialect dialect = Dialect.of(config);
        HikariDataSource pool = dialect.pool(config);
        try {
            migrate(pool, dialect);
            return new JdbcStore(dialect, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Shared migrations first, then the database's own; versions are unique across both folders.
     * A folder that does not exist yet is simply empty. A store migrated by a newer version is
     * refused (Flyway would ignore its "future" migrations): an older build must not write a schema
     * it does not know.
     */
    private static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.kind())
                .failOnMissingLocations(false)
                .ignoreMigrationPatterns(new String[0])
                .load()
                .migrate();
    }
}
