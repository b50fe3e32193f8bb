package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.model.Workspace;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

public interface Workspaces {

    void insert(Workspace workspace);

    void update(Workspace workspace);

    Optional<Workspace> find(UUID organizationId, UUID id);

    /** Whether any workspace has this id, in any organization (ids are global; client-chosen ones may clash). */
    boolean idExists(UUID id);

    Optional<Workspace> findByName(UUID organizationId, String name);

    /** The ids of all the organization's workspaces. */
    java.util.List<UUID> ids(UUID organizationId);

    /** @param only restrict to these ids, or {@code null} for all of the organization's workspaces */
    Page<Workspace> list(UUID organizationId, Set<UUID> only, PageRequest page);

    /** The workspace whose current, or still-valid previous, publishable key this is. */
    Optional<Workspace> findByPublishableKey(String publishableKey);
}
