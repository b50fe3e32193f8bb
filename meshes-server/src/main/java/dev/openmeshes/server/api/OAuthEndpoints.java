package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.service.OAuthFlow;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The OAuth 2 flow that connects OAuth types: {@code start} (a machine token allowed to write
 * connections) answers the vendor's authorize URL, or redirects to it with {@code redirect=true};
 * the vendor sends the user back to {@code callback}, which the sealed {@code state} authenticates.
 * A flow started with {@code redirect=true} is a browser's (the dashboard's): its callback answers
 * 302 to the dashboard's page of the connection, or, refused, back to where it started with the
 * reason. The target is always this server's public URL plus a fragment built here from ids of the
 * sealed state, so the callback is no open redirect. API clients keep the JSON answers.
 */
final class OAuthEndpoints {

    record Started(String authorizeUrl, String state, Instant expiresAt, String redirectUri) {}

    record Redirected(String location) {}

    private final OAuthFlow flow;
    private final ConnectionEndpoints connections;
    private final Supplier<String> publicUrl;

    OAuthEndpoints(OAuthFlow flow, ConnectionEndpoints connections, Supplier<String> publicUrl) {
        this.flow = flow;
        this.connections = connections;
        this.publicUrl = publicUrl;
    }

    void register(RouteTable routes, Api api) {
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
        boolean browser = call.queryFlag("redirect");
        OAuthFlow.Started started;
        try {
            started = flow.start(call.principal(), type, workspace, call.query("name").orElse(null), connection, browser);
        } catch (Problem refused) {
            if (!browser || (workspace == null && connection == null)) {
                throw refused;
            }
            return redirect(refusedAt(new OAuthFlow.BrowserReturn(type, workspace, connection), refused));
        }
        if (browser) {
            return new Reply(302, Map.of("authorize_url", started.authorizeUrl()),
                    Map.of("Location", started.authorizeUrl()));
        }
        return Reply.ok(new Started(started.authorizeUrl(), started.state(), started.expiresAt(),
                flow.redirectUri(type)));
    }

    private Reply callback(Call call) {
        String type = call.pathText("type");
        String state = call.query("state").orElse(null);
        var browser = flow.browserReturn(type, state);
        Connection connection;
        try {
            connection = flow.complete(type, call.query("code").orElse(null), state, call.query("error").orElse(null));
        } catch (Problem refused) {
            if (browser.isEmpty()) {
                throw refused;
            }
            return redirect(refusedAt(browser.get(), refused));
        }
        if (browser.isPresent()) {
            return redirect(dashboard("/connections/" + connection.id() + "?connected=" + encode(type)));
        }
        return Reply.ok(new ConnectionEndpoints.Created(connections.view(connection)));
    }

    /** Back where the flow began, the reason shown: the connection's page, or the new connection's form. */
    private String refusedAt(OAuthFlow.BrowserReturn back, Problem refused) {
        String reason = refused.getMessage() + refused.details().stream()
                .map(d -> d.field() + " " + d.message()).collect(Collectors.joining("; ", refused.details().isEmpty()
                        ? "" : ": ", ""));
        String page = back.connectionId() != null ? "/connections/" + back.connectionId() + "?"
                : "/workspaces/" + back.workspaceId() + "/connections/new?type=" + encode(back.type()) + "&";
        return dashboard(page + "oauth_error=" + encode(reason));
    }

    /** A page of the dashboard on this server's own public URL: the only place a browser is sent. */
    private String dashboard(String route) {
        String base = publicUrl.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/#" + route;
    }

    private static Reply redirect(String location) {
        return new Reply(302, new Redirected(location), Map.of("Location", location, "Cache-Control", "no-store"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
