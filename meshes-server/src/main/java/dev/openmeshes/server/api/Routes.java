package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.service.KeyService;
import dev.openmeshes.core.service.WorkspaceService;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** The whole HTTP surface, in one place: health, who-am-I, workspaces, keys, and 404 for the rest. */
public final class Routes {

    private Routes() {}

    public static void register(HttpRouting.Builder routes, Api api, BooleanSupplier ready,
                                WorkspaceService workspaces, KeyService keys) {
        routes.get("/healthz", api.open(call -> health(ready)));
        routes.get("/api/v1/auth", api.authenticated(Routes::whoAmI));
        new WorkspaceEndpoints(workspaces).register(routes, api);
        new KeyEndpoints(keys).register(routes, api);
        routes.any(api.open(call -> {
            throw new Problem(Problem.Kind.NOT_FOUND, "not_found", "No such endpoint");
        }));
    }

    private static Reply health(BooleanSupplier ready) {
        return ready.getAsBoolean() ? Reply.ok(Map.of("status", "ok"))
                : new Reply(503, Map.of("status", "starting"));
    }

    /** Who the caller is, as GET /auth answers it in the Meshi convention. */
    record WhoAmI(UUID organizationId, String principalType, UUID keyId, String accessKey, List<String> scopes,
                  List<UUID> workspaces) {}

    private static Reply whoAmI(Call call) {
        Principal p = call.principal();
        return Reply.ok(new WhoAmI(p.organizationId(), p.type().name().toLowerCase(), p.keyId(), p.accessKey(),
                p.scopes().stream().sorted().toList(),
                p.workspaces() == null ? null : p.workspaces().stream().sorted().toList()));
    }
}
