package dev.openmeshes.store;

import dev.openmeshes.core.model.AuditEntry;
import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.PlatformAudit;
import java.time.Instant;
import java.util.List;

final class JdbcPlatformAudit implements PlatformAudit {

    private final JdbcStore.Sql sql;

    JdbcPlatformAudit(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void record(AuditEntry e) {
        sql.inTransaction(h -> h.createUpdate("""
                        INSERT INTO platform_audit (id, key_id, access_key, organization_id, method, path, status,
                            correlation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, e.id().toString()).bind(1, e.keyId().toString()).bind(2, e.accessKey())
                .bind(3, e.organizationId().toString()).bind(4, e.method()).bind(5, e.path()).bind(6, e.status())
                .bind(7, e.correlationId()).bind(8, e.at().toEpochMilli())
                .execute());
    }

    @Override
    public Page<AuditEntry> list(PageRequest page) {
        String before = page.after() == null ? "" : " WHERE at < :afterTime OR (at = :afterTime AND id < :afterId)";
        List<AuditEntry> rows = sql.with(h -> {
            var query = h.createQuery("SELECT * FROM platform_audit" + before + " ORDER BY at DESC, id DESC LIMIT :limit")
                    .bind("limit", page.limit() + 1);
            if (page.after() != null) {
                query.bind("afterTime", page.after().createdAtMillis()).bind("afterId", page.after().id());
            }
            return query.map((rs, ctx) -> new AuditEntry(Rows.uuid(rs, "id"), Rows.uuid(rs, "key_id"),
                    rs.getString("access_key"), Rows.uuid(rs, "organization_id"), rs.getString("method"),
                    rs.getString("path"), rs.getInt("status"), rs.getString("correlation_id"),
                    Rows.instant(rs, "at"))).list();
        });
        return Page.of(rows, page.limit(), e -> new Cursor(e.at().toEpochMilli(), e.id().toString()));
    }

    @Override
    public int deleteBefore(Instant cutoff, int limit) {
        return sql.inTransaction(tx -> {
            List<String> ids = tx.createQuery("SELECT id FROM platform_audit WHERE at < ? LIMIT ?")
                    .bind(0, cutoff.toEpochMilli()).bind(1, limit).mapTo(String.class).list();
            return ids.isEmpty() ? 0
                    : tx.createUpdate("DELETE FROM platform_audit WHERE id IN (<ids>)").bindList("ids", ids).execute();
        });
    }
}
