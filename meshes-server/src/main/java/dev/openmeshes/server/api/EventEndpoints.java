package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.delivery.IngestService;
import dev.openmeshes.core.delivery.IngestService.NewEvent;
import dev.openmeshes.core.model.Attempt;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.service.EventService;
import dev.openmeshes.core.store.Events;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.IngestQuotas;
import dev.openmeshes.server.http.IngestRateLimits;
import dev.openmeshes.server.http.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Ingestion ({@code POST /events}, {@code /events/bulk}) and the event history. */
final class EventEndpoints {

    private final IngestService ingest;
    private final EventService events;
    private final IngestRateLimits limits;
    private final IngestQuotas quotas;
    private final long maxPayloadBytes;

    EventEndpoints(IngestService ingest, EventService events, IngestRateLimits limits, IngestQuotas quotas,
                   long maxPayloadBytes) {
        this.ingest = ingest;
        this.events = events;
        this.limits = limits;
        this.quotas = quotas;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    void register(RouteTable routes, Api api) {
        var scope = Scopes.Resource.EVENTS;
        routes.post("/api/v1/events", api.ingestion(maxPayloadBytes + 4096, this::create))
              .options("/api/v1/events", api.preflight())
              .post("/api/v1/events/bulk", api.ingestion(IngestService.MAX_BULK * (maxPayloadBytes + 4096), this::bulk))
              .options("/api/v1/events/bulk", api.preflight())
              .get("/api/v1/events", api.scoped(scope, call -> list(call, null)))
              .get("/api/v1/workspaces/{workspace_id}/events",
                      api.scoped(scope, call -> list(call, call.pathId("workspace_id"))))
              .get("/api/v1/activity", api.scoped(scope, call -> activity(call, null)))
              .get("/api/v1/workspaces/{workspace_id}/activity",
                      api.scoped(scope, call -> activity(call, call.pathId("workspace_id"))))
              .get("/api/v1/events/{event_id}", api.scoped(scope, this::get))
              .get("/api/v1/events/{event_id}/payload", api.scoped(scope, this::payload))
              .post("/api/v1/events/{event_id}/rules/{rule_id}/retry", api.scoped(scope, this::retry))
              .get("/api/v1/events/{event_id}/rules/{rule_id}/attempts", api.scoped(scope, this::attempts))
              .get("/api/v1/events/{event_id}/rules/{rule_id}/attempts/{attempt_id}", api.scoped(scope, this::attempt))
              .get("/api/v1/events/{event_id}/rules/{rule_id}/attempts/{attempt_id}/response-details",
                      api.scoped(scope, this::responseDetails))
              .post("/api/v1/events/{event_id}/rules/{rule_id}/cancel", api.scoped(scope, this::cancelRule))
              .post("/api/v1/events/{event_id}/cancel", api.scoped(scope, this::cancelEvent));
    }

    private Reply create(Call call) {
        NewEvent request = read(call.principal(), SentEvents.single(call.bytes()), "");
        IngestRateLimits.Decision decision = limits.take(call.principal(), 1);
        if (!decision.allowed()) {
            return rateLimited(decision);
        }
        Optional<IngestQuotas.Refusal> overQuota = quotas.take(call.principal().organizationId(), 1);
        if (overQuota.isPresent()) {
            return quotaExceeded(overQuota.get(), "Accepting this event would pass the organization's monthly quota of "
                    + overQuota.get().quota() + " events");
        }
        Event accepted = counted(call.principal(), 1, () -> await(ingest.accept(call.principal(), request)));
        return Reply.created(new EventViews.CreatedWrapper(EventViews.Created.of(accepted))).withHeaders(decision.headers());
    }

    private static Reply rateLimited(IngestRateLimits.Decision decision) {
        return new Reply(429, Map.of("message", "Too many events; retry after the time in Retry-After",
                "error", "rate_limited"), decision.headers());
    }

    /** 429 {@code quota_exceeded}, with {@code reset_at} and {@code Retry-After} to the start of next month (UTC). */
    private static Reply quotaExceeded(IngestQuotas.Refusal refusal, String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("message", message + "; retry after reset_at");
        body.put("error", "quota_exceeded");
        body.put("reset_at", refusal.resetAt().toString());
        return new Reply(429, body, Map.of("Retry-After", String.valueOf(refusal.retryAfterSeconds())));
    }

    /** Runs an ingest whose events the quota counted, uncounting them when it fails. */
    private <T> T counted(Principal caller, int events, Supplier<T> ingestion) {
        try {
            return ingestion.get();
        } catch (RuntimeException failed) {
            quotas.giveBack(caller.organizationId(), events);
            throw failed;
        }
    }

    /**
     * Up to 100 events; the valid ones are committed even when siblings are refused (then 207). A
     * batch whose valid events would pass the monthly quota is refused whole.
     */
    private Reply bulk(Call call) {
        List<SentEvents.Sent> items = SentEvents.bulk(call.bytes(), IngestService.MAX_BULK);
        IngestRateLimits.Decision decision = limits.take(call.principal(), items.size());
        if (!decision.allowed()) {
            return rateLimited(decision);
        }
        List<Object> records = new ArrayList<>();
        List<NewEvent> valid = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<EventViews.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                if (items.get(i) == null) {
                    throw Problem.invalid("[" + i + "]", "must be an event object");
                }
                NewEvent request = read(call.principal(), items.get(i), "");
                valid.add(request);
                slots.add(records.size());
                records.add(null);
            } catch (Problem refused) {
                var rejection = new EventViews.Rejected(i, refused.getMessage(), refused.code(), refused.details());
                rejected.add(rejection);
                records.add(rejection);
            }
        }
        if (valid.isEmpty()) {
            throw new Problem(Problem.Kind.BAD_REQUEST, "validation_failed", "No event in the batch was valid",
                    rejected.stream().flatMap(r -> r.details().stream()
                            .map(d -> new FieldError("[" + r.index() + "]." + d.field(), d.message())))
                            .toList());
        }
        Optional<IngestQuotas.Refusal> overQuota = quotas.take(call.principal().organizationId(), valid.size());
        if (overQuota.isPresent()) {
            return quotaExceeded(overQuota.get(), "Accepting these " + valid.size()
                    + " events would pass the organization's monthly quota of " + overQuota.get().quota()
                    + " events, so none of the batch was accepted");
        }
        List<Event> accepted = counted(call.principal(), valid.size(), () -> await(ingest.acceptAll(call.principal(), valid)));
        for (int k = 0; k < accepted.size(); k++) {
            records.set(slots.get(k), EventViews.Created.of(accepted.get(k)));
        }
        var result = new EventViews.BulkResult(records.size(), rejected.size(), records);
        return new Reply(rejected.isEmpty() ? 201 : 207, result, decision.headers());
    }

    private NewEvent read(Principal caller, SentEvents.Sent sent, String prefix) {
        if (!sent.typeErrors().isEmpty()) {
            throw Problem.invalid(sent.typeErrors());
        }
        var request = new NewEvent(sent.workspace(), sent.event(), sent.payloadJson(), sent.resource(),
                sent.resourceId());
        List<FieldError> errors = new ArrayList<>(IngestService.check(request, prefix));
        if (sent.type() != null && !sent.type().equals("event")) {
            errors.add(new FieldError(prefix + "type", "must be \"event\""));
        }
        if (sent.payloadBytes() > maxPayloadBytes) {
            throw new Problem(Problem.Kind.PAYLOAD_TOO_LARGE, "payload_too_large",
                    "The event payload exceeds " + maxPayloadBytes + " bytes");
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        if (!caller.mayAccessResource(request.resource(), request.resourceId())) {
            throw Problem.forbidden("resource_not_allowed",
                    "This session may only send events with its own resource and resource_id");
        }
        UUID workspace = ingest.workspaceFor(caller, request.workspaceId());
        return new NewEvent(workspace, request.event(), sent.payloadJson(), request.resource(), request.resourceId());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Reply list(Call call, UUID workspaceId) {
        DeliveryStatus status = call.query("status").map(s -> {
            try {
                return DeliveryStatus.of(s);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("status", "must be one of pending, processing, completed, failed, canceled");
            }
        }).orElse(null);
        var filter = new Events.Filter(workspaceId, null, call.query("event").orElse(null),
                call.query("resource").orElse(null), call.query("resource_id").orElse(null), status);
        var page = events.list(call.principal(), filter, call.page());
        return Reply.ok(Envelope.of(page.map(e -> EventViews.EventView.of(e, null, null))));
    }

    /** {@code ?minutes=} (1 to a week's worth, default three hours) up to the current minute. */
    private Reply activity(Call call, UUID workspaceId) {
        long most = EventService.MAX_ACTIVITY_WINDOW.toMinutes();
        long minutes = call.query("minutes").map(text -> {
            try {
                long value = Long.parseLong(text);
                if (value >= 1 && value <= most) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw Problem.invalid("minutes", "must be an integer between 1 and " + most);
        }).orElse(180L);
        var counted = events.activity(call.principal(), workspaceId, java.time.Duration.ofMinutes(minutes));
        return Reply.ok(EventViews.ActivityView.of(counted.from(), counted.to(), counted.minutes()));
    }

    private Reply get(Call call) {
        Event event = events.get(call.principal(), call.pathId("event_id"));
        var ruleEvents = events.deliveries(call.principal(), event).stream().map(EventViews.RuleEvent::of).toList();
        return Reply.ok(EventViews.EventView.of(event, ruleEvents, null));
    }

    private Reply payload(Call call) {
        Event event = events.get(call.principal(), call.pathId("event_id"));
        return Reply.ok(EventViews.EventView.of(event, null, event.payloadJson()));
    }

    private Reply retry(Call call) {
        var retried = events.retry(call.principal(), call.pathId("event_id"), call.pathId("rule_id"));
        return Reply.ok(EventViews.RuleEvent.of(retried));
    }

    private Reply cancelRule(Call call) {
        var canceled = events.cancel(call.principal(), call.pathId("event_id"), call.pathId("rule_id"));
        return Reply.ok(EventViews.RuleEvent.of(canceled));
    }

    private Reply cancelEvent(Call call) {
        Event event = events.cancel(call.principal(), call.pathId("event_id"));
        var ruleEvents = events.deliveries(call.principal(), event).stream().map(EventViews.RuleEvent::of).toList();
        return Reply.ok(EventViews.EventView.of(event, ruleEvents, null));
    }

    private Reply attempt(Call call) {
        return Reply.ok(EventViews.AttemptView.of(found(call), call.principal().mayReadPayloads()));
    }

    private Reply responseDetails(Call call) {
        return Reply.ok(EventViews.ResponseDetails.of(found(call)));
    }

    private Attempt found(Call call) {
        return events.attempt(call.principal(), call.pathId("event_id"), call.pathId("rule_id"), call.pathId("attempt_id"));
    }

    private Reply attempts(Call call) {
        var attempts = events.attempts(call.principal(), call.pathId("event_id"), call.pathId("rule_id"));
        boolean bodies = call.principal().mayReadPayloads();
        return Reply.ok(Envelope.all(attempts.stream().map(a -> EventViews.AttemptView.of(a, bodies)).toList()));
    }
}
