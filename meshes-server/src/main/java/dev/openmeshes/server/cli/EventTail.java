package dev.openmeshes.server.cli;

import dev.openmeshes.server.http.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Follows the history by reading its newest page again and again: an event not seen before is
 * printed, and so is each change of a seen one's delivery progress, with, under it, each of its
 * rules' deliveries that changed: read from the event when its counts moved, and for the newest
 * few unfinished ones on every poll, so retries show as they happen. Like
 * {@code tail -f} it starts with the newest few, so an event sent just before the tail started is
 * followed too.
 */
final class EventTail {

    /** The newest page read on each poll; an event that falls off it is no longer followed. */
    static final int PAGE = 50;
    static final int SHOWN_AT_START = 10;
    /** How many unfinished events whose counts did not move are read again per poll, newest first. */
    static final int WATCHED_UNFINISHED = 10;

    private final Supplier<JsonNode> newestPage;
    /** GET /events/{id}: the event with its rule_events. */
    private final Function<String, JsonNode> event;
    private final PrintWriter out;
    private final boolean json;
    /** What was last printed of each event of the newest page. */
    private Map<String, String> progress = new HashMap<>();
    private final Set<String> delivered = new HashSet<>();
    /** What was last printed of each delivery: by event id, then rule id. */
    private final Map<String, Map<String, String>> deliveries = new HashMap<>();

    EventTail(Supplier<JsonNode> newestPage, Function<String, JsonNode> event, PrintWriter out, boolean json) {
        this.newestPage = newestPage;
        this.event = event;
        this.out = out;
        this.json = json;
    }

    /** Polls every {@code interval} until {@code untilDelivered} events are completed or {@code limit} passed (each may be null). */
    int follow(Duration interval, Integer untilDelivered, Duration limit) {
        Instant deadline = limit == null ? null : Instant.now().plus(limit);
        boolean first = true;
        while (true) {
            poll(first);
            first = false;
            if (untilDelivered != null && delivered.size() >= untilDelivered) {
                return Exit.OK;
            }
            if (deadline != null && !Instant.now().isBefore(deadline)) {
                if (untilDelivered == null) {
                    return Exit.OK;
                }
                throw new CliFailure(Exit.REFUSED, delivered.size() + " of the " + untilDelivered
                        + " delivered events waited for were seen within " + limit.toSeconds() + "s");
            }
            if (!sleep(deadline == null ? interval : min(interval, Duration.between(Instant.now(), deadline)))) {
                return Exit.OK; // stopped from outside, as Ctrl-C stops it
            }
        }
    }

    private void poll(boolean first) {
        List<JsonNode> oldestFirst = new ArrayList<>();
        newestPage.get().path("records").forEach(record -> oldestFirst.addFirst(record));
        int shownFrom = first ? Math.max(0, oldestFirst.size() - SHOWN_AT_START) : 0;
        Set<String> watched = new HashSet<>(); // the newest unfinished ones, read again for their retries
        for (int i = oldestFirst.size() - 1; i >= shownFrom && watched.size() < WATCHED_UNFINISHED; i--) {
            if (unfinished(oldestFirst.get(i))) {
                watched.add(oldestFirst.get(i).path("id").asString());
            }
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            JsonNode event = oldestFirst.get(i);
            String id = event.path("id").asString();
            String now = describe(event);
            String before = progress.get(id);
            if (i >= shownFrom && !now.equals(before)) {
                print(event, before, now);
                if ("completed".equals(event.path("status").asString())) {
                    delivered.add(id);
                }
            } else if (!json && watched.contains(id)) {
                printDeliveries(id);
            }
            seen.put(id, now);
        }
        deliveries.keySet().retainAll(seen.keySet());
        progress = seen;
        out.flush();
    }

    private void print(JsonNode event, String before, String now) {
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(event));
            return;
        }
        out.println(event.path("created_at").asString() + "  " + event.path("id").asString() + "  "
                + event.path("event").asString() + "  " + (before == null ? now : before + " -> " + now));
        if (event.path("total_rules").asInt() > 0) {
            printDeliveries(event.path("id").asString());
        }
    }

    /** Under the event, each rule's delivery whose state changed since it was last printed. */
    private void printDeliveries(String id) {
        Map<String, String> printed = deliveries.computeIfAbsent(id, e -> new HashMap<>());
        for (JsonNode delivery : event.apply(id).path("rule_events")) {
            String now = delivery.path("integration_type").asString() + "  " + delivery.path("status").asString()
                    + ", attempt " + delivery.path("attempt_count").asInt()
                    + (delivery.path("held").asBoolean() ? ", held" : "")
                    + (delivery.path("next_attempt_at").isString() ? ", next " + delivery.path("next_attempt_at").asString() : "")
                    + (delivery.path("last_error").isString() ? ": " + delivery.path("last_error").asString() : "");
            if (!now.equals(printed.put(delivery.path("rule").asString(), now))) {
                out.println("    rule " + delivery.path("rule").asString() + "  " + now);
            }
        }
    }

    private static boolean unfinished(JsonNode event) {
        return event.path("total_rules").asInt() > 0
                && !List.of("completed", "failed", "canceled").contains(event.path("status").asString());
    }

    /** The status and the delivery counts: what a change is noticed on. */
    private static String describe(JsonNode event) {
        String counts = event.path("completed_count").asInt() + "/" + event.path("total_rules").asInt() + " delivered";
        int failed = event.path("failed_count").asInt();
        return event.path("status").asString() + " (" + counts + (failed > 0 ? ", " + failed + " failed" : "") + ")";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(Math.max(0, pause.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
