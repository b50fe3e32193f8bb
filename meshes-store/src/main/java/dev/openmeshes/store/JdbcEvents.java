package dev.openmeshes.store;

import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Events;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcEvents implements Events {

    private final JdbcStore.Sql sql;
    private final boolean postgres;

    JdbcEvents(JdbcStore.Sql sql, boolean postgres) {
        this.sql = sql;
        this.postgres = postgres;
    }

    @Override
    public void insertAll(List<Event> events, List<Delivery> deliveries) {
        sql.with(h -> {
            var eventBatch = h.prepareBatch("""
                    INSERT INTO events (id, organization_id, workspace_id, event, resource, resource_id, payload, created_by,
                        created_at, status, total_rules, completed_count, failed_count, started_at, completed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
            for (Event e : events) {
                eventBatch.bind(0, e.id().toString()).bind(1, e.organizationId().toString())
                        .bind(2, e.workspaceId().toString()).bind(3, e.event()).bind(4, e.resource())
                        .bind(5, e.resourceId()).bind(6, e.payloadJson()).bind(7, e.createdBy())
                        .bind(8, e.createdAt().toEpochMilli()).bind(9, e.status().code()).bind(10, e.totalRules())
                        .bind(11, e.completedCount()).bind(12, e.failedCount()).bind(13, Rows.millis(e.startedAt()))
                        .bind(14, Rows.millis(e.completedAt())).add();
            }
            eventBatch.execute();
            if (!deliveries.isEmpty()) {
                var deliveryBatch = h.prepareBatch("""
                        INSERT INTO deliveries (id, organization_id, workspace_id, event_id, rule_id, connection_id,
                            integration_type, event, resource, resource_id, status, attempt_count, max_attempts,
                            next_attempt_at, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                for (Delivery d : deliveries) {
                    deliveryBatch.bind(0, d.id().toString()).bind(1, d.organizationId().toString())
                            .bind(2, d.workspaceId().toString()).bind(3, d.eventId().toString())
                            .bind(4, d.ruleId().toString()).bind(5, d.connectionId().toString())
                            .bind(6, d.integrationType()).bind(7, d.event()).bind(8, d.resource())
                            .bind(9, d.resourceId()).bind(10, d.status().code()).bind(11, d.attemptCount())
                            .bind(12, d.maxAttempts()).bind(13, Rows.millis(d.nextAttemptAt()))
                            .bind(14, d.createdBy()).bind(15, d.createdAt().toEpochMilli()).add();
                }
                deliveryBatch.execute();
                if (postgres) {
                    h.execute("NOTIFY " + PostgresWorkListener.CHANNEL); // delivered to every node on commit
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

    @Override
    public Page<Event> list(UUID organizationId, Filter filter, PageRequest page) {
        if (filter.workspaces() != null && filter.workspaces().isEmpty()) {
            return new Page<>(List.of(), page.limit(), null);
        }
        Where where = Where.organization(organizationId).equal("workspace_id", filter.workspaceId())
                .equal("event", filter.event()).equal("resource", filter.resource())
                .equal("resource_id", filter.resourceId())
                .equal("status", filter.status() == null ? null : filter.status().code());
        if (filter.workspaces() != null) {
            where.and("workspace_id IN (<workspaces>)", java.util.Map.of());
        }
        if (page.after() != null) {
            where.and("(created_at < :afterTime OR (created_at = :afterTime AND id < :afterId))",
                    java.util.Map.of("afterTime", page.after().createdAtMillis(), "afterId", page.after().id()));
        }
        List<Event> rows = sql.with(h -> {
            var query = h.createQuery("SELECT * FROM events WHERE " + where.sql()
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit").bindMap(where.binds()).bind("limit", page.limit() + 1);
            if (filter.workspaces() != null) {
                query.bindList("workspaces", filter.workspaces().stream().map(UUID::toString).toList());
            }
            return query.map(JdbcEvents::row).list();
        });
        return Page.of(rows, page.limit(), e -> new Cursor(e.createdAt().toEpochMilli(), e.id().toString()));
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        return sql.with(h -> h.inTransaction(tx -> {
            List<String> ids = tx.createQuery("""
                    SELECT id FROM events WHERE created_at < ? AND status IN ('completed', 'failed') LIMIT ?""")
                    .bind(0, cutoff.toEpochMilli()).bind(1, limit).mapTo(String.class).list();
            if (ids.isEmpty()) {
                return 0;
            }
            tx.createUpdate("DELETE FROM attempts WHERE event_id IN (<ids>)").bindList("ids", ids).execute();
            tx.createUpdate("DELETE FROM deliveries WHERE event_id IN (<ids>)").bindList("ids", ids).execute();
            return tx.createUpdate("DELETE FROM events WHERE id IN (<ids>)").bindList("ids", ids).execute();
        }));
    }

    private static Event row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Event(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workspace_id"),
                rs.getString("event"), rs.getString("resource"), rs.getString("resource_id"), rs.getString("payload"),
                rs.getString("created_by"), Rows.instant(rs, "created_at"), DeliveryStatus.of(rs.getString("status")),
                rs.getInt("total_rules"), rs.getInt("completed_count"), rs.getInt("failed_count"),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "completed_at"));
    }
}
