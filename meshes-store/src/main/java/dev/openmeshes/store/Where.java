package dev.openmeshes.store;

import dev.openmeshes.core.model.Cursor;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
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

    /** Adds {@code column IN (values)} unless the values are null (no restriction); none matches nothing. */
    Where in(String column, Collection<UUID> values) {
        if (values != null) {
            StringJoiner names = new StringJoiner(", ", " AND " + column + " IN (", ")").setEmptyValue(" AND 1 = 0");
            int i = 0;
            for (UUID value : values) {
                String name = column + "_" + i++;
                names.add(":" + name);
                binds.put(name, value.toString());
            }
            sql.append(names);
        }
        return this;
    }

    /** Keyset paging in (created_at, id) order: only the records after the cursor, if any. */
    Where after(Cursor cursor) {
        if (cursor == null) {
            return this;
        }
        return and("(created_at > :after_time OR (created_at = :after_time AND id > :after_id))",
                Map.of("after_time", cursor.createdAtMillis(), "after_id", cursor.id()));
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
