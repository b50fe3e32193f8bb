package dev.openmeshes.core.store;

import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface Events {

    /**
     * Filters of the event lists; null fields do not filter.
     *
     * @param workspaces only these workspaces (a key limited to some), or null for all
     */
    record Filter(UUID workspaceId, java.util.Set<UUID> workspaces, String event, String resource, String resourceId,
                  DeliveryStatus status) {}

    /**
     * Writes events and their deliveries together: the outbox. Call inside one transaction. A
     * delivery's organization, workspace, event name, resource and creation time are its event's.
     * Deliveries in status {@code processing} are written leased to {@code lease} (the node's own
     * worker takes them straight from ingest); the others are pending and wake the workers. The
     * events' names and resources join their workspace's {@link Catalog}.
     */
    void insertAll(List<Event> events, List<Delivery> deliveries, Deliveries.Lease lease);

    /** {@link #insertAll(List, List, Deliveries.Lease)} with every delivery pending. */
    default void insertAll(List<Event> events, List<Delivery> deliveries) {
        insertAll(events, deliveries, null);
    }

    Optional<Event> find(UUID organizationId, UUID id);

    /** The worker's batch read of the events its claimed deliveries belong to. */
    java.util.Map<UUID, Event> findAll(java.util.Collection<UUID> ids);

    /** Newest first. */
    Page<Event> list(UUID organizationId, Filter filter, PageRequest page);

    /** Deletes events created before {@code cutoff} whose deliveries are all finished, with their history. */
    int deleteFinishedBefore(Instant cutoff, int limit);
}
