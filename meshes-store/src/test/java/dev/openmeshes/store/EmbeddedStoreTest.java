package dev.openmeshes.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Ids;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Events;
import dev.openmeshes.core.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** What only the embedded store does: its log is folded into the database off the writers' path, and hot statements are kept. */
class EmbeddedStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void committedEventsReachTheDatabaseFileWithoutAnyCommitCheckpointingThemItself() throws Exception {
        Path database = dataDir.resolve("meshes.db");
        UUID org = UUID.randomUUID();
        UUID workspace = UUID.randomUUID();
        try (Store store = Stores.open(StoreConfig.embedded(dataDir))) {
            long before = Files.size(database);
            // Far fewer log pages than the writers' own checkpoint threshold: only the background checkpointer moves them.
            store.inTransaction(tx -> {
                tx.events().insertAll(IntStream.range(0, 300).mapToObj(i -> event(org, workspace)).toList(), List.of());
                return null;
            });
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.size(database) <= before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.size(database)).isGreaterThan(before);
        }
        try (Store reopened = Stores.open(StoreConfig.embedded(dataDir))) {
            var everything = new Events.Filter(workspace, null, null, null, null, null);
            assertThat(reopened.events().list(org, everything, new PageRequest(200, null)).records()).hasSize(200);
        }
    }

    @Test
    void aKeptStatementIsPreparedOncePerConnectionAndDroppedWithIt() throws Exception {
        var cache = new StatementCache(new SqliteDialect());
        String url = "jdbc:sqlite:" + dataDir.resolve("cache.db");
        try (Connection first = DriverManager.getConnection(url)) {
            PreparedStatement statement;
            try (var prepared = cache.prepare(first, "SELECT ?")) {
                statement = prepared.statement();
                statement.setInt(1, 7);
                try (var rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(7);
                }
            }
            try (var again = cache.prepare(first, "SELECT ?")) {
                assertThat(again.statement()).isSameAs(statement);
                assertThat(again.statement().isClosed()).isFalse();
            }
            first.close();
            try (Connection second = DriverManager.getConnection(url); var fresh = cache.prepare(second, "SELECT ?")) {
                assertThat(fresh.statement()).isNotSameAs(statement);
                assertThat(fresh.statement().getConnection().unwrap(SQLiteConnection.class)).isSameAs(second);
            }
        }
    }

    private static Event event(UUID org, UUID workspace) {
        Instant now = Instant.now();
        return new Event(Ids.timeOrdered(), org, workspace, "order.created", "global", null,
                "{\"n\":\"" + "x".repeat(200) + "\"}", "key:test", now, DeliveryStatus.COMPLETED, 0, 0, 0, null, now);
    }
}
