package dev.openmeshes.core.service;

import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.model.Organization.Status;
import dev.openmeshes.core.store.Store;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Purges deleted organizations' data in the background, a batch per transaction so SQLite's one
 * writer is never held for long, then leaves the organization as a tombstone ({@code deleted}). A
 * purge cut short by a stop is picked up again at the next start ({@link #resumeUnfinished}).
 */
public final class OrganizationPurger implements AutoCloseable {

    private static final int BATCH = 500;
    private static final System.Logger LOG = System.getLogger(OrganizationPurger.class.getName());

    private final Store store;
    private final OrganizationGate gate;
    private final InstantSource clock;
    private final ExecutorService purges = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("purge").factory());
    private final Set<UUID> underWay = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    public OrganizationPurger(Store store, OrganizationGate gate, InstantSource clock) {
        this.store = store;
        this.gate = gate;
        this.clock = clock;
    }

    /** Starts purging an organization marked deleting; a purge already under way for it goes on alone. */
    public void purge(UUID organizationId) {
        if (underWay.add(organizationId)) {
            purges.execute(() -> run(organizationId));
        }
    }

    /** Purges every organization whose deletion a previous run of the server did not finish. */
    public void resumeUnfinished() {
        store.organizations().deleting().forEach(this::purge);
    }

    private void run(UUID organizationId) {
        try {
            while (running && store.organizations().purgeSome(organizationId, BATCH) > 0) {
                Thread.yield();
            }
            if (running) {
                store.inTransaction(tx -> {
                    tx.organizations().find(organizationId).ifPresent(o -> tx.organizations()
                            .update(o.withStatus(Status.DELETED, clock.instant().truncatedTo(ChronoUnit.MILLIS))));
                    return null;
                });
                gate.forget(organizationId);
                LOG.log(System.Logger.Level.INFO, "organization {0} purged", organizationId);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "purging organization " + organizationId
                    + " failed; it stays deleting and is purged again at the next start", e);
        } finally {
            underWay.remove(organizationId);
        }
    }

    @Override
    public void close() {
        running = false;
        purges.shutdown();
        try {
            purges.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
