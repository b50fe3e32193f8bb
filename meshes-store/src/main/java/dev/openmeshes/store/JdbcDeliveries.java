package dev.openmeshes.store;

import dev.openmeshes.core.model.Attempt;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.store.Deliveries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcDeliveries implements Deliveries {

    private final JdbcStore.Sql sql;
    private final Dialect dialect;

    JdbcDeliveries(JdbcStore.Sql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    @Override
    public List<Delivery> claim(String owner, Instant now, Instant leaseUntil, int limit) {
        return sql.inDeferredTransaction(tx -> {
            List<Key> claimed = new ArrayList<>(lease(tx, """
                    SELECT event_id, rule_id FROM deliveries WHERE status = 'processing' AND lease_until < :now
                    LIMIT :limit""", owner, now, leaseUntil, limit));
            if (claimed.size() < limit) {
                claimed.addAll(lease(tx, """
                        SELECT event_id, rule_id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= :now
                        ORDER BY next_attempt_at LIMIT :limit""", owner, now, leaseUntil, limit - claimed.size()));
            }
            return read(tx, claimed);
        });
    }

    /** A delivery's key: its event and its rule. */
    private record Key(String eventId, String ruleId) {}

    private List<Key> lease(Handle tx, String due, String owner, Instant now, Instant leaseUntil, int limit) {
        return tx.createQuery("UPDATE deliveries SET status = 'processing', lease_owner = :owner, lease_until = :until, "
                        + "started_at = COALESCE(started_at, :now) WHERE (event_id, rule_id) IN (" + due + dialect.skipLocked()
                        + ") RETURNING event_id, rule_id")
                .bind("owner", owner).bind("until", leaseUntil.toEpochMilli()).bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> new Key(rs.getString("event_id"), rs.getString("rule_id"))).list();
    }

    /** The deliveries with these keys, with their events' columns, in the keys' order. */
    private static List<Delivery> read(Handle tx, List<Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<Key, Delivery> found = new HashMap<>();
        // Both sides filtered: PostgreSQL carries an equality across the join but not an IN list,
        // and with the statistics of a young table it would hash-join a scan of every event.
        tx.createQuery(SELECT + " WHERE d.event_id IN (<events>) AND e.id IN (<events>)")
                .bindList("events", keys.stream().map(Key::eventId).distinct().toList())
                .map(JdbcDeliveries::row)
                .forEach(d -> found.put(new Key(d.eventId().toString(), d.ruleId().toString()), d));
        return keys.stream().map(found::get).toList();
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return sql.with(h -> h.createQuery("""
                SELECT MIN(t) AS due_at FROM (
                    SELECT MIN(next_attempt_at) AS t FROM deliveries WHERE status = 'pending' AND next_attempt_at < ?
                    UNION ALL
                    SELECT MIN(lease_until) AS t FROM deliveries WHERE status = 'processing') due""")
                .bind(0, HELD.toEpochMilli())
                .map((rs, ctx) -> Optional.ofNullable(Rows.instant(rs, "due_at"))).one());
    }

    /**
     * Every transaction that updates several deliveries (or events) locks their rows in ascending
     * key order (bytewise, as Java compares strings; {@link Dialect#lockedInKeyOrder}), so
     * concurrent ones, such as lease renewal and the recorder of the same node, wait for each
     * other instead of deadlocking.
     */
    private static final java.util.Comparator<Finished> KEY_ORDER = java.util.Comparator
            .comparing((Finished f) -> f.updated().eventId().toString())
            .thenComparing(f -> f.updated().ruleId().toString());

    @Override
    public List<Boolean> record(String owner, List<Finished> unordered) {
        List<Finished> finished = unordered.stream().sorted(KEY_ORDER).toList();
        List<Boolean> inOrder = recordInKeyOrder(owner, finished);
        var recorded = new java.util.IdentityHashMap<Finished, Boolean>();
        for (int i = 0; i < finished.size(); i++) {
            recorded.put(finished.get(i), inOrder.get(i));
        }
        return unordered.stream().map(recorded::get).toList();
    }

    /**
     * A delivery canceled while its attempt was in flight kept its lease for this: the attempt's
     * result is recorded, but a retry it would schedule (status pending) stays canceled.
     */
    private static final String RECORD_DELIVERY = """
            UPDATE deliveries SET status = CASE WHEN status = 'canceled' AND ? = 'pending' THEN 'canceled' ELSE ? END,
                attempt_count = ?, next_attempt_at = CASE WHEN status = 'canceled' THEN NULL ELSE ? END, last_error = ?,
                completed_at = CASE WHEN status = 'canceled' AND ? = 'pending' THEN completed_at ELSE ? END,
                lease_owner = NULL, lease_until = NULL
            WHERE event_id = ? AND rule_id = ? AND status IN ('processing', 'canceled') AND lease_owner = ?""";
    private static final String INSERT_ATTEMPT = """
            INSERT INTO attempts (id, delivery_id, organization_id, event_id, rule_id, number, outcome, status_code,
                duration_ms, message, response_body, request_headers, started_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String EVENT_DELIVERIES = """
            SELECT status, COUNT(*) AS n, MIN(started_at) AS started, MAX(completed_at) AS completed
            FROM deliveries WHERE event_id = ? GROUP BY status""";
    private static final String UPDATE_EVENT = """
            UPDATE events SET status = ?, completed_count = ?, failed_count = ?, started_at = ?, completed_at = ?
            WHERE id = ?""";

    /**
     * The recorder's hot path, in plain JDBC on statements kept prepared (binding through JDBI and
     * compiling the SQL of each batch anew held SQLite's one writer away from ingestion longer than
     * the writes themselves).
     */
    private List<Boolean> recordInKeyOrder(String owner, List<Finished> finished) {
        return sql.deferredJdbc(statements -> {
            int[] changed;
            try (var prepared = statements.prepare(RECORD_DELIVERY)) {
                var update = prepared.statement();
                for (Finished f : finished) {
                    Delivery d = f.updated();
                    update.setString(1, d.status().code());
                    update.setString(2, d.status().code());
                    update.setInt(3, d.attemptCount());
                    Rows.setMillis(update, 4, d.nextAttemptAt());
                    update.setString(5, d.lastError());
                    update.setString(6, d.status().code());
                    Rows.setMillis(update, 7, d.completedAt());
                    update.setString(8, d.eventId().toString());
                    update.setString(9, d.ruleId().toString());
                    update.setString(10, owner);
                    update.addBatch();
                }
                changed = update.executeBatch();
            }
            List<Boolean> recorded = new ArrayList<>(finished.size());
            Set<String> events = new java.util.TreeSet<>(); // updated in id order, as the deliveries were
            int attempts = 0;
            try (var prepared = statements.prepare(INSERT_ATTEMPT)) {
                var insert = prepared.statement();
                for (int i = 0; i < finished.size(); i++) {
                    boolean leaseHeld = changed[i] > 0;
                    recorded.add(leaseHeld);
                    if (leaseHeld) {
                        events.add(finished.get(i).updated().eventId().toString());
                    }
                    Attempt a = finished.get(i).attempt();
                    if (leaseHeld && a != null) {
                        attempts++;
                        insert.setString(1, a.id().toString());
                        insert.setString(2, a.deliveryId().toString());
                        insert.setString(3, a.organizationId().toString());
                        insert.setString(4, a.eventId().toString());
                        insert.setString(5, a.ruleId().toString());
                        insert.setInt(6, a.number());
                        insert.setString(7, a.outcome());
                        if (a.statusCode() == null) {
                            insert.setNull(8, java.sql.Types.INTEGER);
                        } else {
                            insert.setInt(8, a.statusCode());
                        }
                        insert.setLong(9, a.durationMillis());
                        insert.setString(10, a.message());
                        insert.setString(11, a.responseBody());
                        insert.setString(12, Rows.json(a.requestHeaders()));
                        insert.setLong(13, a.startedAt().toEpochMilli());
                        insert.addBatch();
                    }
                }
                if (attempts > 0) {
                    insert.executeBatch();
                }
            }
            if (!events.isEmpty()) {
                refreshEvents(statements, events);
            }
            JdbcActivity.add(statements, dialect, finishedCounts(finished, recorded));
            return recorded;
        });
    }

    /** The deliveries of a batch that were delivered or finally failed, counted by the minute they finished. */
    private static Map<JdbcActivity.Key, JdbcActivity.Counts> finishedCounts(List<Finished> finished, List<Boolean> recorded) {
        var tally = JdbcActivity.tally();
        for (int i = 0; i < finished.size(); i++) {
            Delivery d = finished.get(i).updated();
            boolean delivered = d.status() == DeliveryStatus.COMPLETED, failed = d.status() == DeliveryStatus.FAILED;
            if (recorded.get(i) && (delivered || failed)) {
                Instant at = d.completedAt() != null ? d.completedAt() : finished.get(i).attempt() != null
                        ? finished.get(i).attempt().startedAt() : Instant.now();
                tally.merge(JdbcActivity.Key.of(d.organizationId(), d.workspaceId(), at),
                        delivered ? JdbcActivity.Counts.DELIVERED : JdbcActivity.Counts.FAILED, JdbcActivity.Counts::plus);
            }
        }
        return tally;
    }

    /** A count of an event's deliveries in one status, with their first start and last completion. */
    private record Group(String status, int count, Long startedAt, Long completedAt) {}

    /** Recomputes events' status and counts from their deliveries. */
    private static void refreshEvents(JdbcStore.Statements statements, Collection<String> eventIds) throws SQLException {
        try (var read = statements.prepare(EVENT_DELIVERIES); var prepared = statements.prepare(UPDATE_EVENT)) {
            var update = prepared.statement();
            for (String eventId : eventIds) {
                List<Group> groups = new ArrayList<>();
                read.statement().setString(1, eventId);
                try (ResultSet rs = read.statement().executeQuery()) {
                    while (rs.next()) {
                        groups.add(new Group(rs.getString("status"), rs.getInt("n"), Rows.longOrNull(rs, "started"),
                                Rows.longOrNull(rs, "completed")));
                    }
                }
                Summary summary = Summary.of(groups);
                update.setString(1, summary.status().code());
                update.setInt(2, summary.completed());
                update.setInt(3, summary.failed());
                setLongOrNull(update, 4, summary.startedAt());
                setLongOrNull(update, 5, summary.status().terminal() ? summary.completedAt() : null);
                update.setString(6, eventId);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void setLongOrNull(java.sql.PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** An event's summary as its deliveries make it. */
    private record Summary(DeliveryStatus status, int completed, int failed, Long startedAt, Long completedAt) {
        /**
         * Once every delivery has finished, a failure outweighs a cancellation (it needs looking
         * at), and a cancellation outweighs deliveries that completed.
         */
        static Summary of(List<Group> groups) {
            int total = 0, completed = 0, failed = 0, canceled = 0;
            Long started = null, finished = null;
            boolean attempted = false;
            for (Group g : groups) {
                total += g.count();
                if (g.status().equals("completed")) completed = g.count();
                if (g.status().equals("failed")) failed = g.count();
                if (g.status().equals("canceled")) canceled = g.count();
                if (g.status().equals("processing")) attempted = true;
                if (g.startedAt() != null) {
                    attempted = true;
                    started = started == null ? g.startedAt() : Math.min(started, g.startedAt());
                }
                if (g.completedAt() != null) finished = finished == null ? g.completedAt() : Math.max(finished, g.completedAt());
            }
            DeliveryStatus status = completed + failed + canceled == total
                    ? (failed > 0 ? DeliveryStatus.FAILED : canceled > 0 ? DeliveryStatus.CANCELED : DeliveryStatus.COMPLETED)
                    : attempted ? DeliveryStatus.PROCESSING : DeliveryStatus.PENDING;
            return new Summary(status, completed, failed, started, finished);
        }
    }

    @Override
    public int renew(String owner, Instant leaseUntil) {
        return sql.inDeferredTransaction(h -> h.createUpdate("UPDATE deliveries SET lease_until = ? WHERE " + leasedBy(LEASED_BY_OWNER))
                .bind(0, leaseUntil.toEpochMilli()).bind(1, owner).execute());
    }

    @Override
    public int release(String owner) {
        return sql.inTransaction(h -> {
            int released = h.createUpdate(RELEASE + leasedBy(LEASED_BY_OWNER))
                    .bind(0, System.currentTimeMillis()).bind(1, owner).execute();
            h.createUpdate("DELETE FROM nodes WHERE owner = ?").bind(0, owner).execute();
            return released;
        });
    }

    private static final String RELEASE = "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, "
            + "lease_owner = NULL, lease_until = NULL WHERE ";

    @Override
    public void heartbeat(String owner, Instant now) {
        if (!dialect.servesOneProcess()) {
            sql.inTransaction(h -> h.createUpdate("""
                    INSERT INTO nodes (owner, seen_at) VALUES (?, ?)
                    ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at""")
                    .bind(0, owner).bind(1, now.toEpochMilli()).execute());
        }
    }

    @Override
    public int releaseAbandoned(String self, Instant silentSince, Instant now) {
        if (dialect.servesOneProcess()) { // any other owner was this process before a crash
            return sql.inTransaction(h -> h.createUpdate(RELEASE + "status = 'processing' AND lease_owner <> ?")
                    .bind(0, now.toEpochMilli()).bind(1, self).execute());
        }
        return sql.inTransaction(h -> {
            int released = h.createUpdate(RELEASE + leasedBy(
                            "status = 'processing' AND lease_owner IN (SELECT owner FROM nodes WHERE seen_at < ?)"))
                    .bind(0, now.toEpochMilli()).bind(1, silentSince.toEpochMilli()).execute();
            h.createUpdate("DELETE FROM nodes WHERE seen_at < ?").bind(0, silentSince.toEpochMilli()).execute();
            return released;
        });
    }

    private static final String LEASED_BY_OWNER = "status = 'processing' AND lease_owner = ?";

    /** The deliveries that {@code leased} selects, locked in key order where rows are locked. */
    private String leasedBy(String leased) {
        return dialect.lockedInKeyOrder("deliveries", "event_id, rule_id", leased);
    }

    /**
     * Only the connection's own organization holds or resumes its deliveries. Rows are locked in key
     * order, as the recorder and lease renewal lock them.
     */
    private static final String CONNECTIONS_PENDING = "status = 'pending' AND connection_id = :connection "
            + "AND EXISTS (SELECT 1 FROM connections WHERE id = :connection AND organization_id = :org)";

    @Override
    public int hold(UUID organizationId, UUID connectionId) {
        return sql.inTransaction(h -> h.createUpdate("UPDATE deliveries SET next_attempt_at = :held WHERE "
                        + leasedBy(CONNECTIONS_PENDING + " AND next_attempt_at < :held"))
                .bind("held", HELD.toEpochMilli()).bind("connection", connectionId.toString())
                .bind("org", organizationId.toString()).execute());
    }

    @Override
    public int resume(UUID organizationId, UUID connectionId, Instant now) {
        return sql.inTransaction(h -> {
            int resumed = h.createUpdate("UPDATE deliveries SET next_attempt_at = :now WHERE "
                            + leasedBy(CONNECTIONS_PENDING + " AND next_attempt_at >= :held"))
                    .bind("now", now.toEpochMilli()).bind("held", HELD.toEpochMilli())
                    .bind("connection", connectionId.toString()).bind("org", organizationId.toString()).execute();
            if (resumed > 0) {
                announceWork(h);
            }
            return resumed;
        });
    }

    private static final String ORGANIZATIONS_PENDING = "status = 'pending' "
            + "AND event_id IN (SELECT id FROM events WHERE organization_id = :org)";

    @Override
    public int holdOrganization(UUID organizationId) {
        return sql.inTransaction(h -> h.createUpdate("UPDATE deliveries SET next_attempt_at = :held WHERE "
                        + leasedBy(ORGANIZATIONS_PENDING + " AND next_attempt_at < :held"))
                .bind("held", HELD.toEpochMilli()).bind("org", organizationId.toString()).execute());
    }

    @Override
    public int resumeOrganization(UUID organizationId, Instant now) {
        return sql.inTransaction(h -> {
            int resumed = h.createUpdate("UPDATE deliveries SET next_attempt_at = :now WHERE "
                            + leasedBy(ORGANIZATIONS_PENDING + " AND next_attempt_at >= :held"))
                    .bind("now", now.toEpochMilli()).bind("held", HELD.toEpochMilli())
                    .bind("org", organizationId.toString()).execute();
            if (resumed > 0) {
                announceWork(h);
            }
            return resumed;
        });
    }

    @Override
    public List<Delivery> forEvent(UUID organizationId, UUID eventId) {
        return sql.with(h -> h.createQuery(SELECT + " WHERE e.organization_id = ? AND d.event_id = ? ORDER BY d.id")
                .bind(0, organizationId.toString()).bind(1, eventId.toString()).map(JdbcDeliveries::row).list());
    }

    @Override
    public Optional<Delivery> find(UUID organizationId, UUID eventId, UUID ruleId) {
        return sql.with(h -> h.createQuery(SELECT + " WHERE e.organization_id = ? AND d.event_id = ? AND d.rule_id = ?")
                .bind(0, organizationId.toString()).bind(1, eventId.toString()).bind(2, ruleId.toString())
                .map(JdbcDeliveries::row).findOne());
    }

    /**
     * A canceled delivery whose attempt is still in flight keeps its lease until the attempt is
     * recorded; a lease left by a node that died meanwhile (never renewed) stops counting when it ends.
     */
    @Override
    public Optional<Delivery> retryNow(Delivery delivery, Instant now) {
        return sql.inTransaction(tx -> {
            int retried = tx.createUpdate("""
                    UPDATE deliveries SET status = 'pending', next_attempt_at = ?, max_attempts = attempt_count + 1,
                        completed_at = NULL, lease_owner = NULL, lease_until = NULL
                    WHERE event_id = ? AND rule_id = ? AND (status IN ('pending', 'failed')
                        OR status = 'canceled' AND (lease_owner IS NULL OR lease_until < ?))""")
                    .bind(0, now.toEpochMilli()).bind(1, delivery.eventId().toString())
                    .bind(2, delivery.ruleId().toString()).bind(3, now.toEpochMilli()).execute();
            if (retried == 0) {
                return Optional.empty();
            }
            refreshEvents(tx, delivery.eventId().toString());
            announceWork(tx);
            return Optional.of(read(tx, List.of(new Key(delivery.eventId().toString(), delivery.ruleId().toString())))
                    .getFirst());
        });
    }

    @Override
    public List<Delivery> cancel(UUID organizationId, UUID eventId, UUID ruleId, Instant now) {
        String unfinished = "event_id = ?" + (ruleId == null ? "" : " AND rule_id = ?")
                + " AND status IN ('pending', 'processing')"
                + " AND event_id IN (SELECT id FROM events WHERE organization_id = ?)";
        return sql.inTransaction(tx -> {
            var update = tx.createQuery("UPDATE deliveries SET status = 'canceled', next_attempt_at = NULL, completed_at = ? "
                    + "WHERE " + leasedBy(unfinished) + " RETURNING event_id, rule_id");
            int i = 0;
            update.bind(i++, now.toEpochMilli()).bind(i++, eventId.toString());
            if (ruleId != null) {
                update.bind(i++, ruleId.toString());
            }
            List<Key> canceled = update.bind(i, organizationId.toString())
                    .map((rs, ctx) -> new Key(rs.getString("event_id"), rs.getString("rule_id"))).list();
            if (!canceled.isEmpty()) {
                refreshEvents(tx, eventId.toString());
            }
            return read(tx, canceled);
        });
    }

    /** Refreshes an event's summary after a rare write (retry, cancel), on statements not kept prepared. */
    private static void refreshEvents(Handle tx, String eventId) {
        try {
            refreshEvents(unkept(tx), List.of(eventId));
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e.getMessage(), e, null);
        }
    }

    private void announceWork(Handle tx) {
        try {
            dialect.announceWork(unkept(tx));
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e.getMessage(), e, null);
        }
    }

    /** Statements prepared on the transaction's connection and closed after use. */
    private static JdbcStore.Statements unkept(Handle tx) {
        return text -> new StatementCache.Prepared(tx.getConnection().prepareStatement(text), false);
    }

    @Override
    public List<Attempt> attempts(UUID organizationId, UUID eventId, UUID ruleId) {
        return sql.with(h -> h.createQuery("""
                        SELECT * FROM attempts WHERE organization_id = ? AND event_id = ? AND rule_id = ?
                        ORDER BY number, started_at""")
                .bind(0, organizationId.toString()).bind(1, eventId.toString()).bind(2, ruleId.toString())
                .map((rs, ctx) -> new Attempt(Rows.uuid(rs, "id"), Rows.uuid(rs, "delivery_id"),
                        Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "event_id"), Rows.uuid(rs, "rule_id"),
                        rs.getInt("number"), rs.getString("outcome"), Rows.intOrNull(rs, "status_code"),
                        rs.getLong("duration_ms"), rs.getString("message"), rs.getString("response_body"),
                        Rows.jsonStrings(rs.getString("request_headers")), Rows.instant(rs, "started_at")))
                .list());
    }

    @Override
    public long countUnfinished() {
        return sql.with(h -> h.createQuery("""
                SELECT (SELECT COUNT(*) FROM deliveries WHERE status = 'pending')
                     + (SELECT COUNT(*) FROM deliveries WHERE status = 'processing')""")
                .mapTo(Long.class).one());
    }

    /** A delivery's own columns and those it takes from its event. */
    private static final String SELECT = """
            SELECT d.event_id, d.rule_id, d.id, d.connection_id, d.integration_type, d.status, d.attempt_count,
                d.max_attempts, d.next_attempt_at, d.last_error, d.started_at, d.completed_at,
                e.organization_id, e.workspace_id, e.event, e.resource, e.resource_id, e.created_by, e.created_at
            FROM deliveries d JOIN events e ON e.id = d.event_id""";

    private static Delivery row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Delivery(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workspace_id"),
                Rows.uuid(rs, "event_id"), Rows.uuid(rs, "rule_id"), Rows.uuid(rs, "connection_id"),
                rs.getString("integration_type"), rs.getString("event"), rs.getString("resource"),
                rs.getString("resource_id"), DeliveryStatus.of(rs.getString("status")), rs.getInt("attempt_count"),
                rs.getInt("max_attempts"), Rows.instant(rs, "next_attempt_at"), rs.getString("last_error"),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "completed_at"), rs.getString("created_by"),
                Rows.instant(rs, "created_at"));
    }
}
