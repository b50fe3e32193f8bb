package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import dev.openmeshes.core.service.OrganizationService;
import dev.openmeshes.core.store.PlatformAudit;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.util.List;
import java.util.stream.Stream;

/**
 * The platform endpoints, for platform admins only: {@code /api/v1/organizations} (customer
 * organizations and their lifecycle) and {@code /api/v1/platform/audit} (what platform admins did).
 */
final class OrganizationEndpoints {

    private final OrganizationService organizations;
    private final PlatformAudit audit;

    OrganizationEndpoints(OrganizationService organizations, PlatformAudit audit) {
        this.organizations = organizations;
        this.audit = audit;
    }

    void register(RouteTable routes, Api api) {
        routes.get("/api/v1/organizations", api.platform(this::list))
              .post("/api/v1/organizations", api.platform(this::create))
              .get("/api/v1/organizations/{organization_id}", api.platform(this::get))
              .put("/api/v1/organizations/{organization_id}", api.platform(this::rename))
              .delete("/api/v1/organizations/{organization_id}", api.platform(this::delete))
              .post("/api/v1/organizations/{organization_id}/suspend", api.platform(this::suspend))
              .post("/api/v1/organizations/{organization_id}/resume", api.platform(this::resume))
              .put("/api/v1/organizations/{organization_id}/limits", api.platform(this::limit))
              .get("/api/v1/platform/audit", api.platform(this::audit));
    }

    private Reply list(Call call) {
        return Reply.ok(Envelope.of(organizations.list(call.page()).map(OrganizationViews.Org::of)));
    }

    private Reply create(Call call) {
        Body body = call.body();
        String name = body.string("name");
        var id = body.uuid("id");
        body.done();
        return Reply.created(OrganizationViews.Created.of(organizations.create(name, id)));
    }

    private Reply get(Call call) {
        return Reply.ok(OrganizationViews.One.of(organizations.get(call.pathId("organization_id"))));
    }

    private Reply rename(Call call) {
        Body body = call.body();
        String name = body.string("name");
        body.done();
        return Reply.ok(OrganizationViews.One.of(organizations.rename(call.pathId("organization_id"), name)));
    }

    private Reply suspend(Call call) {
        return Reply.ok(OrganizationViews.One.of(organizations.suspend(call.pathId("organization_id"))));
    }

    private Reply resume(Call call) {
        return Reply.ok(OrganizationViews.One.of(organizations.resume(call.pathId("organization_id"))));
    }

    /**
     * Replaces both limits, a null clearing one. Both fields are required, so a misspelt one is
     * refused rather than read as a limit cleared.
     */
    private Reply limit(Call call) {
        Body body = call.body();
        List<FieldError> missing = Stream.of("monthly_event_quota", "ingest_rate_limit").filter(f -> !body.has(f))
                .map(f -> new FieldError(f, "is required (null clears it)")).toList();
        if (!missing.isEmpty()) {
            throw Problem.invalid(missing);
        }
        Long quota = body.integer("monthly_event_quota");
        Long rate = body.integer("ingest_rate_limit");
        body.done();
        return Reply.ok(OrganizationViews.One.of(organizations.limit(call.pathId("organization_id"), quota, rate)));
    }

    /** 202: the purge goes on in the background; GET the organization until its status is {@code deleted}. */
    private Reply delete(Call call) {
        return new Reply(202, OrganizationViews.One.of(organizations.delete(call.pathId("organization_id"))));
    }

    private Reply audit(Call call) {
        return Reply.ok(Envelope.of(audit.list(call.page()).map(OrganizationViews.Audited::of)));
    }
}
