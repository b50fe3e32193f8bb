package dev.openmeshes.server.api;

import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.Rule;
import dev.openmeshes.core.service.RuleService;
import dev.openmeshes.core.service.RuleService.NewRule;
import dev.openmeshes.core.store.Rules;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/rules} and the workspace's rule list. */
final class RuleEndpoints {

    record RuleView(UUID id, UUID workspace, UUID connection, String event, String type, Map<String, Object> metadata,
                    String resource, String resourceId, boolean active, boolean hidden, String createdBy,
                    Instant createdAt, Instant updatedAt) {}

    record Created(RuleView rule) {}

    record Deleted(UUID id, UUID connection, String event, String type, String resource, String resourceId) {}

    private final RuleService rules;

    RuleEndpoints(RuleService rules) {
        this.rules = rules;
    }

    void register(RouteTable routes, Api api) {
        var scope = Scopes.Resource.RULES;
        routes.get("/api/v1/rules", api.scoped(scope, call -> list(call, null)))
              .post("/api/v1/rules", api.scoped(scope, this::create))
              .get("/api/v1/rules/{rule_id}", api.scoped(scope, this::get))
              .delete("/api/v1/rules/{rule_id}", api.scoped(scope, this::delete))
              .get("/api/v1/workspaces/{workspace_id}/rules",
                      api.scoped(scope, call -> list(call, call.pathId("workspace_id"))));
    }

    private Reply list(Call call, UUID workspaceId) {
        var filter = new Rules.Filter(workspaceId, call.query("event").orElse(null), call.query("resource").orElse(null),
                call.query("resource_id").orElse(null));
        Page<Rule> page = rules.list(call.principal(), filter, call.page());
        Map<UUID, String> types = rules.connectionTypes(call.principal(), page.records());
        return Reply.ok(Envelope.of(page.map(r -> view(r, types))));
    }

    private Reply create(Call call) {
        Body body = call.body();
        var request = new NewRule(body.uuid("workspace"), body.uuid("connection"), body.string("event"),
                body.string("resource"), body.string("resource_id"), body.ruleMetadata("metadata"),
                !Boolean.FALSE.equals(body.bool("active")), Boolean.TRUE.equals(body.bool("hidden")));
        body.done();
        return Reply.created(new Created(view(call, rules.create(call.principal(), request))));
    }

    private Reply get(Call call) {
        return Reply.ok(view(call, rules.get(call.principal(), call.pathId("rule_id"))));
    }

    private Reply delete(Call call) {
        Rule rule = rules.delete(call.principal(), call.pathId("rule_id"));
        return Reply.ok(new Deleted(rule.id(), rule.connectionId(), rule.event(), rules.typeOf(call.principal(), rule),
                rule.resource(), rule.resourceId()));
    }

    /** One rule: one lookup of its connection's type. */
    private RuleView view(Call call, Rule r) {
        return view(r, rules.typeOf(call.principal(), r));
    }

    /** A list: the types of its rules' connections read once. */
    private static RuleView view(Rule r, Map<UUID, String> connectionTypes) {
        return view(r, connectionTypes.getOrDefault(r.connectionId(), "unknown"));
    }

    private static RuleView view(Rule r, String type) {
        return new RuleView(r.id(), r.workspaceId(), r.connectionId(), r.event(), type,
                r.metadata(), r.resource(), r.resourceId(), r.active(), r.hidden(), r.createdBy(), r.createdAt(),
                r.updatedAt());
    }
}
