package dev.openmeshes.store;

import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.store.Organizations;
import java.util.Optional;
import java.util.UUID;

final class JdbcOrganizations implements Organizations {

    private final JdbcStore.Sql sql;

    JdbcOrganizations(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Organization o) {
        sql.inTransaction(h -> h.createUpdate("INSERT INTO organizations (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)")
                .bind(0, o.id().toString()).bind(1, o.name())
                .bind(2, o.createdAt().toEpochMilli()).bind(3, o.updatedAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<Organization> find(UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM organizations WHERE id = ?").bind(0, id.toString())
                .map((rs, ctx) -> new Organization(Rows.uuid(rs, "id"), rs.getString("name"),
                        Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at")))
                .findOne());
    }

    @Override
    public boolean isEmpty() {
        return sql.with(h -> h.createQuery("SELECT id FROM organizations LIMIT 1").mapTo(String.class).findOne().isEmpty());
    }
}
