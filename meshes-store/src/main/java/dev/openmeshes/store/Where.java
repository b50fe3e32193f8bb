package dev.openmeshes.store;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A WHERE clause of equality filters, always led by the organization: each filter whose value is
 * null is left out, so optional list filters need no branching at the call site.
 */
final class Where {

    private final StringBuilder sql = new StringBuilder();
    private final Map<String, Object> binds = new HashMap<>();

    private Where() {}

    static Where organization(UUID organizationId) {
        Where where = new Where();
        where.sql.append("organization_id = :organization_id");
        where.binds.put("organization_id", organizationId.toString());
        return where;
    }

    /** Adds {@code column = value} unless the value is null; UUIDs bind as their text. */
    Where equal(String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            binds.put(column, value instanceof UUID id ? id.toString() : value);
        }
        return this;
    }

    /** Adds a condition written out, with its named values. */
    Where and(String condition, Map<String, Object> values) {
        sql.append(" AND ").append(condition);
        binds.putAll(values);
        return this;
    }

    String sql() {
        return sql.toString();
    }

    Map<String, Object> binds() {
        return binds;
    }
}
