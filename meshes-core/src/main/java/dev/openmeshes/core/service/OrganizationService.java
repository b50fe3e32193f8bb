package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.model.Organization.Status;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What a platform admin does to customer organizations: create, list, rename, suspend, resume and
 * delete them. The operators' own organization is none of these: it is never listed or changed here.
 */
public final class OrganizationService {

    private final Store store;
    private final Bootstrap bootstrap;
    private final OrganizationGate gate;
    private final InstantSource clock;
    private final Consumer<UUID> purge;

    /** @param purge starts the purge of an organization just marked deleting, in the background */
    public OrganizationService(Store store, Bootstrap bootstrap, OrganizationGate gate, InstantSource clock,
                               Consumer<UUID> purge) {
        this.store = store;
        this.bootstrap = bootstrap;
        this.gate = gate;
        this.clock = clock;
        this.purge = purge;
    }

    public Bootstrap.Credentials create(String name, UUID id) {
        Bootstrap.checkName("name", name); // the API's field; bootstrap's own is --org-name
        return bootstrap.createOrganization(name, id);
    }

    public Page<Organization> list(PageRequest page) {
        return store.organizations().list(page);
    }

    /** A customer organization, a deleted one's tombstone included (its status is what a deletion polls). */
    public Organization get(UUID id) {
        return customer(store, id);
    }

    public Organization rename(UUID id, String name) {
        Bootstrap.checkName("name", name);
        return change(id, o -> o.renamed(name, now()));
    }

    /** Events per month at most. */
    public static final long MAX_MONTHLY_EVENT_QUOTA = 1_000_000_000_000L;
    /** Events per second at most, as the server's own setting allows. */
    public static final long MAX_INGEST_RATE_LIMIT = 1_000_000_000L;

    /**
     * Replaces both limits (a null clears one). Ingestion on this node applies them at once, on
     * other nodes within {@link OrganizationGate#TTL}.
     */
    public Organization limit(UUID id, Long monthlyEventQuota, Long ingestRateLimit) {
        new Validation()
                .check(monthlyEventQuota == null || (monthlyEventQuota >= 0 && monthlyEventQuota <= MAX_MONTHLY_EVENT_QUOTA),
                        "monthly_event_quota", "must be 0 to " + MAX_MONTHLY_EVENT_QUOTA + " events, or null for unlimited")
                .check(ingestRateLimit == null || (ingestRateLimit >= 0 && ingestRateLimit <= MAX_INGEST_RATE_LIMIT),
                        "ingest_rate_limit", "must be 0 (unlimited) to " + MAX_INGEST_RATE_LIMIT
                                + " events per second, or null for the server's default")
                .orThrow();
        var limits = new Organization.Limits(monthlyEventQuota, ingestRateLimit == null ? null : ingestRateLimit.intValue());
        Organization limited = change(id, o -> o.limitedTo(limits, now()));
        gate.forget(id);
        return limited;
    }

    /** Refuses its credentials and holds its pending deliveries, which wait (never fail) until it is resumed. */
    public Organization suspend(UUID id) {
        Organization suspended = change(id, o -> o.withStatus(Status.SUSPENDED, now()));
        gate.forget(id);
        store.deliveries().holdOrganization(id);
        return suspended;
    }

    public Organization resume(UUID id) {
        Organization resumed = change(id, o -> o.withStatus(Status.ACTIVE, now()));
        gate.forget(id);
        store.deliveries().resumeOrganization(id, clock.instant());
        return resumed;
    }

    /**
     * Marks it deleting (nothing reaches it from then on) and starts purging its data; {@link #get}
     * shows the status until it is {@code deleted}. Asking again while it is deleting changes nothing.
     */
    public Organization delete(UUID id) {
        Organization deleting = store.inTransaction(tx -> {
            Organization current = customer(tx, id);
            if (current.status() == Status.DELETED) {
                throw gone();
            }
            if (current.status() == Status.DELETING) {
                return current;
            }
            Organization changed = current.withStatus(Status.DELETING, now());
            tx.organizations().update(changed);
            return changed;
        });
        gate.forget(id);
        purge.accept(id);
        return deleting;
    }

    /** Applies a change of name, limits or active/suspended status, which a deleted organization no longer takes. */
    private Organization change(UUID id, UnaryOperator<Organization> change) {
        return store.inTransaction(tx -> {
            Organization current = customer(tx, id);
            if (current.status() == Status.DELETING || current.status() == Status.DELETED) {
                throw gone();
            }
            Organization changed = change.apply(current);
            tx.organizations().update(changed);
            return changed;
        });
    }

    private static Organization customer(Store tx, UUID id) {
        return tx.organizations().find(id).filter(o -> !o.isOperators()).orElseThrow(() -> Problem.notFound("Organization"));
    }

    private static Problem gone() {
        return Problem.conflict("organization_deleted", "This organization is deleted or being deleted");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
