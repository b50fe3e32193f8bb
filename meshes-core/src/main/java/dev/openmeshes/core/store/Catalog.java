package dev.openmeshes.core.store;

import dev.openmeshes.core.model.CatalogEntry;
import java.util.List;
import java.util.UUID;

/**
 * The event types and resources of a workspace. The names its events carried are recorded as they
 * are ingested ({@link Events#insertAll}), so listing them never scans the events.
 */
public interface Catalog {

    /** The names of one kind the workspace's events carried or its rules name, each once, by name. */
    List<CatalogEntry> list(UUID organizationId, UUID workspaceId, CatalogEntry.Kind kind);
}
