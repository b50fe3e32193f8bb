package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

public interface Connections {

    void insert(Connection connection);

    void update(Connection connection);

    Optional<Connection> find(UUID organizationId, UUID id);

    /**
     * In creation order.
     *
     * @param workspaceId one workspace's connections, or null for the whole organization's
     * @param only        restrict to these workspaces, or {@code null} for all
     */
    Page<Connection> list(UUID organizationId, UUID workspaceId, Set<UUID> only, PageRequest page);

    /** The type of each of these connections that exists in the organization. */
    Map<UUID, String> types(UUID organizationId, Collection<UUID> ids);

    boolean delete(UUID organizationId, UUID id);
}
