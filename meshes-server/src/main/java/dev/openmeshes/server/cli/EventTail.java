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
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Follows the history by reading its newest page again and again: an event not seen before is
 * printed, and so is each change of a seen one's delivery progress. Like {@code tail -f} it starts
 * with the newest few, so an event sent just before the tail started is followed too.
 */
final class EventTail {

    /** The newest page read on each poll; an event that falls off it is no longer followed. */
    static final int PAGE = 50;
    static final int SHOWN_AT_START = 10;

    private final Supplier<JsonNode> newestPage;
    private final PrintWriter out;
    private final boolean json;
    /** What was last printed of each event of the newest page. */
    private Map<String, String> progress = new HashMap<>();
    private final Set<String> delivered = new HashSet<>();

    EventTail(Supplier<JsonNode> newestPage, PrintWriter out, boolean json) {
        this.newestPage = newestPage;
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
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            JsonNode event = oldestFirst.get(i);
            String id = event.path("id").asString();
            String now = describe(event);
            String before = progress.get(id);
            boolean shown = !first || i >= oldestFirst.size() - SHOWN_AT_START;
            if (shown && !now.equals(before)) {
                print(event, before, now);
                if ("completed".equals(event.path("status").asString())) {
                    delivered.add(id);
                }
            }
            seen.put(id, now);
        }
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
