package dev.openmeshes.core.delivery;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Ids;
import dev.openmeshes.core.store.Rules.Route;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Accepts events: each is written with one delivery per matching active rule in the same
 * transaction (the outbox), through a group commit. The future completes only once that
 * transaction committed, so an acknowledged event is never lost and never lacks its deliveries.
 */
public final class IngestService implements AutoCloseable {

    /** An event as a client sends it; {@code payloadJson} is a JSON object. */
    public record NewEvent(UUID workspaceId, String event, String payloadJson, String resource, String resourceId) {}

    public static final int MAX_BULK = 100;
    private static final System.Logger LOG = System.getLogger(IngestService.class.getName());
    static final String DEFAULT_RESOURCE = "global";

    private final Store store;
    private final RetrySchedule schedule;
    private final InstantSource clock;
    private final Runnable onCommitted;
    private final DeliveryMetrics metrics;
    private final LocalDelivery local;
    private final GroupCommitter<Event, Event> writer;

    /**
     * @param onCommitted told after a commit that wrote pending deliveries (wakes the workers)
     * @param local this node's worker, which takes the new deliveries it has room for, or {@link LocalDelivery#NONE}
     */
    public IngestService(Store store, RetrySchedule schedule, InstantSource clock, Runnable onCommitted,
                         DeliveryMetrics metrics, LocalDelivery local) {
        this.store = store;
        this.schedule = schedule;
        this.clock = clock;
        this.onCommitted = onCommitted;
        this.metrics = metrics;
        this.local = local;
        this.writer = new GroupCommitter<>("ingest-writer", 1000, this::write);
    }

    /**
     * The workspace an event goes to: the publishable key's own, or for a machine key the one the
     * event names, which the key must be able to reach.
     */
    public UUID workspaceFor(Principal caller, UUID named) {
        if (caller.type() == Principal.Type.PUBLISHABLE_KEY) {
            UUID own = caller.workspaces().iterator().next();
            if (named != null && !named.equals(own)) {
                throw Problem.forbidden("workspace_mismatch", "A publishable key can only send events to its own workspace");
            }
            return own;
        }
        if (caller.type() == Principal.Type.EMBED_SESSION) { // a test event from the embedded page
            UUID own = caller.workspaces().iterator().next();
            if (named != null && !named.equals(own)) {
                throw Problem.notFound("Workspace");
            }
            return own;
        }
        if (named == null) {
            throw Problem.invalid("workspace", "is required when sending events with a machine key");
        }
        if (!caller.mayAccessWorkspace(named) || store.workspaces().find(caller.organizationId(), named).isEmpty()) {
            throw Problem.notFound("Workspace");
        }
        return named;
    }

    /** Field errors of one event, empty when it can be accepted. */
    public static List<FieldError> check(NewEvent e, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (e.event() == null || e.event().isBlank()) {
            errors.add(new FieldError(prefix + "event", "is required"));
        } else if (e.event().length() > 200) {
            errors.add(new FieldError(prefix + "event", "must be at most 200 characters"));
        }
        if (e.payloadJson() == null) {
            errors.add(new FieldError(prefix + "payload", "must be a JSON object"));
        }
        if (e.resource() != null && (e.resource().isEmpty() || e.resource().length() > 200)) {
            errors.add(new FieldError(prefix + "resource", "must be 1 to 200 characters"));
        }
        if (e.resourceId() != null && (e.resourceId().isEmpty() || e.resourceId().length() > 200)) {
            errors.add(new FieldError(prefix + "resource_id", "must be 1 to 200 characters"));
        }
        return errors;
    }

    /** Queues a checked event for the next group commit. */
    public CompletableFuture<Event> accept(Principal caller, NewEvent e) {
        return writer.submit(toEvent(caller, e));
    }

    /** Queues checked events to commit together, all or none, in the next group commit. */
    public CompletableFuture<List<Event>> acceptAll(Principal caller, List<NewEvent> events) {
        return writer.submitAll(events.stream().map(e -> toEvent(caller, e)).toList());
    }

