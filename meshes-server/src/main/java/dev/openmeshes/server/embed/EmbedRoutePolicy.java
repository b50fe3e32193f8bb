package dev.openmeshes.server.embed;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.embed.EmbedGrant;
import dev.openmeshes.core.embed.EmbedSession;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which API routes an embed session's token opens, on top of its scopes: an allow-list, so a route
 * added later stays closed to embedded pages until it is listed here. Keys, sessions, publishable
 * keys and workspace changes are never listed; starting OAuth is, for the owner or admin of a
 * whole-workspace session (its consent page opens in a window of its own; the vendor's callback is
 * authenticated by its sealed state, not by a session). Workspace, resource pair and payload checks
 * on the records themselves are the services' ({@link Principal#mayAccessResource}).
 */
public final class EmbedRoutePolicy {

    /** What a route asks of the session beyond reaching it. */
    enum Need {
        /** any session */
        ANY,
        /** not locked to a resource pair (it would see other resources' names or the connections) */
        WHOLE_WORKSPACE,
        /** the {@code events.payload:read} scope */
        PAYLOADS,
        /** a write by an owner or admin in a session that is not read-only */
        MANAGE,
        /** a write by an owner or admin of a whole-workspace session */
        MANAGE_WHOLE_WORKSPACE,
        /** a test event: any role, but not in a read-only session */
        TEST_EVENT
    }

    private record Route(String method, Pattern path, Need need) {}

    private static final String ID = "[^/]+";
    private static final List<Route> ROUTES = List.of(
            route("GET", "/auth", Need.ANY),
            route("GET", "/integrations", Need.ANY),
            route("GET", "/workspaces", Need.ANY),
            route("GET", "/workspaces/ID", Need.ANY),
            route("GET", "/workspaces/ID/event-types", Need.WHOLE_WORKSPACE),
            route("GET", "/workspaces/ID/resources", Need.WHOLE_WORKSPACE),
            route("GET", "/workspaces/ID/events", Need.ANY),
            route("GET", "/workspaces/ID/activity", Need.WHOLE_WORKSPACE),
            route("GET", "/activity", Need.WHOLE_WORKSPACE),
            route("GET", "/workspaces/ID/rules", Need.ANY),
            route("GET", "/workspaces/ID/connections", Need.WHOLE_WORKSPACE),
            route("GET", "/events", Need.ANY),
            route("POST", "/events", Need.TEST_EVENT),
            route("GET", "/events/ID", Need.ANY),
            route("GET", "/events/ID/payload", Need.PAYLOADS),
            route("GET", "/events/ID/rules/ID/attempts", Need.ANY),
            route("GET", "/events/ID/rules/ID/attempts/ID", Need.ANY),
            route("GET", "/events/ID/rules/ID/attempts/ID/response-details", Need.PAYLOADS),
            route("POST", "/events/ID/rules/ID/retry", Need.MANAGE),
            route("POST", "/events/ID/rules/ID/cancel", Need.MANAGE),
            route("POST", "/events/ID/cancel", Need.MANAGE),
            route("GET", "/rules", Need.ANY),
            route("POST", "/rules", Need.MANAGE),
            route("GET", "/rules/ID", Need.ANY),
            route("DELETE", "/rules/ID", Need.MANAGE),
            route("GET", "/connections", Need.WHOLE_WORKSPACE),
            route("POST", "/connections", Need.MANAGE_WHOLE_WORKSPACE),
            route("GET", "/connections/ID", Need.WHOLE_WORKSPACE),
            route("PUT", "/connections/ID", Need.MANAGE_WHOLE_WORKSPACE),
            route("DELETE", "/connections/ID", Need.MANAGE_WHOLE_WORKSPACE),
            route("GET", "/connections/oauth/ID/start", Need.MANAGE_WHOLE_WORKSPACE),
            route("GET", "/connections/ID/actions", Need.WHOLE_WORKSPACE),
            route("GET", "/connections/ID/fields", Need.WHOLE_WORKSPACE),
            route("GET", "/connections/ID/mappings/default", Need.WHOLE_WORKSPACE),
            route("PUT", "/connections/ID/mappings/default", Need.MANAGE_WHOLE_WORKSPACE));

    private EmbedRoutePolicy() {}

    private static Route route(String method, String path, Need need) {
        return new Route(method, Pattern.compile("^/api/v1" + path.replace("ID", ID) + "/?$"), need);
    }

    /** Refuses, as a 403 naming why, a request an embed session's token may not make. */
    public static void check(Principal caller, String method, String path) {
        EmbedGrant grant = caller.embed();
        String asRead = Scopes.isReadMethod(method) ? "GET" : method;
        Need need = ROUTES.stream().filter(r -> r.method().equals(asRead) && r.path().matcher(path).matches())
                .map(Route::need).findFirst()
                .orElseThrow(() -> Problem.forbidden("embed_forbidden", "An embed session cannot use this endpoint"));
        boolean whole = !grant.isLockedToResource();
        switch (need) {
            case ANY -> { }
            case WHOLE_WORKSPACE -> require(whole, "resource_locked", "A resource session only reaches its own resource");
            case PAYLOADS -> require(grant.payloads(), "insufficient_scope",
                    "This session needs the " + EmbedSession.PAYLOAD_SCOPE + " scope to read event payloads");
            case TEST_EVENT -> require(!grant.isReadOnly(), "read_only_session", "A dashboard session is read-only");
            case MANAGE, MANAGE_WHOLE_WORKSPACE -> {
                require(!grant.isReadOnly(), "read_only_session", "A dashboard session is read-only");
                require(grant.mayManage(), "insufficient_role", "A member may only send test events; this needs the "
                        + "owner or admin role");
                require(need == Need.MANAGE || whole, "resource_locked", "A resource session only reaches its own resource");
            }
        }
    }

    private static void require(boolean ok, String code, String message) {
        if (!ok) {
            throw Problem.forbidden(code, message);
        }
    }
}
