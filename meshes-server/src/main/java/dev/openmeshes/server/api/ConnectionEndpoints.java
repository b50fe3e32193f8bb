package dev.openmeshes.server.api;

import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.service.ConnectionService;
import dev.openmeshes.core.service.FieldCatalogService;
import dev.openmeshes.core.service.MappingService;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.service.ConnectionService.ConnectionChanges;
import dev.openmeshes.core.service.ConnectionService.NewConnection;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/connections}, the workspace's connection list and the integrations catalog. */
final class ConnectionEndpoints {

    record ConnectionView(UUID id, UUID workspace, String type, String name, Map<String, Object> metadata,
                          boolean active, String inactiveReason, boolean hidden, String createdBy,
                          Instant createdAt, Instant updatedAt) {}

    record Created(ConnectionView connection) {}

    record Deleted(UUID id, String type) {}

    /** DefaultMapping, §5.8. */
    record MappingView(UUID id, UUID mappingId, int version, UUID workspaceId, UUID connectionId,
                       String integrationType, String name, Map<String, Object> schema, String catalogVersion,
                       String createdBy, Instant createdAt, Instant updatedAt) {}

    record MappingAnswer(String status, MappingView mapping) {}

    /** FieldCatalog, §5.7. */
    record FieldCatalogView(UUID id, UUID workspaceId, UUID connectionId, String integrationType,
                            String catalogVersion, Instant refreshedAt, Instant createdAt, Instant updatedAt,
                            String createdBy, List<Map<String, Object>> fields) {}

    private final ConnectionService connections;
    private final FieldCatalogService catalogs;
    private final MappingService mappings;
    private final Connectors connectors;

    ConnectionEndpoints(ConnectionService connections, FieldCatalogService catalogs, MappingService mappings,
                        Connectors connectors) {
        this.connections = connections;
        this.catalogs = catalogs;
        this.mappings = mappings;
        this.connectors = connectors;
    }

    void register(RouteTable routes, Api api) {
        var scope = Scopes.Resource.CONNECTIONS;
        routes.get("/api/v1/connections", api.scoped(scope, call -> list(call, null)))
              .post("/api/v1/connections", api.scoped(scope, this::create))
              .get("/api/v1/connections/{connection_id}", api.scoped(scope, this::get))
              .put("/api/v1/connections/{connection_id}", api.scoped(scope, this::update))
              .delete("/api/v1/connections/{connection_id}", api.scoped(scope, this::delete))
              .get("/api/v1/connections/{connection_id}/actions", api.scoped(scope, this::actions))
              .get("/api/v1/connections/{connection_id}/fields", api.scoped(scope, this::fields))
              .get("/api/v1/connections/{connection_id}/mappings/default", api.scoped(scope, this::mapping))
              .put("/api/v1/connections/{connection_id}/mappings/default", api.scoped(scope, this::saveMapping))
              .get("/api/v1/workspaces/{workspace_id}/connections",
                      api.scoped(scope, call -> list(call, call.pathId("workspace_id"))))
              .get("/api/v1/integrations", api.authenticated(this::integrations));
    }

    private Reply list(Call call, UUID workspaceId) {
        return Reply.ok(Envelope.of(connections.list(call.principal(), workspaceId, call.page()).map(this::view)));
    }

    private Reply create(Call call) {
        Body body = call.body();
        var request = new NewConnection(body.uuid("workspace"), body.string("type"), body.string("name"),
                body.object("metadata"), Boolean.TRUE.equals(body.bool("hidden")));
        body.done();
        return Reply.created(new Created(view(connections.create(call.principal(), request))));
    }

    private Reply get(Call call) {
        return Reply.ok(view(connections.get(call.principal(), call.pathId("connection_id"))));
    }

    private Reply update(Call call) {
        UUID id = call.pathId("connection_id");
        Body body = call.body();
        var changes = new ConnectionChanges(body.string("name"), body.object("metadata"), body.bool("hidden"),
                body.bool("active"));
        body.done();
        return Reply.ok(view(connections.update(call.principal(), id, changes)));
    }

    private Reply delete(Call call) {
        UUID id = call.pathId("connection_id");
        Body body = call.body();
        boolean force = Boolean.TRUE.equals(body.bool("force_delete"));
        body.done();
        Connection deleted = connections.delete(call.principal(), id, force);
        return Reply.ok(new Deleted(deleted.id(), deleted.type()));
    }

    private Reply actions(Call call) {
        return Reply.ok(connections.actionData(call.principal(), call.pathId("connection_id")));
    }

    private Reply fields(Call call) {
        boolean refresh = call.queryFlag("refresh");
        var catalog = catalogs.get(call.principal(), call.pathId("connection_id"), refresh);
        var stored = catalog.stored();
        return Reply.ok(new FieldCatalogView(stored.id(), stored.workspaceId(), stored.connectionId(),
                stored.integrationType(), stored.catalogVersion(), stored.refreshedAt(), stored.createdAt(),
                stored.updatedAt(), stored.createdBy(), catalog.fields().stream().map(f -> f.toJson()).toList()));
    }

    private Reply mapping(Call call) {
        return Reply.ok(view(mappings.get(call.principal(), call.pathId("connection_id"))));
    }

    private Reply saveMapping(Call call) {
        UUID id = call.pathId("connection_id");
        Body body = call.body();
        Map<String, Object> schema = body.object("schema");
        body.uuid("workspace_id"); // accepted for the official clients; the connection names its workspace
        body.uuid("mapping_id");
        Long expected = body.integer("expected_version");
        String name = body.string("name");
        body.done();
        if (schema == null) {
            throw Problem.invalid("schema", "is required");
        }
        if (expected != null && (expected < 0 || expected > Integer.MAX_VALUE)) {
            throw Problem.invalid("expected_version", "must be a positive integer");
        }
        return Reply.ok(view(mappings.save(call.principal(), id, schema,
                expected == null ? null : expected.intValue(), name)));
    }

    private static MappingAnswer view(MappingService.Answer answer) {
        var m = answer.mapping();
        return new MappingAnswer(answer.status(), new MappingView(m.id(), m.mappingId(), m.version(), m.workspaceId(),
                m.connectionId(), m.integrationType(), m.name(), answer.schema().toJson(), m.catalogVersion(),
                m.createdBy(), m.createdAt(), m.updatedAt()));
    }

    /** A fixed catalog, paged in memory by type: a cursor names the last type of its page. */
    private Reply integrations(Call call) {
        PageRequest page = call.page();
        List<Integration> rows = connectors.all().stream().map(c -> c.spec().toIntegration())
                .sorted(Comparator.comparing(Integration::type))
                .filter(i -> page.after() == null || i.type().compareTo(page.after().id()) > 0)
                .limit(page.limit() + 1L).toList();
        return Reply.ok(Envelope.of(Page.of(rows, page.limit(), i -> new Cursor(0, i.type()))));
    }

    /** A UUID from a query parameter; anything else is a 400 naming it. */
    static UUID uuid(String name, String text) {
        UUID id = dev.openmeshes.server.http.Body.uuidOrNull(text);
        if (id == null) {
            throw Problem.invalid(name, "must be a UUID");
        }
        return id;
    }

    ConnectionView view(Connection c) {
        return new ConnectionView(c.id(), c.workspaceId(), c.type(), c.name(), connections.visibleMetadata(c),
                c.active(), c.inactiveReason(), c.hidden(), c.createdBy(), c.createdAt(), c.updatedAt());
    }
}
