package dev.openmeshes.server.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.service.OAuthFlow;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.delivery.IngestService;
import dev.openmeshes.core.service.EventService;
import dev.openmeshes.server.Meshes;
import dev.openmeshes.server.embed.EmbedLaunch;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.AuthRateLimits;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.IngestQuotas;
import dev.openmeshes.server.http.IngestRateLimits;
import dev.openmeshes.server.http.Json;
import dev.openmeshes.server.http.Reply;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The whole HTTP surface, in one place: health, who-am-I, the resources, and 404 for the rest. */
public final class Routes {

    private Routes() {}

    public static void register(RouteTable routes, Api api, BooleanSupplier ready, Meshes meshes,
                                IngestService ingest, EventService events, IngestRateLimits limits, IngestQuotas quotas,
                                AuthRateLimits authLimits,
                                long maxPayloadBytes, Supplier<String> publicUrl) {
        routes.get("/healthz", api.open(call -> health(ready)));
        // The router tries routes in this order, each path pattern a regular expression: ingestion,
        // the hot path, goes first so it is not matched against the whole management API.
        new EventEndpoints(ingest, events, limits, quotas, maxPayloadBytes).register(routes, api);
        routes.get("/api/v1/auth", api.authenticated(Routes::whoAmI));
        new WorkspaceEndpoints(meshes.workspaces()).register(routes, api);
        new KeyEndpoints(meshes.keys()).register(routes, api);
        var connections = new ConnectionEndpoints(meshes.connections(), meshes.fieldCatalogs(), meshes.mappings(),
                meshes.connectors());
        connections.register(routes, api);
        new OAuthEndpoints(new OAuthFlow(meshes.store(), meshes.connections(), meshes.tokens(), meshes.connectors(),
                meshes.secretBox(), meshes.clock(), meshes::connectorSettings, publicUrl), connections, publicUrl)
                .register(routes, api);
        new RuleEndpoints(meshes.rules()).register(routes, api);
        new SessionEndpoints(meshes.embedSessions(), meshes.clock(), publicUrl).register(routes, api);
        DashboardAssets dashboard = DashboardAssets.load();
        routes.get("/embed/launch", new EmbedLaunch(meshes.embedSessions(), meshes.organizationGate(), dashboard));
        new AuthEndpoints(meshes.people(), api.sessionCookies(), authLimits, meshes.organizationGate()).register(routes, api);
        new MemberEndpoints(meshes.people(), publicUrl).register(routes, api);
        new OrganizationEndpoints(meshes.organizations(), meshes.store().platformAudit()).register(routes, api);
        new UsageEndpoints(meshes.usage(), meshes.clock()).register(routes, api);
        dashboard.register(routes);
        ApiReference.load().register(routes, api);
        routes.fallback(api.open(call -> {
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

    /**
     * Serialized who-am-I bodies by principal. A verified key's principal is one object for as long
     * as the key stays cached, so this is an identity lookup that spares serializing on every call.
     */
    private static final Cache<Principal, Json.Raw> WHO_AM_I = Caffeine.newBuilder().weakKeys().build();

    private static Reply whoAmI(Call call) {
        Json.Raw body = WHO_AM_I.getIfPresent(call.principal()); // cheaper than get() on the usual hit
        return Reply.ok(body != null ? body : WHO_AM_I.get(call.principal(), Routes::serializedWhoAmI));
    }

    private static Json.Raw serializedWhoAmI(Principal p) {
        return Json.raw(new WhoAmI(p.organizationId(), p.type().name().toLowerCase(), p.keyId(), p.accessKey(),
                p.scopes().stream().sorted().toList(),
                p.workspaces() == null ? null : p.workspaces().stream().sorted().toList()));
    }
}
