package dev.openmeshes.store;

import dev.openmeshes.core.store.FieldCatalogs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/** Table {@code field_catalogs}: the catalog last loaded for each connection. */
final class JdbcFieldCatalogs implements FieldCatalogs {

    private final JdbcStore.Sql sql;

    JdbcFieldCatalogs(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<StoredCatalog> find(UUID organizationId, UUID connectionId) {
        return sql.with(h -> h.createQuery("SELECT * FROM field_catalogs WHERE organization_id = ? AND connection_id = ?")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString())
                .map(JdbcFieldCatalogs::row).findOne());
    }

    /** Only a connection of the catalog's organization takes it, and only that organization's row is replaced. */
    @Override
    public void save(StoredCatalog c) {
        sql.inTransaction(h -> h.createUpdate("""
                        INSERT INTO field_catalogs (connection_id, id, organization_id, workspace_id, integration_type,
                            catalog_version, fields_json, created_by, refreshed_at, created_at, updated_at)
                        SELECT id, :id, organization_id, workspace_id, :type, :catalogVersion, :fields, :createdBy,
                            :refreshedAt, :createdAt, :updatedAt
                        FROM connections WHERE id = :connection AND organization_id = :org
                        ON CONFLICT (connection_id) DO UPDATE SET integration_type = excluded.integration_type,
                            catalog_version = excluded.catalog_version, fields_json = excluded.fields_json,
                            created_by = excluded.created_by, refreshed_at = excluded.refreshed_at,
                            updated_at = excluded.updated_at
                        WHERE field_catalogs.organization_id = excluded.organization_id""")
                .bind("connection", c.connectionId().toString()).bind("org", c.organizationId().toString())
                .bind("id", c.id().toString()).bind("type", c.integrationType())
                .bind("catalogVersion", c.catalogVersion()).bind("fields", c.fieldsJson())
                .bind("createdBy", c.createdBy()).bind("refreshedAt", c.refreshedAt().toEpochMilli())
                .bind("createdAt", c.createdAt().toEpochMilli()).bind("updatedAt", c.updatedAt().toEpochMilli())
                .execute());
    }

    @Override
    public void deleteForConnection(UUID organizationId, UUID connectionId) {
        sql.inTransaction(h -> h.createUpdate("DELETE FROM field_catalogs WHERE organization_id = ? AND connection_id = ?")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString()).execute());
    }

    private static StoredCatalog row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredCatalog(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workspace_id"),
                Rows.uuid(rs, "connection_id"), rs.getString("integration_type"), rs.getString("catalog_version"),
                rs.getString("fields_json"), rs.getString("created_by"), Rows.instant(rs, "refreshed_at"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
