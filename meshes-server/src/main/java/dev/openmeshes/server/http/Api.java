package dev.openmeshes.server.http;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.MachineTokenAuthenticator;
import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.PublishableKeyAuthenticator;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.embed.EmbedAuthenticator;
import dev.openmeshes.core.embed.EmbedTokens;
import dev.openmeshes.core.model.AuditEntry;
import dev.openmeshes.core.model.Ids;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.people.UserSessions;
import dev.openmeshes.core.store.IdempotencyRecords;
import dev.openmeshes.core.store.PlatformAudit;
import dev.openmeshes.server.embed.EmbedRoutePolicy;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns endpoints into HTTP handlers with the conventions every route shares: the correlation id
 * (taken from the caller or made, echoed in the header and in every JSON body), authentication and
 * scope by method, the body size limit, {@code Idempotency-Key} on POST, and errors as
 * {@code {message, error, details?, correlation_id}} with the right status, never a stack trace.
 */
public final class Api {

    public static final HeaderName CORRELATION_ID = HeaderNames.create("x-correlation-id");
    public static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    public static final HeaderName PUBLISHABLE_KEY = HeaderNames.create("X-Meshes-Publishable-Key");
    private static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");
    private static final String JSON = "application/json";
    private static final System.Logger LOG = System.getLogger(Api.class.getName());

    /**
     * Who may call a route: nobody needs to be authenticated, anyone authenticated, a scope, or a
     * platform admin acting as itself; {@code ingestion} routes also take a publishable key and
     * answer browsers (CORS).
     */
    private record Access(boolean authenticated, Scopes.Resource resource, boolean ingestion, boolean platform,
                          long maxBodyBytes) {}

    private static final String CORS_EXPOSED = "x-correlation-id, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
            + "RateLimit-Reset, Idempotent-Replayed";

    private final MachineTokenAuthenticator authenticator;
    private final PublishableKeyAuthenticator publishableKeys;
    private final EmbedAuthenticator embedSessions;
    private final SessionCookies sessions;
    private final OrganizationGate organizations;
    private final PlatformAudit audit;
    private final InstantSource clock;
    private final Idempotency idempotency;
    private final long maxBodyBytes;
    private final boolean accessLog;

    public Api(MachineTokenAuthenticator authenticator, PublishableKeyAuthenticator publishableKeys,
               EmbedAuthenticator embedSessions, SessionCookies sessions, OrganizationGate organizations,
               PlatformAudit audit, IdempotencyRecords idempotencyRecords, SecretBox secretBox, InstantSource clock,
               long maxBodyBytes, boolean accessLog) {
        this.authenticator = authenticator;
        this.publishableKeys = publishableKeys;
        this.embedSessions = embedSessions;
        this.sessions = sessions;
        this.organizations = organizations;
        this.audit = audit;
        this.clock = clock;
        this.idempotency = new Idempotency(idempotencyRecords, secretBox, clock);
        this.maxBodyBytes = maxBodyBytes;
        this.accessLog = accessLog;
    }

    /** How browsers sign in: the cookies this API reads and the endpoints that sign in set. */
    public SessionCookies sessionCookies() {
        return sessions;
    }

    /** No authentication (health, unknown routes). */
    public Handler open(Endpoint endpoint) {
        return (req, res) -> serve(req, res, new Access(false, null, false, false, maxBodyBytes), endpoint);
    }

    /** Any valid machine token, whatever its scopes (who-am-I). */
    public Handler authenticated(Endpoint endpoint) {
        return (req, res) -> serve(req, res, new Access(true, null, false, false, maxBodyBytes), endpoint);
    }

    /** A machine token whose scopes cover this resource for the request's method. */
    public Handler scoped(Scopes.Resource resource, Endpoint endpoint) {
        return (req, res) -> serve(req, res, new Access(true, resource, false, false, maxBodyBytes), endpoint);
    }

