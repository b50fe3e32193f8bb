package dev.openmeshes.store.testing;

import dev.openmeshes.store.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests: a fresh SQLite directory, or a fresh schema in the real PostgreSQL at
 * 127.0.0.1:5432 (database {@code test}, trust auth). Without a reachable PostgreSQL its tests are
 * skipped with a message, except under {@code CI=true}, where that is a failure.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getenv().getOrDefault("MESHES_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    public enum Kind { SQLITE, POSTGRESQL }

    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreatedSchemas));
    }

    private TestDatabases() {}

    private static void dropCreatedSchemas() {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL)) {
            for (String schema : CREATED) {
                connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            // best effort: leftover schemas are harmless and uniquely named
        }
    }

    public static StoreConfig config(Kind kind, Path tempDir) {
        return switch (kind) {
            case SQLITE -> StoreConfig.embedded(tempDir);
            case POSTGRESQL -> new StoreConfig(freshPostgresSchema(), tempDir, 8);
        };
    }

    /** A new, empty schema, so concurrent runs and test classes never see each other's rows. */
    public static String freshPostgresSchema() {
        String schema = "meshes_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
            CREATED.add(schema);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but PostgreSQL is not reachable at " + POSTGRES_URL, e);
            }
            Assumptions.abort("PostgreSQL is not reachable at " + POSTGRES_URL + " (" + e.getMessage()
                    + "); PostgreSQL tests are skipped. Start it or set MESHES_TEST_POSTGRES_URL.");
        }
        return POSTGRES_URL + "&currentSchema=" + schema;
    }
}
