package dev.openmeshes.store;

import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.model.PublishableKey;
import dev.openmeshes.core.model.Workspace;
import dev.openmeshes.core.store.Workspaces;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcWorkspaces implements Workspaces {

    private final JdbcStore.Sql sql;

    JdbcWorkspaces(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Workspace w) {
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO workspaces (id, organization_id, name, name_key, description, publishable_key_name,
                    publishable_key, previous_publishable_key, previous_publishable_key_expires_at, created_at, updated_at,
                    ingest_rate_limit)
                VALUES (:id, :org, :name, :nameKey, :description, :keyName, :key, :previousKey, :previousKeyExpiresAt,
                    :createdAt, :updatedAt, :ingestRateLimit)""")
                .bind("id", w.id().toString())
                .bind("createdAt", w.createdAt().toEpochMilli())
                .bindMap(columns(w))
                .execute());
    }

    @Override
    public void update(Workspace w) {
        sql.inTransaction(h -> h.createUpdate("""
                UPDATE workspaces SET name = :name, name_key = :nameKey, description = :description,
                    publishable_key_name = :keyName, publishable_key = :key, previous_publishable_key = :previousKey,
                    previous_publishable_key_expires_at = :previousKeyExpiresAt, updated_at = :updatedAt,
                    ingest_rate_limit = :ingestRateLimit
                WHERE organization_id = :org AND id = :id""")
                .bind("id", w.id().toString())
                .bindMap(columns(w))
                .execute());
    }

    private static java.util.Map<String, Object> columns(Workspace w) {
        PublishableKey key = w.publishableKey();
        var map = new java.util.HashMap<String, Object>();
        map.put("org", w.organizationId().toString());
        map.put("name", w.name());
        map.put("nameKey", nameKey(w.name()));
        map.put("description", w.description());
        map.put("keyName", key.name());
        map.put("key", key.current());
        map.put("previousKey", key.previous());
        map.put("previousKeyExpiresAt", Rows.millis(key.previousExpiresAt()));
        map.put("updatedAt", w.updatedAt().toEpochMilli());
        map.put("ingestRateLimit", w.ingestRateLimit());
        return map;
    }

    @Override
    public Optional<Workspace> find(UUID organizationId, UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM workspaces WHERE organization_id = ? AND id = ?")
                .bind(0, organizationId.toString()).bind(1, id.toString())
                .map(JdbcWorkspaces::row).findOne());
    }

    @Override
    public boolean idExists(UUID id) {
        return sql.with(h -> h.createQuery("SELECT id FROM workspaces WHERE id = ?").bind(0, id.toString())
                .mapTo(String.class).findOne().isPresent());
    }

    @Override
    public java.util.List<UUID> ids(UUID organizationId) {
        return sql.with(h -> ids(h, organizationId));
    }

    static java.util.List<UUID> ids(org.jdbi.v3.core.Handle h, UUID organizationId) {
        return h.createQuery("SELECT id FROM workspaces WHERE organization_id = ?")
                .bind(0, organizationId.toString()).map((rs, ctx) -> Rows.uuid(rs, "id")).list();
    }

    @Override
    public Optional<Workspace> findByName(UUID organizationId, String name) {
        return sql.with(h -> h.createQuery("SELECT * FROM workspaces WHERE organization_id = ? AND name_key = ?")
                .bind(0, organizationId.toString()).bind(1, nameKey(name))
                .map(JdbcWorkspaces::row).findOne());
    }

    @Override
    public Page<Workspace> list(UUID organizationId, Set<UUID> only, PageRequest page) {
        if (only != null && only.isEmpty()) {
            return new Page<>(List.of(), page.limit(), null);
        }
        String filter = only == null ? "" : " AND id IN (<only>)";
        String after = page.after() == null ? "" : " AND (created_at > :afterTime OR (created_at = :afterTime AND id > :afterId))";
        List<Workspace> rows = sql.with(h -> {
            Query query = h.createQuery("SELECT * FROM workspaces WHERE organization_id = :org" + filter + after
                            + " ORDER BY created_at, id LIMIT :limit")
                    .bind("org", organizationId.toString())
                    .bind("limit", page.limit() + 1);
            if (only != null) {
                query.bindList("only", only.stream().map(UUID::toString).toList());
            }
            if (page.after() != null) {
                query.bind("afterTime", page.after().createdAtMillis()).bind("afterId", page.after().id());
            }
            return query.map(JdbcWorkspaces::row).list();
        });
        return Page.of(rows, page.limit(), w -> new Cursor(w.createdAt().toEpochMilli(), w.id().toString()));
    }

    @Override
    public Optional<Workspace> findByPublishableKey(String publishableKey) {
        return sql.with(h -> h.createQuery("SELECT * FROM workspaces WHERE publishable_key = :key OR previous_publishable_key = :key")
                .bind("key", publishableKey)
                .map(JdbcWorkspaces::row).findFirst());
    }

    private static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Workspace row(ResultSet rs, StatementContext ctx) throws SQLException {
        var key = new PublishableKey(rs.getString("publishable_key_name"), rs.getString("publishable_key"),
                rs.getString("previous_publishable_key"), Rows.instant(rs, "previous_publishable_key_expires_at"));
        return new Workspace(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                rs.getString("description"), key, Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                Rows.intOrNull(rs, "ingest_rate_limit"));
    }
}
