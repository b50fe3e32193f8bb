package dev.openmeshes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept per SQLite connection for the ingest hot path. SQLite compiles SQL on
 * every prepare, which cost the single ingest writer more than rule lookup and a batch's inserts
 * together. PostgreSQL's driver already keeps statements prepared on the server, so there the
 * cache simply prepares and closes.
 */
final class StatementCache {

    /** A statement to use and then close; closing a kept one only readies it for its next use. */
    record Prepared(PreparedStatement statement, boolean kept) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            if (kept) {
                statement.clearBatch();
            } else {
                statement.close();
            }
        }
    }

    private final boolean enabled;
    /** Statements by SQL, per physical connection; a connection is used by one thread at a time, and so are its statements. */
    private final Map<SQLiteConnection, Map<String, PreparedStatement>> kept = new ConcurrentHashMap<>();

    StatementCache(Dialect dialect) {
        this.enabled = dialect.keepsStatements();
    }

    Prepared prepare(Connection connection, String sql) throws SQLException {
        if (!enabled) {
            return new Prepared(connection.prepareStatement(sql), false);
        }
        // Prepared on the pool's physical connection, so the pool does not close them with each borrowing.
        SQLiteConnection physical = connection.unwrap(SQLiteConnection.class);
        Map<String, PreparedStatement> statements = kept.get(physical);
        if (statements == null) {
            kept.keySet().removeIf(StatementCache::isClosed); // the pool retired them, and SQLite their statements
            statements = new HashMap<>();
            kept.put(physical, statements);
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = physical.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return new Prepared(statement, true);
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
