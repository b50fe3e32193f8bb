package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Connection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface Connections {

    void insert(Connection connection);

    void update(Connection connection);

    Optional<Connection> find(UUID organizationId, UUID id);

    /** @param workspaceId one workspace's connections, or null for the whole organization's */
    List<Connection> list(UUID organizationId, UUID workspaceId);

    boolean delete(UUID organizationId, UUID id);
}
