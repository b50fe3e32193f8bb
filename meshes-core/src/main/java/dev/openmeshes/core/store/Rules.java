package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.model.Rule;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

public interface Rules {

    /** Filters of the rule lists; null fields do not filter. */
    record Filter(UUID workspaceId, String event, String resource, String resourceId) {}

    void insert(Rule rule);

    Optional<Rule> find(UUID organizationId, UUID id);

    /**
     * In creation order.
     *
     * @param only restrict to these workspaces, or {@code null} for all
     */
    Page<Rule> list(UUID organizationId, Filter filter, Set<UUID> only, PageRequest page);

    /**
     * Where ingestion fans an event out to: an active rule, as much of it as matching needs, with
     * the type of its active connection.
     */
    record Route(UUID ruleId, UUID connectionId, String connectionType, String event, String resource,
                 String resourceId) {

        /** An event matches by name, and by resource and resource id where the rule names them. */
        public boolean matches(String eventName, String eventResource, String eventResourceId) {
            return event.equals(eventName)
                    && (resource == null || resource.equals(eventResource))
                    && (resourceId == null || resourceId.equals(eventResourceId));
        }
    }

    /** The routes of a workspace: its active rules whose connection is active. */
    List<Route> routesFor(UUID workspaceId);

    boolean anyActiveFor(UUID connectionId);

    boolean delete(UUID organizationId, UUID id);

    /** Deletes a connection's rules (forced connection delete). */
    int deleteForConnection(UUID organizationId, UUID connectionId);
}
