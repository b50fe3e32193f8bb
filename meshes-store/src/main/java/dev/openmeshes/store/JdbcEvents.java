package dev.openmeshes.store;

import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Deliveries;
import dev.openmeshes.core.store.Events;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcEvents implements Events {

    private final JdbcStore.Sql sql;
    private final Dialect dialect;

    JdbcEvents(JdbcStore.Sql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    private static final String INSERT_EVENT = """
            INSERT INTO events (id, organization_id, workspace_id, event, resource, resource_id, payload, created_by,
                created_at, status, total_rules, completed_count, failed_count, started_at, completed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_DELIVERY = """
            INSERT INTO deliveries (event_id, rule_id, id, connection_id, integration_type, status, attempt_count,
                max_attempts, next_attempt_at, lease_owner, lease_until, started_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** The ingest hot path, so plain JDBC batches: binding through JDBI cost more than SQLite's inserts. */
    @Override
    public void insertAll(List<Event> events, List<Delivery> deliveries, Deliveries.Lease lease) {
        sql.jdbcInTransaction(statements -> {
            try (var prepared = statements.prepare(INSERT_EVENT)) {
                PreparedStatement insert = prepared.statement();
                for (Event e : events) {
                    insert.setString(1, e.id().toString());
                    insert.setString(2, e.organizationId().toString());
                    insert.setString(3, e.workspaceId().toString());
                    insert.setString(4, e.event());
                    insert.setString(5, e.resource());
                    insert.setString(6, e.resourceId());
                    insert.setString(7, e.payloadJson());
                    insert.setString(8, e.createdBy());
                    insert.setLong(9, e.createdAt().toEpochMilli());
                    insert.setString(10, e.status().code());
                    insert.setInt(11, e.totalRules());
                    insert.setInt(12, e.completedCount());
                    insert.setInt(13, e.failedCount());
                    Rows.setMillis(insert, 14, e.startedAt());
                    Rows.setMillis(insert, 15, e.completedAt());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            JdbcCatalog.recordNames(statements, events);
            var accepted = JdbcActivity.tally();
            for (Event e : events) {
                accepted.merge(JdbcActivity.Key.of(e.organizationId(), e.workspaceId(), e.createdAt()),
                        JdbcActivity.Counts.ACCEPTED, JdbcActivity.Counts::plus);
            }
            JdbcActivity.add(statements, dialect, accepted);
            if (!deliveries.isEmpty()) {
                try (var prepared = statements.prepare(INSERT_DELIVERY)) {
                    PreparedStatement insert = prepared.statement();
                    for (Delivery d : deliveries) {
                        boolean leased = d.status() == DeliveryStatus.PROCESSING;
                        if (leased && lease == null) {
                            throw new IllegalArgumentException("a delivery written as processing needs a lease");
                        }
                        insert.setString(1, d.eventId().toString());
                        insert.setString(2, d.ruleId().toString());
                        insert.setString(3, d.id().toString());
                        insert.setString(4, d.connectionId().toString());
                        insert.setString(5, d.integrationType());
                        insert.setString(6, d.status().code());
                        insert.setInt(7, d.attemptCount());
                        insert.setInt(8, d.maxAttempts());
                        Rows.setMillis(insert, 9, d.nextAttemptAt());
                        insert.setString(10, leased ? lease.owner() : null);
                        Rows.setMillis(insert, 11, leased ? lease.until() : null);
                        Rows.setMillis(insert, 12, d.startedAt());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                // Leased deliveries are already with their worker: only pending ones need waking others.
                if (deliveries.stream().anyMatch(d -> d.status() != DeliveryStatus.PROCESSING)) {
                    dialect.announceWork(statements);
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Event> find(UUID organizationId, UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM events WHERE organization_id = ? AND id = ?")
                .bind(0, organizationId.toString()).bind(1, id.toString()).map(JdbcEvents::row).findOne());
    }

    @Override
    public java.util.Map<UUID, Event> findAll(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        var found = new HashMap<UUID, Event>();
        sql.with(h -> h.createQuery("SELECT * FROM events WHERE id IN (<ids>)")
                .bindList("ids", ids.stream().map(UUID::toString).toList())
                .map(JdbcEvents::row).list()).forEach(e -> found.put(e.id(), e));
        return found;
    }

    /** Workspaces per listing query; SQLite allows at most 500 terms in one compound SELECT. */
    private static final int WORKSPACES_PER_QUERY = 100;
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT :limit";
    private static final Comparator<Event> NEWEST = Comparator.comparing(Event::createdAt)
            .thenComparing(e -> e.id().toString()).reversed();

    /**
     * Newest first. Events are indexed by workspace only (one B-tree less for every accepted event
     * to write), so a listing reads the newest page of each workspace it covers from that index
     * and merges them: an organization-wide page costs one short index read per workspace.
     */
    @Override
    public Page<Event> list(UUID organizationId, Filter filter, PageRequest page) {
        Where where = Where.organization(organizationId)
                .equal("event", filter.event()).equal("resource", filter.resource())
                .equal("resource_id", filter.resourceId());
        if (filter.status() != null) {
            // A code of a closed set, written into the SQL rather than bound: a partial index of the
            // rare final states (V13) is only chosen for a literal status.
            where.and("status = '" + filter.status().code() + "'", java.util.Map.of());
        }
        if (page.after() != null) {
            where.and("(created_at < :afterTime OR (created_at = :afterTime AND id < :afterId))",
                    java.util.Map.of("afterTime", page.after().createdAtMillis(), "afterId", page.after().id()));
        }
        List<Event> rows = sql.with(h -> {
            List<String> workspaces = workspacesListed(h, organizationId, filter);
            List<Event> newest = new ArrayList<>();
            for (int from = 0; from < workspaces.size(); from += WORKSPACES_PER_QUERY) {
                int to = Math.min(workspaces.size(), from + WORKSPACES_PER_QUERY);
                newest.addAll(newestIn(h, workspaces.subList(from, to), where, page.limit() + 1));
            }
            newest.sort(NEWEST);
            return newest.subList(0, Math.min(newest.size(), page.limit() + 1));
        });
        return Page.of(rows, page.limit(), e -> new Cursor(e.createdAt().toEpochMilli(), e.id().toString()));
    }

    /** The newest {@code rows} events of these workspaces: one index read per workspace, merged by the database. */
    private static List<Event> newestIn(Handle h, List<String> workspaces, Where where, int rows) {
        var branches = new StringJoiner(" UNION ALL ");
        for (int i = 0; i < workspaces.size(); i++) {
            branches.add("SELECT * FROM (SELECT * FROM events WHERE workspace_id = :w" + i + " AND " + where.sql()
                    + NEWEST_FIRST + ") AS w" + i);
        }
        var query = h.createQuery("SELECT * FROM (" + branches + ") AS listed" + NEWEST_FIRST)
                .bindMap(where.binds()).bind("limit", rows);
        for (int i = 0; i < workspaces.size(); i++) {
            query.bind("w" + i, workspaces.get(i));
        }
        return query.map(JdbcEvents::row).list();
    }

    /** The workspaces a listing covers: the one asked for, else all of the organization's, within the caller's. */
    private static List<String> workspacesListed(Handle h, UUID organizationId, Filter filter) {
        List<UUID> candidates = filter.workspaceId() != null ? List.of(filter.workspaceId())
                : JdbcWorkspaces.ids(h, organizationId);
        return candidates.stream()
                .filter(id -> filter.workspaces() == null || filter.workspaces().contains(id))
                .map(UUID::toString).toList();
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        return sql.inTransaction(tx -> {
            List<String> ids = tx.createQuery("""
                    SELECT id FROM events WHERE created_at < ? AND status IN ('completed', 'failed', 'canceled') LIMIT ?""")
                    .bind(0, cutoff.toEpochMilli()).bind(1, limit).mapTo(String.class).list();
            if (ids.isEmpty()) {
                return 0;
            }
            tx.createUpdate("DELETE FROM attempts WHERE event_id IN (<ids>)").bindList("ids", ids).execute();
            tx.createUpdate("DELETE FROM deliveries WHERE event_id IN (<ids>)").bindList("ids", ids).execute();
            return tx.createUpdate("DELETE FROM events WHERE id IN (<ids>)").bindList("ids", ids).execute();
        });
    }

    private static Event row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Event(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workspace_id"),
                rs.getString("event"), rs.getString("resource"), rs.getString("resource_id"), rs.getString("payload"),
                rs.getString("created_by"), Rows.instant(rs, "created_at"), DeliveryStatus.of(rs.getString("status")),
                rs.getInt("total_rules"), rs.getInt("completed_count"), rs.getInt("failed_count"),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "completed_at"));
    }
}
