package dev.openmeshes.store;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.store.Mappings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/** Table {@code mappings}: every version of each connection's default mapping, the newest in use. */
final class JdbcMappings implements Mappings {

    private final JdbcStore.Sql sql;

    JdbcMappings(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<StoredMapping> findDefault(UUID organizationId, UUID connectionId) {
        return sql.with(h -> h.createQuery("""
                        SELECT * FROM mappings WHERE organization_id = ? AND connection_id = ?
                        ORDER BY version DESC LIMIT 1""")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString())
                .map(JdbcMappings::row).findOne());
    }

    /**
     * One INSERT, taken only while the newest version is still the expected one and the connection
     * is the organization's, in the mapping's workspace. Two saves of the same next version that
     * both saw the old one meet at the unique (connection, version): the second inserts nothing
     * (DO NOTHING, so an enclosing transaction is not aborted on PostgreSQL).
     */
    @Override
    public Optional<StoredMapping> saveDefault(StoredMapping next, int expectedVersion) {
        if (expectedVersion < 0) {
            throw Problem.invalid("version", "must be 0 or more, was " + expectedVersion);
        }
        if (next.version() != expectedVersion + 1) {
            throw Problem.invalid("version", "must be " + (expectedVersion + 1) + " after version " + expectedVersion
                    + ", was " + next.version());
        }
        int inserted = sql.inTransaction(h -> h.createUpdate("""
                        INSERT INTO mappings (id, mapping_id, organization_id, workspace_id, connection_id, integration_type,
                            name, version, schema_json, catalog_version, created_by, created_at, updated_at)
                        SELECT :id, :mappingId, organization_id, workspace_id, id, :type, :name, :version, :schema,
                            :catalogVersion, :createdBy, :createdAt, :updatedAt
                        FROM connections WHERE id = :connection AND organization_id = :org AND workspace_id = :workspace
                            AND COALESCE((SELECT MAX(version) FROM mappings WHERE connection_id = :connection), 0) = :expected
                        ON CONFLICT (connection_id, version) DO NOTHING""")
                .bind("id", next.id().toString()).bind("mappingId", next.mappingId().toString())
                .bind("org", next.organizationId().toString()).bind("workspace", next.workspaceId().toString())
                .bind("connection", next.connectionId().toString()).bind("type", next.integrationType())
                .bind("name", next.name()).bind("version", next.version()).bind("schema", next.schemaJson())
                .bind("catalogVersion", next.catalogVersion()).bind("createdBy", next.createdBy())
                .bind("createdAt", next.createdAt().toEpochMilli()).bind("updatedAt", next.updatedAt().toEpochMilli())
                .bind("expected", expectedVersion)
                .execute());
        return inserted == 1 ? Optional.of(next) : Optional.empty();
    }

    @Override
    public void deleteForConnection(UUID organizationId, UUID connectionId) {
        sql.inTransaction(h -> h.createUpdate("DELETE FROM mappings WHERE organization_id = ? AND connection_id = ?")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString()).execute());
    }

    private static StoredMapping row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredMapping(Rows.uuid(rs, "id"), Rows.uuid(rs, "mapping_id"), Rows.uuid(rs, "organization_id"),
                Rows.uuid(rs, "workspace_id"), Rows.uuid(rs, "connection_id"), rs.getString("integration_type"),
                rs.getString("name"), rs.getInt("version"), rs.getString("schema_json"),
                rs.getString("catalog_version"), rs.getString("created_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
