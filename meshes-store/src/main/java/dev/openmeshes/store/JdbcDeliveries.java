package dev.openmeshes.store;

import dev.openmeshes.core.model.Attempt;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.store.Deliveries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcDeliveries implements Deliveries {

    private final JdbcStore.Sql sql;
    /** PostgreSQL lets concurrent claimers skip each other's rows; SQLite's single writer needs no lock hint. */
    private final String skipLocked;

    JdbcDeliveries(JdbcStore.Sql sql, boolean postgres) {
        this.sql = sql;
        this.skipLocked = postgres ? " FOR UPDATE SKIP LOCKED" : "";
    }

    @Override
    public List<Delivery> claim(String owner, Instant now, Instant leaseUntil, int limit) {
        return sql.with(h -> h.inTransaction(tx -> {
            List<Delivery> claimed = new ArrayList<>(lease(tx, """
                    SELECT id FROM deliveries WHERE status = 'processing' AND lease_until < :now LIMIT :limit""",
                    owner, now, leaseUntil, limit));
            if (claimed.size() < limit) {
                claimed.addAll(lease(tx, """
                        SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= :now
                        ORDER BY next_attempt_at LIMIT :limit""", owner, now, leaseUntil, limit - claimed.size()));
            }
            return claimed;
        }));
    }

    private List<Delivery> lease(Handle tx, String due, String owner, Instant now, Instant leaseUntil, int limit) {
        return tx.createQuery("UPDATE deliveries SET status = 'processing', lease_owner = :owner, lease_until = :until, "
                        + "started_at = COALESCE(started_at, :now) WHERE id IN (" + due + skipLocked + ") RETURNING *")
                .bind("owner", owner).bind("until", leaseUntil.toEpochMilli()).bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map(JdbcDeliveries::row).list();
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return sql.with(h -> h.createQuery("""
                SELECT MIN(t) AS due_at FROM (
                    SELECT MIN(next_attempt_at) AS t FROM deliveries WHERE status = 'pending'
                    UNION ALL
                    SELECT MIN(lease_until) AS t FROM deliveries WHERE status = 'processing') due""")
                .map((rs, ctx) -> Optional.ofNullable(Rows.instant(rs, "due_at"))).one());
    }

    @Override
    public boolean record(String owner, Attempt attempt, Delivery updated) {
        return sql.with(h -> h.inTransaction(tx -> {
            int changed = tx.createUpdate("""
                    UPDATE deliveries SET status = :status, attempt_count = :attempts, next_attempt_at = :next,
                        last_error = :lastError, completed_at = :completedAt, lease_owner = NULL, lease_until = NULL
                    WHERE id = :id AND status = 'processing' AND lease_owner = :owner""")
                    .bind("status", updated.status().code()).bind("attempts", updated.attemptCount())
                    .bind("next", Rows.millis(updated.nextAttemptAt())).bind("lastError", updated.lastError())
                    .bind("completedAt", Rows.millis(updated.completedAt())).bind("id", updated.id().toString())
                    .bind("owner", owner).execute();
            if (changed == 0) {
                return false;
            }
            tx.createUpdate("""
                    INSERT INTO attempts (id, delivery_id, organization_id, event_id, rule_id, number, outcome, status_code,
                        duration_ms, message, response_body, request_headers, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .bind(0, attempt.id().toString()).bind(1, attempt.deliveryId().toString())
                    .bind(2, attempt.organizationId().toString()).bind(3, attempt.eventId().toString())
                    .bind(4, attempt.ruleId().toString()).bind(5, attempt.number()).bind(6, attempt.outcome())
                    .bind(7, attempt.statusCode()).bind(8, attempt.durationMillis()).bind(9, attempt.message())
                    .bind(10, attempt.responseBody()).bind(11, Rows.json(attempt.requestHeaders()))
                    .bind(12, attempt.startedAt().toEpochMilli()).execute();
            refreshEvent(tx, updated.eventId());
            return true;
        }));
    }

    /** Recomputes an event's status and counts from its deliveries. */
    private static void refreshEvent(Handle tx, UUID eventId) {
        record Group(String status, int count, Long startedAt, Long completedAt) {}
        List<Group> groups = tx.createQuery("""
                SELECT status, COUNT(*) AS n, MIN(started_at) AS started, MAX(completed_at) AS completed
                FROM deliveries WHERE event_id = ? GROUP BY status""")
                .bind(0, eventId.toString())
                .map((rs, ctx) -> new Group(rs.getString("status"), rs.getInt("n"),
                        Rows.longOrNull(rs, "started"), Rows.longOrNull(rs, "completed")))
                .list();
        int total = 0, completed = 0, failed = 0;
        Long started = null, finished = null;
        boolean attempted = false;
        for (Group g : groups) {
            total += g.count();
            if (g.status().equals("completed")) completed = g.count();
            if (g.status().equals("failed")) failed = g.count();
            if (g.status().equals("processing")) attempted = true;
            if (g.startedAt() != null) {
                attempted = true;
                started = started == null ? g.startedAt() : Math.min(started, g.startedAt());
            }
            if (g.completedAt() != null) finished = finished == null ? g.completedAt() : Math.max(finished, g.completedAt());
        }
        DeliveryStatus status = completed + failed == total ? (failed > 0 ? DeliveryStatus.FAILED : DeliveryStatus.COMPLETED)
                : attempted ? DeliveryStatus.PROCESSING : DeliveryStatus.PENDING;
        tx.createUpdate("""
                UPDATE events SET status = ?, completed_count = ?, failed_count = ?, started_at = ?, completed_at = ?
                WHERE id = ?""")
                .bind(0, status.code()).bind(1, completed).bind(2, failed).bind(3, started)
                .bind(4, status.terminal() ? finished : null).bind(5, eventId.toString()).execute();
    }

    @Override
    public int release(String owner) {
        return sql.with(h -> h.createUpdate("""
                UPDATE deliveries SET status = 'pending', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
                WHERE status = 'processing' AND lease_owner = ?""")
                .bind(0, System.currentTimeMillis()).bind(1, owner).execute());
    }

    @Override
    public List<Delivery> forEvent(UUID organizationId, UUID eventId) {
        return sql.with(h -> h.createQuery(
                        "SELECT * FROM deliveries WHERE organization_id = ? AND event_id = ? ORDER BY created_at, id")
                .bind(0, organizationId.toString()).bind(1, eventId.toString()).map(JdbcDeliveries::row).list());
    }

    @Override
    public Optional<Delivery> find(UUID organizationId, UUID eventId, UUID ruleId) {
        return sql.with(h -> h.createQuery(
                        "SELECT * FROM deliveries WHERE organization_id = ? AND event_id = ? AND rule_id = ?")
                .bind(0, organizationId.toString()).bind(1, eventId.toString()).bind(2, ruleId.toString())
                .map(JdbcDeliveries::row).findOne());
    }

    @Override
    public Delivery retryNow(Delivery delivery, Instant now) {
        return sql.with(h -> h.inTransaction(tx -> {
            tx.createUpdate("""
                    UPDATE deliveries SET status = 'pending', next_attempt_at = ?, max_attempts = attempt_count + 1,
                        completed_at = NULL
                    WHERE id = ? AND status IN ('pending', 'failed')""")
                    .bind(0, now.toEpochMilli()).bind(1, delivery.id().toString()).execute();
            refreshEvent(tx, delivery.eventId());
            if (!skipLocked.isEmpty()) {
                tx.execute("NOTIFY " + PostgresWorkListener.CHANNEL);
            }
            return tx.createQuery("SELECT * FROM deliveries WHERE id = ?").bind(0, delivery.id().toString())
                    .map(JdbcDeliveries::row).one();
        }));
    }

    @Override
    public List<Attempt> attempts(UUID organizationId, UUID deliveryId) {
        return sql.with(h -> h.createQuery(
                        "SELECT * FROM attempts WHERE organization_id = ? AND delivery_id = ? ORDER BY number, started_at")
                .bind(0, organizationId.toString()).bind(1, deliveryId.toString())
                .map((rs, ctx) -> new Attempt(Rows.uuid(rs, "id"), Rows.uuid(rs, "delivery_id"),
                        Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "event_id"), Rows.uuid(rs, "rule_id"),
                        rs.getInt("number"), rs.getString("outcome"), Rows.intOrNull(rs, "status_code"),
                        rs.getLong("duration_ms"), rs.getString("message"), rs.getString("response_body"),
                        Rows.jsonStrings(rs.getString("request_headers")), Rows.instant(rs, "started_at")))
                .list());
    }

    @Override
    public long countUnfinished() {
        return sql.with(h -> h.createQuery("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'processing')")
                .mapTo(Long.class).one());
    }

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