    /**
     * The platform endpoints: a platform admin's token naming the operators' organization in
     * {@code org}, never an organization's own key or person, whatever their scopes.
     */
    public Handler platform(Endpoint endpoint) {
        return (req, res) -> serve(req, res, new Access(true, null, false, true, maxBodyBytes), endpoint);
    }

    /**
     * Event ingestion: a publishable key (workspace implied) or a machine token with
     * {@code events:write}; CORS-enabled so browsers can call it, with its own body limit.
     */
    public Handler ingestion(long bodyLimit, Endpoint endpoint) {
        return (req, res) -> {
            allowBrowsers(res);
            serve(req, res, new Access(true, Scopes.Resource.EVENTS, true, false, bodyLimit), endpoint);
        };
    }

    /** A protocol of its own behind the API's authentication (MCP's JSON-RPC at {@code /mcp}). */
    @FunctionalInterface
    public interface BearerHandler {
        void handle(String token, ServerRequest req, byte[] body, ServerResponse res);
    }

    /**
     * A bearer token in {@code Authorization} (never the cookie), checked as every route checks it,
     * and the body read within the limit; refusals are the API's error shape, before {@code next}
     * runs. {@code next} answers in its own format, so no {@code correlation_id} is added to it.
     */
    public Handler bearer(BearerHandler next) {
        return (req, res) -> logged(req, res, (correlationId, method) -> {
            try {
                if (!req.headers().contains(HeaderNames.AUTHORIZATION)) {
                    throw new Problem(Problem.Kind.UNAUTHORIZED, "unauthorized", "Missing Authorization: Bearer <token> header");
                }
                Principal principal = authenticate(req);
                organizations.admit(principal); // a suspended organization's key reaches no protocol either
                if (principal.embed() != null) {
                    EmbedRoutePolicy.check(principal, method, req.path().path());
                }
                byte[] body = readBody(req, method, maxBodyBytes);
                next.handle(req.headers().first(HeaderNames.AUTHORIZATION).orElseThrow().substring(7).trim(), req, body, res);
                return res.status().code();
            } catch (Problem problem) {
                return refuse(res, problem, correlationId);
            } catch (UncheckedIOException clientGone) {
                throw clientGone;
            } catch (RuntimeException | Error unexpected) {
                return fail(req, res, method, correlationId, unexpected);
            }
        });
    }

    /**
     * A route answered in a format of its own and open to all (the description, the metrics): no
     * authentication, but the correlation id echoed like every other answer's.
     */
    public Handler plain(Handler next) {
        return (req, res) -> {
            correlate(req, res);
            next.handle(req, res);
        };
    }

    /** The CORS preflight of the ingestion routes. */
    public Handler preflight() {
        return (req, res) -> {
            correlate(req, res);
            allowBrowsers(res);
            res.header(HeaderNames.create("Access-Control-Allow-Methods"), "POST, OPTIONS");
            res.header(HeaderNames.create("Access-Control-Allow-Headers"), "Content-Type, X-Meshes-Publishable-Key, "
                    + "X-Meshes-Client, Authorization, Idempotency-Key, x-correlation-id");
            res.header(HeaderNames.create("Access-Control-Max-Age"), "600");
            res.status(204).send();
        };
    }

    private static void allowBrowsers(ServerResponse res) {
        res.header(HeaderNames.create("Access-Control-Allow-Origin"), "*");
        res.header(HeaderNames.create("Access-Control-Expose-Headers"), CORS_EXPOSED);
    }

    private void serve(ServerRequest req, ServerResponse res, Access access, Endpoint endpoint) {
        logged(req, res, (correlationId, method) -> answer(req, res, access, endpoint, correlationId, method));
    }

    /** How a request is answered once its correlation id is known; returns the status sent. */
    @FunctionalInterface
    private interface Answering {
        int answer(String correlationId, String method);
    }

