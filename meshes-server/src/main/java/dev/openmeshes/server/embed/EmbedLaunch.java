package dev.openmeshes.server.embed;

import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.embed.EmbedSession;
import dev.openmeshes.core.embed.EmbedSessionService;
import dev.openmeshes.server.api.DashboardAssets;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code GET /embed/launch?token=…}, a session's {@code launch_url}: consumes the launch token (it
 * works once, before {@code launch_ttl_seconds} run out) and serves the dashboard's own shell in
 * embed mode ({@link EmbedPage}): the same modules, which then speak the postMessage protocol with
 * the host and call the API with the session's token.
 *
 * <p>Framing is allowed by {@code Content-Security-Policy: frame-ancestors} alone: the session's
 * {@code allowed_origins}, or, when it has none, only this server's own origin ({@code 'self'}).
 * Open framing by default would let any site clickjack a leaked launch URL, so a host names its
 * origins to embed the page. There is no {@code X-Frame-Options}: it cannot list origins, and
 * browsers that know CSP ignore it beside {@code frame-ancestors}.
 */
public final class EmbedLaunch implements Handler {

    private static final System.Logger LOG = System.getLogger(EmbedLaunch.class.getName());

    private final EmbedSessionService sessions;
    private final OrganizationGate organizations;
    private final DashboardAssets dashboard;

    public EmbedLaunch(EmbedSessionService sessions, OrganizationGate organizations, DashboardAssets dashboard) {
        this.sessions = sessions;
        this.organizations = organizations;
        this.dashboard = dashboard;
    }

    /** The page's {@code frame-ancestors} source list. */
    public static String frameAncestors(EmbedSession session) {
        return session.allowedOrigins().isEmpty() ? "'self'" : String.join(" ", session.allowedOrigins());
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer"); // the URL carried a token
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        try {
            Optional<String> token = req.query().first("token").asOptional().filter(t -> !t.isEmpty());
            if (token.isEmpty()) {
                refuse(res, 400, "This launch link has no token.");
                return;
            }
            Optional<EmbedSession> launched = sessions.launch(token.get());
            if (launched.isEmpty()) {
                // One answer for unknown, used and expired tokens alike: a probe learns nothing
                refuse(res, 410, "This launch link has expired or was already used. Each launch URL opens the "
                        + "page once: ask the host page for a new session.");
                return;
            }
            EmbedSession session = launched.get();
            if (!organizations.isActive(session.organizationId())) {
                refuse(res, 403, "This organization is suspended.");
                return;
            }
            // The dashboard's own policy (no inline script or style), framed by the session's origins only
            res.header(HeaderNames.create("Content-Security-Policy"),
                    DashboardAssets.contentSecurityPolicy(frameAncestors(session)));
            res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            res.status(200).send(dashboard.embedShell(EmbedPage.sessionJson(session)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "embed launch failed", e);
            refuse(res, 500, "The page could not be opened; try again.");
        }
    }

    private static void refuse(ServerResponse res, int status, String message) {
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; style-src 'unsafe-inline'");
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.status(status).send("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Meshes</title>"
                + "</head><body style=\"font-family:system-ui,sans-serif;margin:2rem;color:#333\"><h1 style=\"font-size:1.2rem\">"
                + "Cannot open this page</h1><p>" + message + "</p></body></html>");
    }
}
