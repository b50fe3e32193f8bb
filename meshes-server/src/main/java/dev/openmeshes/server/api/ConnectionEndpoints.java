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
import dev.openmeshes.core.service.ConnectionService.ConnectionChanges;
import dev.openmeshes.core.service.ConnectionService.NewConnection;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import io.helidon.webserver.http.HttpRouting;
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

    /** FieldCatalog, §5.7. */
    record FieldCatalogView(UUID id, UUID workspaceId, UUID connectionId, String integrationType,
                            String catalogVersion, Instant refreshedAt, Instant createdAt, Instant updatedAt,
                            String createdBy, List<Map<String, Object>> fields) {}

    private final ConnectionService connections;
    private final FieldCatalogService catalogs;
    private final Connectors connectors;

    ConnectionEndpoints(ConnectionService connections, FieldCatalogService catalogs, Connectors connectors) {
        this.connections = connections;
        this.catalogs = catalogs;
        this.connectors = connectors;
    }

    void register(HttpRouting.Builder routes, Api api) {
        var scope = Scopes.Resource.CONNECTIONS;
        routes.get("/api/v1/connections", api.scoped(scope, call -> list(call, null)))
              .post("/api/v1/connections", api.scoped(scope, this::create))
              .get("/api/v1/connections/{connection_id}", api.scoped(scope, this::get))
              .put("/api/v1/connections/{connection_id}", api.scoped(scope, this::update))
              .delete("/api/v1/connections/{connection_id}", api.scoped(scope, this::delete))
              .get("/api/v1/connections/{connection_id}/actions", api.scoped(scope, this::actions))
              .get("/api/v1/connections/{connection_id}/fields", api.scoped(scope, this::fields))
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
            throw dev.openmeshes.core.Problem.invalid(name, "must be a UUID");
        }
        return id;
    }

    ConnectionView view(Connection c) {
        return new ConnectionView(c.id(), c.workspaceId(), c.type(), c.name(), connections.visibleMetadata(c),
                c.active(), c.inactiveReason(), c.hidden(), c.createdBy(), c.createdAt(), c.updatedAt());
    }
}
