package dev.openmeshes.store;

import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.model.Rule;
import dev.openmeshes.core.store.Rules;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcRules implements Rules {

    private final JdbcStore.Sql sql;

    JdbcRules(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Rule r) {
        var map = new HashMap<String, Object>();
        map.put("id", r.id().toString());
        map.put("org", r.organizationId().toString());
        map.put("workspace", r.workspaceId().toString());
        map.put("connection", r.connectionId().toString());
        map.put("event", r.event());
        map.put("resource", r.resource());
        map.put("resourceId", r.resourceId());
        map.put("metadata", Rows.json(r.metadata()));
        map.put("active", r.active());
        map.put("hidden", r.hidden());
        map.put("createdBy", r.createdBy());
        map.put("createdAt", r.createdAt().toEpochMilli());
        map.put("updatedAt", r.updatedAt().toEpochMilli());
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO rules (id, organization_id, workspace_id, connection_id, event, resource, resource_id, metadata,
                    active, hidden, created_by, created_at, updated_at)
                VALUES (:id, :org, :workspace, :connection, :event, :resource, :resourceId, :metadata, :active, :hidden,
                    :createdBy, :createdAt, :updatedAt)""").bindMap(map).execute());
    }

    @Override
    public Optional<Rule> find(UUID organizationId, UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM rules WHERE organization_id = ? AND id = ?")
                .bind(0, organizationId.toString()).bind(1, id.toString()).map(JdbcRules::row).findOne());
    }

    @Override
    public Page<Rule> list(UUID organizationId, Filter filter, Set<UUID> only, PageRequest page) {
        Where where = Where.organization(organizationId).equal("workspace_id", filter.workspaceId())
                .equal("event", filter.event()).equal("resource", filter.resource())
                .equal("resource_id", filter.resourceId()).in("workspace_id", only).after(page.after());
        List<Rule> rows = sql.with(h -> h.createQuery("SELECT * FROM rules WHERE " + where.sql()
                        + " ORDER BY created_at, id LIMIT :limit")
                .bindMap(where.binds()).bind("limit", page.limit() + 1).map(JdbcRules::row).list());
        return Page.of(rows, page.limit(), r -> new Cursor(r.createdAt().toEpochMilli(), r.id().toString()));
    }

    @Override
    public List<Route> routesFor(UUID workspaceId) {
        // Read by the ingest writer for every batch: plain JDBC, and only the columns matching needs.
        // A connection deactivated because its credentials were refused still gets its deliveries
        // (held until it is fixed: no event is lost to an expired token); one switched off does not.
        return sql.jdbc(statements -> {
            try (var prepared = statements.prepare("""
                    SELECT r.id, r.connection_id, c.type, r.event, r.resource, r.resource_id
                    FROM rules r JOIN connections c ON c.id = r.connection_id
                    WHERE r.workspace_id = ? AND r.active = TRUE
                      AND (c.active = TRUE OR c.inactive_reason <> 'manually_inactivated')""")) {
                PreparedStatement query = prepared.statement();
                query.setString(1, workspaceId.toString());
                List<Route> routes = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        routes.add(new Route(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                }
                return routes;
            }
        });
    }

    @Override
    public boolean anyActiveFor(UUID connectionId) {
        return sql.with(h -> h.createQuery("SELECT id FROM rules WHERE connection_id = ? AND active = TRUE LIMIT 1")
                .bind(0, connectionId.toString()).mapTo(String.class).findOne().isPresent());
    }

    @Override
    public boolean delete(UUID organizationId, UUID id) {
        return sql.inTransaction(h -> h.createUpdate("DELETE FROM rules WHERE organization_id = ? AND id = ?")
                .bind(0, organizationId.toString()).bind(1, id.toString()).execute()) == 1;
    }

    @Override
    public int deleteForConnection(UUID organizationId, UUID connectionId) {
        return sql.inTransaction(h -> h.createUpdate("DELETE FROM rules WHERE organization_id = ? AND connection_id = ?")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString()).execute());
    }

    private static Rule row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Rule(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workspace_id"),
                Rows.uuid(rs, "connection_id"), rs.getString("event"), rs.getString("resource"),
                rs.getString("resource_id"), Rows.jsonObject(rs.getString("metadata")), rs.getBoolean("active"),
                rs.getBoolean("hidden"), rs.getString("created_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
