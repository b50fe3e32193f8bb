package dev.openmeshes.store;

import dev.openmeshes.core.model.CatalogEntry;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.store.Catalog;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Table {@code catalog_names}: each name a workspace's events carried, recorded once, when first seen. */
final class JdbcCatalog implements Catalog {

    /**
     * Never updated once written, so a batch takes no row lock on names already known: ingest
     * batches of other nodes sharing PostgreSQL never wait on each other here.
     */
    private static final String RECORD = """
            INSERT INTO catalog_names (organization_id, workspace_id, kind, name, first_seen_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (workspace_id, kind, name) DO NOTHING""";

    private record Name(String organizationId, String workspaceId, String kind, String name) {}

    /** In one order for every batch, so two batches first seeing the same names cannot deadlock. */
    private static final Comparator<Name> ORDER = Comparator.comparing(Name::workspaceId)
            .thenComparing(Name::kind).thenComparing(Name::name);

    private final JdbcStore.Sql sql;

    JdbcCatalog(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    /** Part of the ingest hot path: one statement per distinct name of the batch, sent as one JDBC batch. */
    static void recordNames(JdbcStore.Statements statements, List<Event> events) throws SQLException {
        Map<Name, Long> firstSeen = new TreeMap<>(ORDER);
        for (Event e : events) {
            String org = e.organizationId().toString(), workspace = e.workspaceId().toString();
            long at = e.createdAt().toEpochMilli();
            firstSeen.merge(new Name(org, workspace, CatalogEntry.Kind.EVENT_TYPE.code(), e.event()), at, Math::min);
            if (e.resource() != null) {
                firstSeen.merge(new Name(org, workspace, CatalogEntry.Kind.RESOURCE.code(), e.resource()), at, Math::min);
            }
        }
        if (firstSeen.isEmpty()) {
            return;
        }
        try (var prepared = statements.prepare(RECORD)) {
            PreparedStatement insert = prepared.statement();
            for (var seen : firstSeen.entrySet()) {
                insert.setString(1, seen.getKey().organizationId());
                insert.setString(2, seen.getKey().workspaceId());
                insert.setString(3, seen.getKey().kind());
                insert.setString(4, seen.getKey().name());
                insert.setLong(5, seen.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The recorded names and those the workspace's rules use (a handful of rows, by index: no event is read). */
    @Override
    public List<CatalogEntry> list(UUID organizationId, UUID workspaceId, CatalogEntry.Kind kind) {
        String ruleColumn = kind == CatalogEntry.Kind.EVENT_TYPE ? "event" : "resource";
        return sql.with(h -> h.createQuery("""
                        SELECT name, MIN(seen_at) AS first_seen_at FROM (
                            SELECT name, first_seen_at AS seen_at FROM catalog_names
                            WHERE organization_id = :org AND workspace_id = :workspace AND kind = :kind
                            UNION ALL
                            SELECT %1$s, created_at FROM rules
                            WHERE organization_id = :org AND workspace_id = :workspace AND %1$s IS NOT NULL
                        ) AS named GROUP BY name ORDER BY name""".formatted(ruleColumn))
                .bind("org", organizationId.toString())
                .bind("workspace", workspaceId.toString())
                .bind("kind", kind.code())
                .map((rs, ctx) -> new CatalogEntry(workspaceId, kind, rs.getString("name"),
                        Instant.ofEpochMilli(rs.getLong("first_seen_at"))))
                .list());
    }
}
