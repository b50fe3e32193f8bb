package dev.openmeshes.store;

import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.MachineKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcMachineKeys implements MachineKeys {

    private final JdbcStore.Sql sql;

    JdbcMachineKeys(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(MachineKey k) {
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO machine_keys (id, organization_id, name, access_key, sealed_secret, sealed_previous_secret,
                    previous_secret_expires_at, scopes, workspace_ids, created_by, created_at, updated_at, expires_at, revoked_at)
                VALUES (:id, :org, :name, :accessKey, :secret, :previousSecret, :previousSecretExpiresAt, :scopes,
                    :workspaces, :createdBy, :createdAt, :updatedAt, :expiresAt, :revokedAt)""")
                .bindMap(columns(k)).execute());
    }

    @Override
    public void update(MachineKey k) {
        sql.inTransaction(h -> h.createUpdate("""
                UPDATE machine_keys SET name = :name, sealed_secret = :secret, sealed_previous_secret = :previousSecret,
                    previous_secret_expires_at = :previousSecretExpiresAt, scopes = :scopes, workspace_ids = :workspaces,
                    updated_at = :updatedAt, expires_at = :expiresAt, revoked_at = :revokedAt
                WHERE organization_id = :org AND id = :id""")
                .bindMap(columns(k)).execute());
    }

    private static Map<String, Object> columns(MachineKey k) {
        var map = new HashMap<String, Object>();
        map.put("id", k.id().toString());
        map.put("org", k.organizationId().toString());
        map.put("name", k.name());
        map.put("accessKey", k.accessKey());
        map.put("secret", k.sealedSecret());
        map.put("previousSecret", k.sealedPreviousSecret());
        map.put("previousSecretExpiresAt", Rows.millis(k.previousSecretExpiresAt()));
        map.put("scopes", Rows.words(k.scopes()));
        map.put("workspaces", Rows.words(k.workspaces()));
        map.put("createdBy", k.createdBy());
        map.put("createdAt", k.createdAt().toEpochMilli());
        map.put("updatedAt", k.updatedAt().toEpochMilli());
        map.put("expiresAt", Rows.millis(k.expiresAt()));
        map.put("revokedAt", Rows.millis(k.revokedAt()));
        return map;
    }

    @Override
    public Optional<MachineKey> find(UUID organizationId, UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM machine_keys WHERE organization_id = ? AND id = ?")
                .bind(0, organizationId.toString()).bind(1, id.toString())
                .map(JdbcMachineKeys::row).findOne());
    }

    @Override
    public Optional<MachineKey> findByAccessKey(String accessKey) {
        return sql.with(h -> h.createQuery("SELECT * FROM machine_keys WHERE access_key = ?").bind(0, accessKey)
                .map(JdbcMachineKeys::row).findOne());
    }

    @Override
    public Page<MachineKey> list(UUID organizationId, PageRequest page) {
        String after = page.after() == null ? "" : " AND (created_at > :afterTime OR (created_at = :afterTime AND id > :afterId))";
        List<MachineKey> rows = sql.with(h -> {
            var query = h.createQuery("SELECT * FROM machine_keys WHERE organization_id = :org" + after
                            + " ORDER BY created_at, id LIMIT :limit")
                    .bind("org", organizationId.toString())
                    .bind("limit", page.limit() + 1);
            if (page.after() != null) {
                query.bind("afterTime", page.after().createdAtMillis()).bind("afterId", page.after().id());
            }
            return query.map(JdbcMachineKeys::row).list();
        });
        return Page.of(rows, page.limit(), k -> new Cursor(k.createdAt().toEpochMilli(), k.id().toString()));
    }

    private static MachineKey row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new MachineKey(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                rs.getString("access_key"), rs.getString("sealed_secret"), rs.getString("sealed_previous_secret"),
                Rows.instant(rs, "previous_secret_expires_at"),
                Rows.fromWords(rs.getString("scopes"), Function.identity()),
                Rows.fromWords(rs.getString("workspace_ids"), UUID::fromString),
                rs.getString("created_by"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "expires_at"), Rows.instant(rs, "revoked_at"));
    }
}
