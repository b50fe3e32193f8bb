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
 * reason. One started with {@code popup=true} (the embedded dashboard, which opens the vendor's
 * consent page in a window of its own, as vendors refuse to be framed) gets the JSON answer, and its
 * callback sends that window to the dashboard's {@code /oauth/complete} page, which tells its opener
 * the outcome and closes. The target is always this server's public URL plus a fragment built here
 * from ids of the sealed state, so the callback is no open redirect. API clients keep the JSON answers.
 */
final class OAuthEndpoints {

    record Started(String authorizeUrl, String state, Instant expiresAt, String redirectUri) {}

    record Redirected(String location) {}

    /** The dashboard's page a popup's callback lands on: it tells the window that opened it and closes. */
    static final String COMPLETE_PAGE = "/oauth/complete";

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
        OAuthFlow.Return to = returnTo(call);
        OAuthFlow.Started started;
        try {
            started = flow.start(call.principal(), type, workspace, call.query("name").orElse(null), connection, to);
        } catch (Problem refused) {
            if (to != OAuthFlow.Return.DASHBOARD || (workspace == null && connection == null)) {
                throw refused;
            }
            return redirect(refusedAt(new OAuthFlow.BrowserReturn(type, workspace, connection, to), refused));
        }
        if (to == OAuthFlow.Return.DASHBOARD) {
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
            return redirect(browser.get().to() == OAuthFlow.Return.POPUP
                    ? popupPage(type, "connection=" + connection.id())
                    : dashboard("/connections/" + connection.id() + "?connected=" + encode(type)));
        }
        return Reply.ok(new ConnectionEndpoints.Created(connections.view(connection)));
    }

    /** {@code redirect=true}: the dashboard's window; {@code popup=true}: a window the embedded dashboard opened. */
    private static OAuthFlow.Return returnTo(Call call) {
        boolean redirect = call.queryFlag("redirect");
        boolean popup = call.queryFlag("popup");
        if (redirect && popup) {
            throw Problem.invalid("popup", "cannot be combined with redirect: the browser is either sent to the vendor "
                    + "(redirect=true) or told where to open it (popup=true)");
        }
        return redirect ? OAuthFlow.Return.DASHBOARD : popup ? OAuthFlow.Return.POPUP : OAuthFlow.Return.API;
    }

    /**
     * Back where the flow began, the reason shown: the connection's page, or the new connection's
     * form; a popup's to the page that tells its opener.
     */
    private String refusedAt(OAuthFlow.BrowserReturn back, Problem refused) {
        String reason = refused.getMessage() + refused.details().stream()
                .map(d -> d.field() + " " + d.message()).collect(Collectors.joining("; ", refused.details().isEmpty()
                        ? "" : ": ", ""));
        if (back.to() == OAuthFlow.Return.POPUP) {
            return popupPage(back.type(), "oauth_error=" + encode(reason));
        }
        String page = back.connectionId() != null ? "/connections/" + back.connectionId() + "?"
                : "/workspaces/" + back.workspaceId() + "/connections/new?type=" + encode(back.type()) + "&";
        return dashboard(page + "oauth_error=" + encode(reason));
    }

    /** The page a popup's flow ends on, with its outcome ({@code connection=…} or {@code oauth_error=…}). */
    private String popupPage(String type, String outcome) {
        return dashboard(COMPLETE_PAGE + "?type=" + encode(type) + "&" + outcome);
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
