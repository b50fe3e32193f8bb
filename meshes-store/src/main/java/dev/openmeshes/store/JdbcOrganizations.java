package dev.openmeshes.store;

import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Organizations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcOrganizations implements Organizations {

    /**
     * Every table holding an organization's rows but events, deliveries and attempts (purged in
     * batches first), children before the parents their foreign keys name; the people who belong to
     * no other organization go between memberships and workspaces (see {@link #purgeTheRest}).
     */
    private static final List<String> TABLES_BY_ORGANIZATION = List.of("activity_minutes", "usage_days", "catalog_names",
            "embed_sessions", "connection_tokens", "mappings", "field_catalogs", "rules", "connections",
            "machine_keys", "invitations", "memberships", "workspaces");
    /** Idempotency records are keyed by principal, each named {@code org:<id>:…} (see Idempotency). */
    private static final String IDEMPOTENCY_OF_ORGANIZATION = "DELETE FROM idempotency_keys WHERE principal LIKE :prefix";

    private final JdbcStore.Sql sql;

    JdbcOrganizations(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Organization o) {
        sql.inTransaction(h -> h.createUpdate("""
                        INSERT INTO organizations (id, name, status, monthly_event_quota, ingest_rate_limit, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, o.id().toString()).bind(1, o.name()).bind(2, o.status().code())
                .bind(3, o.limits().monthlyEventQuota()).bind(4, o.limits().ingestRateLimit())
                .bind(5, o.createdAt().toEpochMilli()).bind(6, o.updatedAt().toEpochMilli())
                .execute());
    }

    @Override
    public void update(Organization o) {
        sql.inTransaction(h -> h.createUpdate("""
                        UPDATE organizations SET name = ?, status = ?, monthly_event_quota = ?, ingest_rate_limit = ?,
                            updated_at = ? WHERE id = ?""")
                .bind(0, o.name()).bind(1, o.status().code())
                .bind(2, o.limits().monthlyEventQuota()).bind(3, o.limits().ingestRateLimit())
                .bind(4, o.updatedAt().toEpochMilli()).bind(5, o.id().toString()).execute());
    }

    @Override
    public Optional<Organization> find(UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM organizations WHERE id = ?").bind(0, id.toString())
                .map(JdbcOrganizations::row).findOne());
    }

    @Override
    public boolean isEmpty() {
        return sql.with(h -> h.createQuery("SELECT id FROM organizations WHERE id <> ? LIMIT 1")
                .bind(0, Organization.OPERATORS.toString()).mapTo(String.class).findOne().isEmpty());
    }

    @Override
    public Page<Organization> list(PageRequest page) {
        String after = page.after() == null ? "" : " AND (created_at > :afterTime OR (created_at = :afterTime AND id > :afterId))";
        List<Organization> rows = sql.with(h -> {
            var query = h.createQuery("SELECT * FROM organizations WHERE id <> :operators AND status <> 'deleted'" + after
                            + " ORDER BY created_at, id LIMIT :limit")
                    .bind("operators", Organization.OPERATORS.toString())
                    .bind("limit", page.limit() + 1);
            if (page.after() != null) {
                query.bind("afterTime", page.after().createdAtMillis()).bind("afterId", page.after().id());
            }
            return query.map(JdbcOrganizations::row).list();
        });
        return Page.of(rows, page.limit(), o -> new Cursor(o.createdAt().toEpochMilli(), o.id().toString()));
    }

    @Override
    public List<UUID> deleting() {
        return sql.with(h -> h.createQuery("SELECT id FROM organizations WHERE status = 'deleting' ORDER BY updated_at")
                .mapTo(String.class).map(UUID::fromString).list());
    }

    @Override
    public int purgeSome(UUID organizationId, int batch) {
        String org = organizationId.toString();
        return sql.inTransaction(h -> {
            List<String> events = h.createQuery("SELECT id FROM events WHERE organization_id = ? LIMIT ?")
                    .bind(0, org).bind(1, batch).mapTo(String.class).list();
            if (events.isEmpty()) {
                return purgeTheRest(h, org);
            }
            int deleted = h.createUpdate("DELETE FROM attempts WHERE event_id IN (<ids>)").bindList("ids", events).execute();
            deleted += h.createUpdate("DELETE FROM deliveries WHERE event_id IN (<ids>)").bindList("ids", events).execute();
            return deleted + h.createUpdate("DELETE FROM events WHERE id IN (<ids>)").bindList("ids", events).execute();
        });
    }

    private static int purgeTheRest(Handle h, String org) {
        List<String> people = h.createQuery("SELECT user_id FROM memberships WHERE organization_id = ?")
                .bind(0, org).mapTo(String.class).list();
        int deleted = h.createUpdate(IDEMPOTENCY_OF_ORGANIZATION).bind("prefix", "org:" + org + ":%").execute();
        for (String table : TABLES_BY_ORGANIZATION) {
            deleted += h.createUpdate("DELETE FROM " + table + " WHERE organization_id = ?").bind(0, org).execute();
            if (table.equals("memberships") && !people.isEmpty()) {
                deleted += h.createUpdate("DELETE FROM users WHERE id IN (<ids>) AND id NOT IN (SELECT user_id FROM memberships)")
                        .bindList("ids", people).execute();
            }
        }
        return deleted;
    }

    @Override
    public Map<String, Long> rowCounts(UUID organizationId) {
        String org = organizationId.toString();
        return sql.with(h -> {
            var counts = new LinkedHashMap<String, Long>();
            counts.put("events", count(h, "SELECT COUNT(*) FROM events WHERE organization_id = :org", org));
            counts.put("deliveries", count(h, "SELECT COUNT(*) FROM deliveries WHERE event_id IN "
                    + "(SELECT id FROM events WHERE organization_id = :org) OR connection_id IN "
                    + "(SELECT id FROM connections WHERE organization_id = :org)", org));
            counts.put("attempts", count(h, "SELECT COUNT(*) FROM attempts WHERE organization_id = :org", org));
            counts.put("idempotency_keys", count(h, "SELECT COUNT(*) FROM idempotency_keys WHERE principal LIKE :org",
                    "org:" + org + ":%"));
            for (String table : TABLES_BY_ORGANIZATION) {
                counts.put(table, count(h, "SELECT COUNT(*) FROM " + table + " WHERE organization_id = :org", org));
            }
            return counts;
        });
    }

    private static long count(Handle h, String query, String org) {
        return h.createQuery(query).bind("org", org).mapTo(Long.class).one();
    }

    private static Organization row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Organization(Rows.uuid(rs, "id"), rs.getString("name"),
                Organization.Status.valueOf(rs.getString("status").toUpperCase()),
                new Organization.Limits(Rows.longOrNull(rs, "monthly_event_quota"), Rows.intOrNull(rs, "ingest_rate_limit")),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
