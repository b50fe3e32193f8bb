package dev.openmeshes.store;

import dev.openmeshes.core.store.Activity;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Table {@code activity_minutes}: counts added to by the ingest and the result-recording transactions. */
final class JdbcActivity implements Activity {

    private static final long MINUTE = 60_000;

    private static final String ADD = """
            INSERT INTO activity_minutes (organization_id, workspace_id, minute, shard, accepted, delivered, failed)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (workspace_id, minute, shard) DO UPDATE SET
                accepted = activity_minutes.accepted + excluded.accepted,
                delivered = activity_minutes.delivered + excluded.delivered,
                failed = activity_minutes.failed + excluded.failed""";

    /** A workspace's minute. */
    record Key(String organizationId, String workspaceId, long minute) {
        static Key of(UUID organizationId, UUID workspaceId, Instant at) {
            long millis = at.toEpochMilli();
            return new Key(organizationId.toString(), workspaceId.toString(), millis - Math.floorMod(millis, MINUTE));
        }
    }

    /** Counts to add to one minute. */
    record Counts(long accepted, long delivered, long failed) {
        static final Counts ACCEPTED = new Counts(1, 0, 0);
        static final Counts DELIVERED = new Counts(0, 1, 0);
        static final Counts FAILED = new Counts(0, 0, 1);

        Counts plus(Counts other) {
            return new Counts(accepted + other.accepted, delivered + other.delivered, failed + other.failed);
        }
    }

    /** Collects a batch's counts, its minutes in one order for every batch, so two batches cannot deadlock. */
    static Map<Key, Counts> tally() {
        return new TreeMap<>(Comparator.comparing(Key::workspaceId).thenComparingLong(Key::minute));
    }

    /** Part of the hot paths: one statement per workspace and minute of the batch, sent as one JDBC batch. */
    static void add(JdbcStore.Statements statements, Dialect dialect, Map<Key, Counts> tally) throws SQLException {
        if (tally.isEmpty()) {
            return;
        }
        int shard = dialect.activityShard();
        try (var prepared = statements.prepare(ADD)) {
            PreparedStatement insert = prepared.statement();
            for (var entry : tally.entrySet()) {
                insert.setString(1, entry.getKey().organizationId());
                insert.setString(2, entry.getKey().workspaceId());
                insert.setLong(3, entry.getKey().minute());
                insert.setInt(4, shard);
                insert.setLong(5, entry.getValue().accepted());
                insert.setLong(6, entry.getValue().delivered());
                insert.setLong(7, entry.getValue().failed());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private final JdbcStore.Sql sql;

    JdbcActivity(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    /** Workspaces per query, well within SQLite's limit of bound parameters. */
    private static final int WORKSPACES_PER_QUERY = 200;

    @Override
    public List<Minute> perMinute(UUID organizationId, Collection<UUID> workspaces, Instant from, Instant to) {
        List<String> ids = workspaces.stream().map(UUID::toString).distinct().toList();
        Map<Long, Counts> minutes = new TreeMap<>();
        for (int start = 0; start < ids.size(); start += WORKSPACES_PER_QUERY) {
            List<String> some = ids.subList(start, Math.min(ids.size(), start + WORKSPACES_PER_QUERY));
            sql.with(h -> h.createQuery("""
                            SELECT minute, SUM(accepted) AS accepted, SUM(delivered) AS delivered, SUM(failed) AS failed
                            FROM activity_minutes
                            WHERE organization_id = :org AND workspace_id IN (<workspaces>) AND minute >= :from AND minute < :to
                            GROUP BY minute""")
                    .bind("org", organizationId.toString()).bindList("workspaces", some)
                    .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                    .map((rs, ctx) -> Map.entry(rs.getLong("minute"),
                            new Counts(rs.getLong("accepted"), rs.getLong("delivered"), rs.getLong("failed"))))
                    .list()).forEach(e -> minutes.merge(e.getKey(), e.getValue(), Counts::plus));
        }
        List<Minute> answer = new ArrayList<>(minutes.size());
        minutes.forEach((minute, c) -> answer.add(new Minute(Instant.ofEpochMilli(minute), c.accepted(), c.delivered(), c.failed())));
        return answer;
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        return sql.inTransaction(tx -> tx.createUpdate("DELETE FROM activity_minutes WHERE minute < ?")
                .bind(0, cutoff.toEpochMilli()).execute());
    }
}
