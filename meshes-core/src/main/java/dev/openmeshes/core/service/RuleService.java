package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.model.Rule;
import dev.openmeshes.core.store.Rules;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Rule use cases: a rule sends a workspace's events of one name to one connection's action. */
public final class RuleService {

    public record NewRule(UUID workspaceId, UUID connectionId, String event, String resource, String resourceId,
                          Map<String, Object> metadata, boolean active, boolean hidden) {}

    static final Pattern RESOURCE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");

    private final Store store;
    private final ConnectionService connections;
    private final InstantSource clock;

    public RuleService(Store store, ConnectionService connections, InstantSource clock) {
        this.store = store;
        this.connections = connections;
        this.clock = clock;
    }

    public Rule create(Principal caller, NewRule request) {
        new Validation()
                .check(request.workspaceId() != null, "workspace", "is required")
                .check(request.connectionId() != null, "connection", "is required")
                .text("event", request.event(), 1, 200, null, null)
                .text("resource", request.resource(), 0, 200, null, null)
                .text("resource_id", request.resourceId(), 0, 64, RESOURCE_ID, "must match ^[A-Za-z0-9._:-]{1,64}$")
                .check(request.metadata() != null && request.metadata().get("action") instanceof String action
                        && !action.isBlank(), "metadata.action", "is required (a string)")
                .orThrow();
        WorkspaceService.visible(store, caller, request.workspaceId());
        if (!caller.mayAccessResource(request.resource(), request.resourceId())) {
            throw Problem.forbidden("resource_not_allowed",
                    "This session may only create rules for its own resource and resource_id");
        }
        Connection connection = connections.get(caller, request.connectionId());
        if (!connection.workspaceId().equals(request.workspaceId())) {
            throw Problem.invalid("connection", "belongs to another workspace");
        }
        connections.spec(connection).checkRule(request.metadata()); // a declared action, with the inputs it needs
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var rule = new Rule(UUID.randomUUID(), caller.organizationId(), request.workspaceId(), connection.id(),
                request.event(), request.resource(), request.resourceId(), request.metadata(), request.active(),
                request.hidden(), caller.createdBy(), now, now);
        store.rules().insert(rule);
        return rule;
    }

    public Page<Rule> list(Principal caller, Rules.Filter filter, PageRequest page) {
        if (filter.workspaceId() != null) {
            WorkspaceService.visible(store, caller, filter.workspaceId());
        }
        var resources = caller.resourceFilter(filter.resource(), filter.resourceId());
        if (resources.isEmpty()) {
            return new Page<>(List.of(), page.limit(), null);
        }
        var scoped = new Rules.Filter(filter.workspaceId(), filter.event(), resources.get().resource(),
                resources.get().resourceId());
        return store.rules().list(caller.organizationId(), scoped, caller.workspaces(), page);
    }

    public Rule get(Principal caller, UUID id) {
        return store.rules().find(caller.organizationId(), id)
                .filter(r -> caller.mayAccessWorkspace(r.workspaceId()) && caller.mayAccessResource(r.resource(), r.resourceId()))
                .orElseThrow(() -> Problem.notFound("Rule"));
    }

    public Rule delete(Principal caller, UUID id) {
        Rule rule = get(caller, id);
        store.rules().delete(caller.organizationId(), id);
        return rule;
    }

    /** The connection type of one rule's connection, for answers that name it. */
    public String typeOf(Principal caller, Rule rule) {
        return store.connections().find(caller.organizationId(), rule.connectionId()).map(Connection::type).orElse("unknown");
    }

    /**
     * The connection type of each rule's connection, for answers that name a rule's type: one
     * query for a whole page instead of one per rule.
     */
    public Map<UUID, String> connectionTypes(Principal caller, List<Rule> rules) {
        return store.connections().types(caller.organizationId(), rules.stream().map(Rule::connectionId).distinct().toList());
    }
}
