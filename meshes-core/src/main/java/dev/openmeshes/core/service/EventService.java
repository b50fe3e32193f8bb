package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.delivery.DeliveryMetrics;
import dev.openmeshes.core.model.Attempt;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Activity;
import dev.openmeshes.core.store.Events;
import dev.openmeshes.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/** Event history: lists, an event with its deliveries, their attempts, manual retries and cancellation. */
public final class EventService {

    /** A scheduled attempt closer than this is "imminent": a manual retry would only race it. */
    static final Duration IMMINENT = Duration.ofSeconds(1);

    private final Store store;
    private final InstantSource clock;
    private final Runnable wakeWorkers;
    private final DeliveryMetrics metrics;

    public EventService(Store store, InstantSource clock, Runnable wakeWorkers, DeliveryMetrics metrics) {
        this.store = store;
        this.clock = clock;
        this.wakeWorkers = wakeWorkers;
        this.metrics = metrics;
    }

    public Page<Event> list(Principal caller, Events.Filter filter, PageRequest page) {
        if (filter.workspaceId() != null) {
            WorkspaceService.visible(store, caller, filter.workspaceId());
        }
        var resources = caller.resourceFilter(filter.resource(), filter.resourceId());
        if (resources.isEmpty()) {
            return new Page<>(List.of(), page.limit(), null);
        }
        var scoped = new Events.Filter(filter.workspaceId(), caller.workspaces(), filter.event(),
                resources.get().resource(), resources.get().resourceId(), filter.status());
        return store.events().list(caller.organizationId(), scoped, page);
    }

    /** The longest window the activity answer covers: a week of minutes. */
    public static final Duration MAX_ACTIVITY_WINDOW = Duration.ofDays(7);

    /**
     * Events accepted and deliveries delivered and failed per minute, over the last {@code window},
     * in one workspace or all the caller may see. Counts span every resource, so a resource-locked
     * embed session (which may see only its own pair's events) gets none.
     */
    public ActivityCounts activity(Principal caller, UUID workspaceId, Duration window) {
        if (caller.embed() != null && caller.embed().isLockedToResource()) {
            throw Problem.forbidden("resource_locked", "A resource session only reaches its own resource");
        }
        List<UUID> workspaces;
        if (workspaceId != null) {
            WorkspaceService.visible(store, caller, workspaceId);
            workspaces = List.of(workspaceId);
        } else {
            workspaces = store.workspaces().ids(caller.organizationId()).stream()
                    .filter(caller::mayAccessWorkspace).toList();
        }
        Instant now = clock.instant();
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant from = to.minus(window);
        return new ActivityCounts(from, to, store.activity().perMinute(caller.organizationId(), workspaces, from, to));
    }

    /** The minutes of {@code [from, to)} with any activity; {@code to} is the end of the current minute. */
    public record ActivityCounts(Instant from, Instant to, List<Activity.Minute> minutes) {}

    public Event get(Principal caller, UUID id) {
        return store.events().find(caller.organizationId(), id)
                .filter(e -> caller.mayAccessWorkspace(e.workspaceId()) && caller.mayAccessResource(e.resource(), e.resourceId()))
                .orElseThrow(() -> Problem.notFound("Event"));
    }

    public List<Delivery> deliveries(Principal caller, Event event) {
        return store.deliveries().forEvent(caller.organizationId(), event.id());
    }

    public Delivery delivery(Principal caller, UUID eventId, UUID ruleId) {
        Event event = get(caller, eventId);
        return store.deliveries().find(caller.organizationId(), event.id(), ruleId)
                .orElseThrow(() -> Problem.notFound("Rule event"));
    }

    public List<Attempt> attempts(Principal caller, UUID eventId, UUID ruleId) {
        Delivery delivery = delivery(caller, eventId, ruleId);
        return store.deliveries().attempts(caller.organizationId(), delivery.eventId(), delivery.ruleId());
    }

    /** One attempt of the delivery of the event through the rule. */
    public Attempt attempt(Principal caller, UUID eventId, UUID ruleId, UUID attemptId) {
        return attempts(caller, eventId, ruleId).stream().filter(a -> a.id().equals(attemptId)).findFirst()
                .orElseThrow(() -> Problem.notFound("Attempt"));
    }

    /**
     * Makes one more attempt now: for a failed or canceled delivery, or one waiting for a later
     * retry. A delivery being attempted (also one canceled while its attempt is in flight), or due
     * within a second, answers 425; a delivered one 409.
     */
    public Delivery retry(Principal caller, UUID eventId, UUID ruleId) {
        Delivery delivery = delivery(caller, eventId, ruleId);
        if (delivery.status() == DeliveryStatus.COMPLETED) {
            throw Problem.conflict("already_delivered", "This rule event was already delivered");
        }
        boolean imminent = delivery.status() == DeliveryStatus.PENDING
                && !delivery.nextAttemptAt().isAfter(clock.instant().plus(IMMINENT));
        if (delivery.status() == DeliveryStatus.PROCESSING || imminent) {
            throw new Problem(Problem.Kind.TOO_EARLY, "retry_in_progress",
                    "An attempt is in flight or about to start; check again shortly");
        }
        Delivery retried = store.deliveries().retryNow(delivery, clock.instant()).orElseThrow(() -> new Problem(
                Problem.Kind.TOO_EARLY, "retry_in_progress", "An attempt is in flight; check again shortly"));
        wakeWorkers.run();
        return retried;
    }

    /** Stops further delivery of the event through the rule; a finished delivery answers 409. */
    public Delivery cancel(Principal caller, UUID eventId, UUID ruleId) {
        Delivery delivery = delivery(caller, eventId, ruleId);
        return canceled(store.deliveries().cancel(caller.organizationId(), delivery.eventId(), delivery.ruleId(),
                clock.instant())).stream().findFirst()
                .orElseThrow(() -> finished("This rule event has already finished"));
    }

    /** Stops further delivery of the event through every rule; 409 when all its deliveries have finished. */
    public Event cancel(Principal caller, UUID eventId) {
        Event event = get(caller, eventId);
        if (canceled(store.deliveries().cancel(caller.organizationId(), event.id(), null, clock.instant())).isEmpty()) {
            throw finished("Every rule event of this event has already finished");
        }
        return get(caller, eventId);
    }

    private List<Delivery> canceled(List<Delivery> canceled) {
        canceled.forEach(d -> metrics.finished(d.integrationType(), DeliveryStatus.CANCELED));
        return canceled;
    }

    private static Problem finished(String message) {
        return Problem.conflict("delivery_finished", message);
    }
}
