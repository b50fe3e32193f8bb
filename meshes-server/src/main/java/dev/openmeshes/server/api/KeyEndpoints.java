package dev.openmeshes.server.api;

import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.service.KeyService;
import dev.openmeshes.core.service.KeyService.NewKey;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;

/** {@code /api/v1/keys}: machine keys, whose secrets are shown once. */
final class KeyEndpoints {

    private final KeyService keys;

    KeyEndpoints(KeyService keys) {
        this.keys = keys;
    }

    void register(RouteTable routes, Api api) {
        var scope = Scopes.Resource.KEYS;
        routes.get("/api/v1/keys", api.scoped(scope, this::list))
              .post("/api/v1/keys", api.scoped(scope, this::create))
              .get("/api/v1/keys/{key_id}", api.scoped(scope, this::get))
              .delete("/api/v1/keys/{key_id}", api.scoped(scope, this::revoke))
              .post("/api/v1/keys/{key_id}/rotate", api.scoped(scope, this::rotate));
    }

    private Reply list(Call call) {
        return Reply.ok(Envelope.of(keys.list(call.principal(), call.page()).map(KeyViews.Key::of)));
    }

    private Reply create(Call call) {
        Body body = call.body();
        var request = new NewKey(body.string("name"), body.strings("scopes"), body.uuids("workspaces"),
                body.instant("expires_at"), body.integer("expires_in_days"));
        body.done();
        return Reply.created(new KeyViews.Created(KeyViews.Issued.of(keys.create(call.principal(), request))));
    }

    private Reply get(Call call) {
        return Reply.ok(KeyViews.Key.of(keys.get(call.principal(), call.pathId("key_id"))));
    }

    private Reply revoke(Call call) {
        return Reply.ok(KeyViews.Key.of(keys.revoke(call.principal(), call.pathId("key_id"))));
    }

    private Reply rotate(Call call) {
        var id = call.pathId("key_id");
        return Reply.ok(KeyViews.Issued.of(keys.rotate(call.principal(), id, GracePeriod.read(call.body()))));
    }
}