    /** The correlation id (header and logs), the access log line, and silence for a client that went away. */
    private void logged(ServerRequest req, ServerResponse res, Answering answering) {
        long started = System.nanoTime();
        String correlationId = correlate(req, res);
        String method = req.prologue().method().text();
        int status;
        try {
            status = answering.answer(correlationId, method);
        } catch (UncheckedIOException clientGone) {
            // The client closed the connection before its answer was written: no one is left to answer.
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}: client went away ({2}), correlation_id={3}", method,
                    asSent(req), clientGone.getMessage(), correlationId);
            return;
        }
        if (accessLog) {
            LOG.log(System.Logger.Level.INFO, "{0} {1} {2} {3} ms correlation_id={4}", method, asSent(req),
                    status, (System.nanoTime() - started) / 1_000_000, correlationId);
        }
    }

    /** The caller's correlation id, or a new one, set on the answer's header. */
    private static String correlate(ServerRequest req, ServerResponse res) {
        String correlationId = CorrelationIds.effective(req.headers().first(CORRELATION_ID).orElse(null));
        res.header(CORRELATION_ID, correlationId);
        return correlationId;
    }

    /** Authenticates, authorizes and runs the endpoint, sending its answer or the error; returns the status. */
    private int answer(ServerRequest req, ServerResponse res, Access access, Endpoint endpoint, String correlationId,
                       String method) {
        int status;
        Principal principal = null;
        try {
            principal = !access.authenticated() ? null
                    : access.ingestion() && req.headers().contains(PUBLISHABLE_KEY)
                            ? publishableKeys.authenticate(req.headers().first(PUBLISHABLE_KEY).orElseThrow())
                            : authenticate(req);
            if (principal != null) {
                organizations.admit(principal); // before any cached or replayed answer
            }
            if (access.platform() && (principal.actsForCustomer() || !principal.isPlatformAdmin())) {
                throw Problem.forbidden("platform_admin_required", "Only a platform admin reaches the platform "
                        + "endpoints, with a token whose org is the operators' organization " + Organization.OPERATORS);
            }
            if (principal != null && principal.embed() != null) {
                EmbedRoutePolicy.check(principal, method, req.path().path());
            }
            if (access.resource() != null && !Scopes.permits(principal.scopes(), access.resource(), method)) {
                String needed = Scopes.isReadMethod(method) ? access.resource().read() : access.resource().write();
                throw Problem.forbidden("insufficient_scope", (principal.type() == Principal.Type.USER
                        ? "Your role does not allow this; it takes the " : "This key needs the ") + needed + " scope");
            }
            byte[] body = readBody(req, method, access.maxBodyBytes());
            if (principal != null && principal.type() == Principal.Type.USER) {
                sessions.requireCsrf(req, method, body);
            }
            Call call = new Call(req, principal, body, correlationId);
            Optional<String> idempotencyKey = method.equals("POST") ? req.headers().first(IDEMPOTENCY_KEY) : Optional.empty();
            if (principal != null && idempotencyKey.isPresent()) {
                var outcome = idempotency.run(principal, idempotencyKey.get(), method,
                        req.path().path(), body, () -> endpoint.handle(call));
                if (outcome.replayed()) {
                    res.header(REPLAYED, "true");
                }
                status = send(res, outcome.status(), outcome.body(), correlationId);
            } else {
                Reply reply = endpoint.handle(call);
                reply.headers().forEach(res::header);
                reply.cookies().forEach(cookie -> res.headers().add(HeaderNames.SET_COOKIE, cookie));
                status = send(res, reply.status(), Json.bytes(reply.body()), correlationId);
            }
        } catch (Problem problem) {
            status = refuse(res, problem, correlationId);
        } catch (UncheckedIOException clientGone) {
            throw clientGone;
        } catch (RuntimeException | Error unexpected) {
            status = fail(req, res, method, correlationId, unexpected);
        }
        if (principal != null && principal.isPlatformAdmin()) {
            record(principal, method, asSent(req), status, correlationId);
        }
        return status;
    }

    private static int refuse(ServerResponse res, Problem problem, String correlationId) {
        if (problem.kind() == Problem.Kind.UNAUTHORIZED) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"meshes-api\"");
        }
        return send(res, statusOf(problem.kind()),
                Json.bytes(errorBody(problem.code(), problem.getMessage(), problem.details())), correlationId);
    }

    private static int fail(ServerRequest req, ServerResponse res, String method, String correlationId, Throwable unexpected) {
        LOG.log(System.Logger.Level.ERROR, "request " + method + " " + asSent(req)
                + " failed, correlation_id=" + correlationId, unexpected);
        return send(res, 500, Json.bytes(errorBody("internal_error",
                "Internal server error; quote the correlation_id when reporting it", List.of())), correlationId);
    }

    /**
     * The path as the client sent it, still percent-encoded: what logs and the audit keep, so a
     * decoded {@code %0A} cannot forge a log line and a {@code %00} (which PostgreSQL's text refuses)
     * cannot keep a call out of the audit.
     */
    private static String asSent(ServerRequest req) {
        return req.path().rawPath();
    }

    /** Every request a platform admin makes is audited, with the organization it acted in. */
    private void record(Principal admin, String method, String path, int status, String correlationId) {
        try {
            audit.record(new AuditEntry(Ids.timeOrdered(), admin.keyId(), admin.accessKey(), admin.organizationId(),
                    method, path, status, correlationId, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "auditing " + method + " " + path + " by " + admin.accessKey()
                    + " failed, correlation_id=" + correlationId, e);
        }
    }

    private Principal authenticate(ServerRequest req) {
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isEmpty()) {
            Principal signedIn = sessions.fromCookie(req);
            if (signedIn != null) {
                return signedIn;
            }
            if (req.headers().contains(PUBLISHABLE_KEY)) {
                throw new Problem(Problem.Kind.UNAUTHORIZED, "publishable_key_not_allowed",
                        "Publishable keys can only send events; use a machine token for this endpoint");
            }
            throw new Problem(Problem.Kind.UNAUTHORIZED, "unauthorized", "Missing Authorization: Bearer <token> header");
        }
        String value = authorization.get();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Problem(Problem.Kind.UNAUTHORIZED, "unauthorized", "The Authorization header must be Bearer <token>");
        }
        String token = value.substring(7).trim();
        // A person's signed session and an embed session's opaque token are never JWTs: told apart by their prefixes
        if (UserSessions.isSessionToken(token)) {
            return sessions.sessions().authenticate(token);
        }
        return EmbedTokens.looksLikeAccessToken(token) ? embedSessions.authenticate(token) : authenticator.authenticate(token);
    }

    /** Reads at most the configured limit; GET, HEAD and OPTIONS bodies are ignored. */
    private byte[] readBody(ServerRequest req, String method, long maxBodyBytes) {
        if (Scopes.isReadMethod(method) || !req.content().hasEntity()) {
            return new byte[0];
        }
        // Helidon has already refused a Content-Length that is not a number (400) or over its backstop (413).
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        // With a Content-Length the array is allocated at its exact size; a chunked body is read up
        // to one byte past the limit, to tell "at the limit" from "over it".
        int toRead = declared >= 0 ? (int) declared : (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1);
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(toRead);
            if (bytes.length > maxBodyBytes) {
                throw tooLarge(maxBodyBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Problem tooLarge(long maxBodyBytes) {
        return new Problem(Problem.Kind.PAYLOAD_TOO_LARGE, "payload_too_large",
                "The request body exceeds " + maxBodyBytes + " bytes");
    }

    /**
     * Sends a JSON body with the correlation id added as its last field. The id is spliced into the
     * serialized object rather than the body turned into a tree first: this runs on every request,
     * and accepted correlation ids contain no character that needs escaping in JSON.
     */
    private static int send(ServerResponse res, int status, byte[] json, String correlationId) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(Json.withField(json, "correlation_id", correlationId));
        return status;
    }

    static ObjectNode errorBody(String code, String message, List<Problem.FieldError> details) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("message", message);
        body.put("error", code);
        if (!details.isEmpty()) {
            body.set("details", Json.tree(details));
        }
        return body;
    }

    static int statusOf(Problem.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case TOO_EARLY -> 425;
            case UNAVAILABLE -> 503;
            case BAD_GATEWAY -> 502;
        };
    }
}
