package dev.openmeshes.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.openmeshes.core.model.Attempt;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.store.Deliveries;
import dev.openmeshes.core.model.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Event JSON shapes, as the Meshes reference names them. */
final class EventViews {

    private EventViews() {}

    /** CreatedEvent, inside {@code {"event": …}} on 201 and in bulk records. */
    record Created(UUID id, String type, String event, UUID workspace, String resource, String resourceId,
                   String createdBy, Instant createdAt) {
        static Created of(Event e) {
            return new Created(e.id(), "event", e.event(), e.workspaceId(), e.resource(), e.resourceId(),
                    e.createdBy(), e.createdAt());
        }
    }

    record CreatedWrapper(Created event) {}

    /** Event: lists and GET one ({@code rule_events} only there), plus the payload on /payload. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record EventView(UUID id, String type, UUID workspace, String event, String resource, String resourceId,
                     String status, int totalRules, int completedCount, int failedCount, Instant startedAt,
                     Instant completedAt, String createdBy, Instant createdAt, List<RuleEvent> ruleEvents,
                     @JsonRawValue String payload) {
        static EventView of(Event e, List<RuleEvent> ruleEvents, String payload) {
            return new EventView(e.id(), "event", e.workspaceId(), e.event(), e.resource(), e.resourceId(),
                    e.status().code(), e.totalRules(), e.completedCount(), e.failedCount(), e.startedAt(),
                    e.completedAt(), e.createdBy(), e.createdAt(), ruleEvents, payload);
        }
    }

    /**
     * RuleEvent: one delivery; {@code next_attempt_at} says when a pending one is due, and
     * {@code held} that it waits for its connection to be fixed (then no time is due).
     */
    record RuleEvent(UUID id, String type, UUID workspace, String event, UUID eventId, String resource,
                     String resourceId, UUID connection, UUID rule, String integrationType, String status,
                     int attemptCount, Instant startedAt, Instant completedAt, Instant nextAttemptAt, boolean held,
                     String lastError, String createdBy, Instant createdAt) {
        static RuleEvent of(Delivery d) {
            boolean held = Deliveries.HELD.equals(d.nextAttemptAt());
            return new RuleEvent(d.id(), "rule", d.workspaceId(), d.event(), d.eventId(), d.resource(), d.resourceId(),
                    d.connectionId(), d.ruleId(), d.integrationType(), d.status().code(), d.attemptCount(),
                    d.startedAt(), d.completedAt(), held ? null : d.nextAttemptAt(), held, d.lastError(), d.createdBy(),
                    d.createdAt());
        }
    }

    /** One attempt of a delivery, with its outcome code as the Meshes docs name them. */
    record AttemptView(UUID id, int number, String outcomeCode, Integer statusCode, long durationMs, String message,
                       String responseBody, Map<String, String> requestHeaders, Instant startedAt) {
        /** @param withBody false for a caller that may not read payloads: a destination's answer may echo one */
        static AttemptView of(Attempt a, boolean withBody) {
            return new AttemptView(a.id(), a.number(), a.outcome(), a.statusCode(), a.durationMillis(), a.message(),
                    withBody ? a.responseBody() : null, a.requestHeaders(), a.startedAt());
        }
    }

    /**
     * What the destination answered to one attempt, as stored: its status code (null when no answer
     * came), the start of its body (truncated to the connector's cap), how long it took and the outcome.
     */
    record ResponseDetails(UUID attemptId, String outcomeCode, Integer statusCode, String responseBody, long durationMs,
                           String message) {
        static ResponseDetails of(Attempt a) {
            return new ResponseDetails(a.id(), a.outcome(), a.statusCode(), a.responseBody(), a.durationMillis(),
                    a.message());
        }
    }

    /**
     * {@code GET /activity}: per minute with any activity, oldest first, and the window's totals.
     * Minutes without activity are left out; {@code from} and {@code to} bound the window.
     */
    record ActivityView(Instant from, Instant to, Totals totals, List<MinuteView> minutes) {
        record Totals(long accepted, long delivered, long failed) {}

        record MinuteView(Instant minute, long accepted, long delivered, long failed) {}

        static ActivityView of(Instant from, Instant to, List<dev.openmeshes.core.store.Activity.Minute> minutes) {
            long accepted = 0, delivered = 0, failed = 0;
            List<MinuteView> views = new java.util.ArrayList<>(minutes.size());
            for (var m : minutes) {
                accepted += m.accepted();
                delivered += m.delivered();
                failed += m.failed();
                views.add(new MinuteView(m.start(), m.accepted(), m.delivered(), m.failed()));
            }
            return new ActivityView(from, to, new Totals(accepted, delivered, failed), views);
        }
    }

    /** A bulk record that was refused. */
    record Rejected(int index, String message, String error, List<dev.openmeshes.core.Problem.FieldError> details) {}

    record BulkResult(int count, int errorCount, List<Object> records) {}
}
