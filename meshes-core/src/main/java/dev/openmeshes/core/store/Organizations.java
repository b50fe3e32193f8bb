package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public interface Organizations {

    void insert(Organization organization);

    /** Name, status, limits and update time. */
    void update(Organization organization);

    /** Any organization, tombstones and the operators' included. */
    Optional<Organization> find(UUID id);

    /** Whether no customer organization exists yet (the operators' does not count). */
    boolean isEmpty();

    /** Customer organizations, oldest first, tombstones left out. */
    Page<Organization> list(PageRequest page);

    /** Organizations whose deletion started and has not finished (picked up again after a restart). */
    List<UUID> deleting();

    /**
     * Deletes up to about {@code batch} of the organization's events with their deliveries and
     * attempts, or once none are left, everything else it owns (people who belong to no other
     * organization included). Each call is one transaction; returns the rows deleted, 0 when done.
     */
    int purgeSome(UUID organizationId, int batch);

    /** Rows the organization still has, by table: what a purge must bring to zero. */
    Map<String, Long> rowCounts(UUID organizationId);
}
