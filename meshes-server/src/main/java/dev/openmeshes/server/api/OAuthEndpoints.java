package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.service.OAuthFlow;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import io.helidon.webserver.http.HttpRouting;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The OAuth 2 flow that connects OAuth types: {@code start} (a machine token allowed to write
 * connections) answers the vendor's authorize URL, or redirects to it with {@code redirect=true};
 * the vendor sends the user back to {@code callback}, which the sealed {@code state} authenticates.
 */
final class OAuthEndpoints {

    record Started(String authorizeUrl, String state, Instant expiresAt, String redirectUri) {}

    private final OAuthFlow flow;
    private final ConnectionEndpoints connections;

    OAuthEndpoints(OAuthFlow flow, ConnectionEndpoints connections) {
        this.flow = flow;
        this.connections = connections;
    }

    void register(HttpRouting.Builder routes, Api api) {
        routes.get("/api/v1/connections/oauth/{type}/start", api.scoped(Scopes.Resource.CONNECTIONS, this::start))
              .get("/api/v1/connections/oauth/{type}/callback", api.open(this::callback));
    }

    private Reply start(Call call) {
        // A GET, so the scope check let read-only keys through: starting a connection writes one.
        if (!Scopes.permits(call.principal().scopes(), Scopes.Resource.CONNECTIONS, "POST")) {
            throw Problem.forbidden("insufficient_scope", "Connecting needs the connections:write scope");
        }
        String type = call.pathText("type");
        UUID workspace = call.query("workspace").map(t -> ConnectionEndpoints.uuid("workspace", t)).orElse(null);
        UUID connection = call.query("connection").map(t -> ConnectionEndpoints.uuid("connection", t)).orElse(null);
        var started = flow.start(call.principal(), type, workspace, call.query("name").orElse(null), connection);
        if (call.queryFlag("redirect")) {
            return new Reply(302, Map.of("authorize_url", started.authorizeUrl()),
                    Map.of("Location", started.authorizeUrl()));
        }
        return Reply.ok(new Started(started.authorizeUrl(), started.state(), started.expiresAt(),
                flow.redirectUri(type)));
    }

    private Reply callback(Call call) {
        String type = call.pathText("type");
        var connection = flow.complete(type, call.query("code").orElse(null), call.query("state").orElse(null),
                call.query("error").orElse(null));
        return Reply.ok(new ConnectionEndpoints.Created(connections.view(connection)));
    }
}