    private Event toEvent(Principal caller, NewEvent e) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Event(Ids.timeOrdered(), caller.organizationId(), e.workspaceId(), e.event(),
                e.resource() == null ? DEFAULT_RESOURCE : e.resource(), e.resourceId(), e.payloadJson(),
                caller.createdBy(), now, DeliveryStatus.PENDING, 0, 0, 0,
                null, null);
    }

    private List<Event> write(List<Event> batch) {
        Instant now = clock.instant();
        int[] reserved = {0};
        Written written;
        try {
            written = store.inTransaction(tx -> {
                Written w = outbox(tx, batch, now);
                reserved[0] = w.leased();
                tx.events().insertAll(w.events(), w.deliveries(), w.leased() == 0 ? null : local.lease(now));
                return w;
            });
        } catch (RuntimeException | Error e) {
            local.unreserve(reserved[0]); // the worker must not wait for deliveries that were never written
            throw e;
        }
        metrics.ingested(written.events().size());
        if (written.leased() > 0) {
            Map<UUID, Event> byId = new HashMap<>();
            written.events().forEach(e -> byId.put(e.id(), e));
            try {
                local.take(written.deliveries().subList(0, written.leased()), byId);
            } catch (RuntimeException e) {
                // Committed all the same, so this batch must not fail (its writer would write it again);
                // the leases go back with the worker's on stop, or to a live node once this one is gone.
                LOG.log(System.Logger.Level.ERROR, "handing committed deliveries to the worker failed", e);
            }
        }
        if (written.leased() < written.deliveries().size()) {
            onCommitted.run();
        }
        return written.events();
    }

    /** A batch's events and deliveries as written; the first {@code leased} deliveries go to the local worker. */
    private record Written(List<Event> events, List<Delivery> deliveries, int leased) {}

    /**
     * The batch's events with one delivery per matching active rule; those due now that the local
     * worker has room for are leased to it.
     */
    private Written outbox(Store tx, List<Event> batch, Instant now) {
        Map<UUID, List<Route>> routesByWorkspace = new HashMap<>();
        List<Event> events = new ArrayList<>(batch.size());
        List<Delivery> deliveries = new ArrayList<>();
        for (Event e : batch) {
            List<Route> routes = routesByWorkspace.computeIfAbsent(e.workspaceId(), tx.rules()::routesFor);
            int matched = 0;
            for (Route route : routes) {
                if (route.matches(e.event(), e.resource(), e.resourceId())) {
                    matched++;
                    deliveries.add(new Delivery(Ids.timeOrdered(), e.organizationId(), e.workspaceId(), e.id(),
                            route.ruleId(), route.connectionId(), route.connectionType(),
                            e.event(), e.resource(), e.resourceId(), DeliveryStatus.PENDING, 0,
                            schedule.maxAttempts(), schedule.firstAttemptAt(e.createdAt()), null, null, null,
                            e.createdBy(), e.createdAt()));
                }
            }
            events.add(new Event(e.id(), e.organizationId(), e.workspaceId(), e.event(), e.resource(),
                    e.resourceId(), e.payloadJson(), e.createdBy(), e.createdAt(),
                    matched == 0 ? DeliveryStatus.COMPLETED : DeliveryStatus.PENDING, matched, 0, 0, null,
                    matched == 0 ? e.createdAt() : null));
        }
        // Due now unless the schedule delays first attempts; leased ones come first in the list.
        deliveries.sort(java.util.Comparator.comparing((Delivery d) -> d.nextAttemptAt().isAfter(now)));
        int due = (int) deliveries.stream().filter(d -> !d.nextAttemptAt().isAfter(now)).count();
        int leased = due == 0 ? 0 : local.reserve(due);
        for (int i = 0; i < leased; i++) {
            Delivery d = deliveries.get(i);
            deliveries.set(i, new Delivery(d.id(), d.organizationId(), d.workspaceId(), d.eventId(), d.ruleId(),
                    d.connectionId(), d.integrationType(), d.event(), d.resource(), d.resourceId(),
                    DeliveryStatus.PROCESSING, 0, d.maxAttempts(), d.nextAttemptAt(), null, now, null,
                    d.createdBy(), d.createdAt()));
        }
        return new Written(events, deliveries, leased);
    }

    @Override
    public void close() {
        writer.close();
    }
}
