package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Rule;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface Rules {

    /** Filters of the rule lists; null fields do not filter. */
    record Filter(UUID workspaceId, String event, String resource, String resourceId) {}

    void insert(Rule rule);

    Optional<Rule> find(UUID organizationId, UUID id);

    List<Rule> list(UUID organizationId, Filter filter);

    /** The active rules of a workspace whose connection is active: what ingestion fans out to. */
    List<Rule> activeFor(UUID workspaceId);

    boolean anyActiveFor(UUID connectionId);

    boolean delete(UUID organizationId, UUID id);

    /** Deletes a connection's rules (forced connection delete). */
    int deleteForConnection(UUID organizationId, UUID connectionId);
}
