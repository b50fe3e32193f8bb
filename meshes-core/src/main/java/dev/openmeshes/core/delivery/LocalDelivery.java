package dev.openmeshes.core.delivery;

import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.store.Deliveries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A node's own worker as ingestion sees it. New deliveries that it has room for are written leased
 * to it in their event's transaction and handed to it in memory once committed, so it attempts them
 * at once instead of claiming them back from the store: per batch, one write transaction and one
 * read fewer, and no wait for the next claim. What it has no room for is written pending, for any
 * node's worker to claim. If the node dies, its leases are handed back as any dead node's are.
 */
public interface LocalDelivery {

    /** Reserves room for up to {@code wanted} deliveries; returns how many it will take (0 when full). */
    int reserve(int wanted);

    /** Gives back room reserved for deliveries that were not committed after all. */
    void unreserve(int count);

    /** The lease deliveries written at {@code now} for this worker carry. */
    Deliveries.Lease lease(Instant now);

    /** Starts attempting committed deliveries that were written leased to it, with their events. */
    void take(List<Delivery> deliveries, Map<UUID, Event> events);

    /** An API-only node: nothing is handed over, every delivery is written pending. */
    LocalDelivery NONE = new LocalDelivery() {
        public int reserve(int wanted) { return 0; }
        public void unreserve(int count) { }
        public Deliveries.Lease lease(Instant now) { throw new IllegalStateException("no local worker"); }
        public void take(List<Delivery> deliveries, Map<UUID, Event> events) { }
    };
}
