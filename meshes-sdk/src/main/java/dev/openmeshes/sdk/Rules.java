package dev.openmeshes.sdk;

import java.util.Map;

/** {@code /api/v1/rules}: which events go to which connection's action. */
public final class Rules extends Resource {

    Rules(Transport transport) {
        super(transport);
    }

    public Page<Rule> list(RuleFilter filter, PageRequest page) {
        return page("/api/v1/rules", query(filter), page, Rule.class);
    }

    public AllPages<Rule> all(RuleFilter filter) {
        return all("/api/v1/rules", query(filter), Rule.class);
    }

    public AllPages<Rule> allInWorkspace(String workspaceId, RuleFilter filter) {
        return all("/api/v1/workspaces/" + segment(workspaceId) + "/rules", query(filter), Rule.class);
    }

    public Rule get(String id) {
        return get(path(id), Rule.class);
    }

    public Rule create(NewRule rule) {
        return created("/api/v1/rules", rule, "rule", Rule.class);
    }

    public DeletedRule delete(String id) {
        return transport.read(Transport.Request.of("DELETE", path(id), null), DeletedRule.class);
    }

    private static Map<String, String> query(RuleFilter filter) {
        return filters("event", filter.event(), "resource", filter.resource(), "resource_id", filter.resourceId());
    }

    private static String path(String id) {
        return "/api/v1/rules/" + segment(id);
    }
}
