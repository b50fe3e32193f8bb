package dev.openmeshes.server.api;

import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.model.CatalogEntry;
import dev.openmeshes.core.service.WorkspaceService;
import dev.openmeshes.core.service.WorkspaceService.NewWorkspace;
import dev.openmeshes.core.service.WorkspaceService.WorkspaceChanges;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.time.Duration;

/** {@code /api/v1/workspaces}: create, list, get, update, the publishable key, and the catalog of names. */
final class WorkspaceEndpoints {

    private final WorkspaceService workspaces;

    WorkspaceEndpoints(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    void register(RouteTable routes, Api api) {
        var scope = Scopes.Resource.WORKSPACES;
        routes.get("/api/v1/workspaces", api.scoped(scope, this::list))
              .post("/api/v1/workspaces", api.scoped(scope, this::create))
              .get("/api/v1/workspaces/{workspace_id}", api.scoped(scope, this::get))
              .put("/api/v1/workspaces/{workspace_id}", api.scoped(scope, this::update))
              .get("/api/v1/workspaces/{workspace_id}/publishable-key", api.scoped(scope, this::publishableKey))
              .post("/api/v1/workspaces/{workspace_id}/publishable-key/rotate", api.scoped(scope, this::rotatePublishableKey))
              .get("/api/v1/workspaces/{workspace_id}/event-types",
                      api.scoped(scope, call -> catalog(call, CatalogEntry.Kind.EVENT_TYPE)))
              .get("/api/v1/workspaces/{workspace_id}/resources",
                      api.scoped(scope, call -> catalog(call, CatalogEntry.Kind.RESOURCE)));
    }

    private Reply list(Call call) {
        return Reply.ok(Envelope.of(workspaces.list(call.principal(), call.page()).map(WorkspaceViews.Summary::of)));
    }

    private Reply create(Call call) {
        Body body = call.body();
        var request = new NewWorkspace(body.uuid("id"), body.string("name"), body.string("description"),
                toInt(body.integer("ingest_rate_limit")));
        body.done();
        var created = workspaces.create(call.principal(), request);
        return Reply.created(new WorkspaceViews.Created(WorkspaceViews.Detail.of(created)));
    }

    private Reply get(Call call) {
        return Reply.ok(WorkspaceViews.Detail.of(workspaces.get(call.principal(), call.pathId("workspace_id"))));
    }

    private Reply update(Call call) {
        var id = call.pathId("workspace_id");
        Body body = call.body();
        var changes = new WorkspaceChanges(body.string("name"), body.has("description"), body.string("description"),
                body.has("ingest_rate_limit"), toInt(body.integer("ingest_rate_limit")));
        body.done();
        return Reply.ok(WorkspaceViews.Summary.of(workspaces.update(call.principal(), id, changes)));
    }

    /** A bare array, as the reference answers it. */
    private Reply catalog(Call call, CatalogEntry.Kind kind) {
        return Reply.ok(workspaces.catalog(call.principal(), call.pathId("workspace_id"), kind).stream()
                .map(WorkspaceViews.CatalogEntryView::of).toList());
    }

    private static Integer toInt(Long value) {
        return value == null ? null : (int) Math.max(-1, Math.min(Integer.MAX_VALUE, value));
    }

    private Reply publishableKey(Call call) {
        var workspace = workspaces.get(call.principal(), call.pathId("workspace_id"));
        return Reply.ok(WorkspaceViews.KeyView.of(workspace.publishableKey()));
    }

    private Reply rotatePublishableKey(Call call) {
        var id = call.pathId("workspace_id");
        Duration grace = GracePeriod.read(call.body());
        var workspace = workspaces.rotatePublishableKey(call.principal(), id, grace);
        return Reply.ok(WorkspaceViews.KeyView.of(workspace.publishableKey()));
    }
}
