package dev.openmeshes.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Ids;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Events;
import dev.openmeshes.core.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's "show me the failures" over a long history: the failed (or canceled) events of a
 * workspace are read from their own partial index, newest first, never by walking every event.
 */
class EventHistoryIndexTest {

    @TempDir
    Path dataDir;

    @Test
    void failedEventsOfAWorkspaceAreListedFromTheirPartialIndexNewestFirst() throws Exception {
        UUID org = UUID.randomUUID();
        UUID workspace = UUID.randomUUID();
        List<Event> failed = new ArrayList<>();
        try (Store store = Stores.open(StoreConfig.embedded(dataDir))) {
            List<Event> history = new ArrayList<>();
            Instant start = Instant.parse("2026-11-01T00:00:00Z");
            IntStream.range(0, 5_000).forEach(i -> {
                DeliveryStatus status = i % 1000 == 7 ? DeliveryStatus.FAILED : DeliveryStatus.COMPLETED;
                Event event = event(org, workspace, start.plusSeconds(i), status);
                history.add(event);
                if (status == DeliveryStatus.FAILED) {
                    failed.addFirst(event);
                }
            });
            store.inTransaction(tx -> {
                tx.events().insertAll(history, List.of());
                return null;
            });

            var onlyFailed = new Events.Filter(workspace, null, null, null, null, DeliveryStatus.FAILED);
            var page = store.events().list(org, onlyFailed, new PageRequest(3, null));
            var rest = store.events().list(org, onlyFailed, new PageRequest(3, dev.openmeshes.core.model.Cursor.decode(page.nextCursor())));

            assertThat(page.records()).extracting(Event::id).as("the three newest failures")
                    .containsExactlyElementsOf(failed.subList(0, 3).stream().map(Event::id).toList());
            assertThat(rest.records()).extracting(Event::id).as("the next page, after the cursor")
                    .containsExactlyElementsOf(failed.subList(3, 5).stream().map(Event::id).toList());
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("meshes.db"))) {
            for (String status : List.of("failed", "canceled")) {
                // the shape JdbcEvents.list sends for one workspace and a status
                String plan = plan(db, "SELECT * FROM events WHERE workspace_id = 'w' AND organization_id = 'o'"
                        + " AND status = '" + status + "' ORDER BY created_at DESC, id DESC LIMIT 51");
                assertThat(plan).as("query plan for the %s events of a workspace", status)
                        .contains("events_" + status + "_by_workspace").doesNotContain("TEMP B-TREE");
            }
        }
    }

    @Test
    void filtersByEventNameOrResourcePairReadTheirOwnIndexNewestFirstWithoutSorting() throws Exception {
        try (Store store = Stores.open(StoreConfig.embedded(dataDir))) {
            assertThat(store.kind()).isEqualTo("sqlite");
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("meshes.db"))) {
            String newest = " ORDER BY created_at DESC, id DESC LIMIT 51";
            String byEvent = plan(db, "SELECT * FROM events WHERE workspace_id = 'w' AND organization_id = 'o'"
                    + " AND event = 'account.deleted'" + newest);
            assertThat(byEvent).as("query plan for one event name").contains("events_by_workspace_event")
                    .doesNotContain("TEMP B-TREE");
            String byPair = plan(db, "SELECT * FROM events WHERE workspace_id = 'w' AND organization_id = 'o'"
                    + " AND resource = 'user' AND resource_id = 'user-42'" + newest);
            assertThat(byPair).as("query plan for one resource pair (an embedded resource session's history)")
                    .contains("events_by_workspace_resource").doesNotContain("TEMP B-TREE");
        }
    }

    private static String plan(Connection db, String sql) throws Exception {
        var lines = new StringBuilder();
        try (var rows = db.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rows.next()) {
                lines.append(rows.getString("detail")).append('\n');
            }
        }
        return lines.toString();
    }

    private static Event event(UUID org, UUID workspace, Instant at, DeliveryStatus status) {
        return new Event(Ids.timeOrdered(), org, workspace, "order.paid", "global", null, "{}", "key:test", at, status,
                1, status == DeliveryStatus.COMPLETED ? 1 : 0, status == DeliveryStatus.FAILED ? 1 : 0, null, at);
    }
}
