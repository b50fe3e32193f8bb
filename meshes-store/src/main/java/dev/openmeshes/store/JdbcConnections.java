package dev.openmeshes.store;

import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Connections;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcConnections implements Connections {

    private final JdbcStore.Sql sql;

    JdbcConnections(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Connection c) {
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO connections (id, organization_id, workspace_id, type, name, metadata, active, inactive_reason,
                    hidden, created_by, created_at, updated_at)
                VALUES (:id, :org, :workspace, :type, :name, :metadata, :active, :inactiveReason, :hidden, :createdBy,
                    :createdAt, :updatedAt)""").bindMap(columns(c)).execute());
    }

    @Override
    public void update(Connection c) {
        sql.inTransaction(h -> h.createUpdate("""
                UPDATE connections SET name = :name, metadata = :metadata, active = :active,
                    inactive_reason = :inactiveReason, hidden = :hidden, updated_at = :updatedAt
                WHERE organization_id = :org AND id = :id""").bindMap(columns(c)).execute());
    }

    private static Map<String, Object> columns(Connection c) {
        var map = new HashMap<String, Object>();
        map.put("id", c.id().toString());
        map.put("org", c.organizationId().toString());
        map.put("workspace", c.workspaceId().toString());
        map.put("type", c.type());
        map.put("name", c.name());
        map.put("metadata", Rows.json(c.metadata()));
        map.put("active", c.active());
        map.put("inactiveReason", c.inactiveReason());
        map.put("hidden", c.hidden());
        map.put("createdBy", c.createdBy());
        map.put("createdAt", c.createdAt().toEpochMilli());
        map.put("updatedAt", c.updatedAt().toEpochMilli());
        return map;
    }

    @Override
    public Optional<Connection> find(UUID organizationId, UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM connections WHERE organization_id = ? AND id = ?")
                .bind(0, organizationId.toString()).bind(1, id.toString()).map(JdbcConnections::row).findOne());
    }

    @Override
    public Page<Connection> list(UUID organizationId, UUID workspaceId, Set<UUID> only, PageRequest page) {
        Where where = Where.organization(organizationId).equal("workspace_id", workspaceId).in("workspace_id", only)
                .after(page.after());
        List<Connection> rows = sql.with(h -> h.createQuery("SELECT * FROM connections WHERE " + where.sql()
                        + " ORDER BY created_at, id LIMIT :limit")
                .bindMap(where.binds()).bind("limit", page.limit() + 1)
                .map(JdbcConnections::row).list());
        return Page.of(rows, page.limit(), c -> new Cursor(c.createdAt().toEpochMilli(), c.id().toString()));
    }

    @Override
    public Map<UUID, String> types(UUID organizationId, Collection<UUID> ids) {
        Where where = Where.organization(organizationId).in("id", ids);
        Map<UUID, String> types = new HashMap<>();
        sql.with(h -> h.createQuery("SELECT id, type FROM connections WHERE " + where.sql()).bindMap(where.binds())
                .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "id"), rs.getString("type"))).list())
                .forEach(e -> types.put(e.getKey(), e.getValue()));
        return types;
    }

    /** With its tokens, mappings and field catalog, in one transaction. */
    @Override
    public boolean delete(UUID organizationId, UUID id) {
        return sql.inTransaction(h -> {
            for (String table : List.of("connection_tokens", "mappings", "field_catalogs")) {
                h.createUpdate("DELETE FROM " + table + " WHERE organization_id = ? AND connection_id = ?")
                        .bind(0, organizationId.toString()).bind(1, id.toString()).execute();
            }
            return h.createUpdate("DELETE FROM connections WHERE organization_id = ? AND id = ?")
                    .bind(0, organizationId.toString()).bind(1, id.toString()).execute() == 1;
        });
    }

    private static Connection row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Connection(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workspace_id"),
                rs.getString("type"), rs.getString("name"), Rows.jsonObject(rs.getString("metadata")),
                rs.getBoolean("active"), rs.getString("inactive_reason"), rs.getBoolean("hidden"),
                rs.getString("created_by"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
