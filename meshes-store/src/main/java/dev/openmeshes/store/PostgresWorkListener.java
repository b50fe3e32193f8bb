package dev.openmeshes.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes this node's workers when any node commits new work: the writers send
 * {@code NOTIFY meshes_work} inside their transaction (delivered on commit), and this thread
 * LISTENs on a connection of its own. A lost connection is re-established; meanwhile the workers'
 * own polling still finds the work, only later.
 */
final class PostgresWorkListener implements AutoCloseable {

    static final String CHANNEL = "meshes_work";
    private static final System.Logger LOG = System.getLogger(PostgresWorkListener.class.getName());

    private final DataSource dataSource;
    private final Runnable callback;
    private final Thread thread;
    private volatile boolean running = true;

    PostgresWorkListener(DataSource dataSource, Runnable callback) {
        this.dataSource = dataSource;
        this.callback = callback;
        this.thread = Thread.ofPlatform().name("pg-listen-" + CHANNEL).daemon().start(this::run);
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null && notifications.length > 0) {
                        callback.run();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "LISTEN " + CHANNEL + " lost its connection; reconnecting", e);
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
