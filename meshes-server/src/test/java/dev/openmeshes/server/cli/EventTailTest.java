package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.http.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What {@code events tail} prints from the answers it reads: the event's changes, and its rules' deliveries under it. */
class EventTailTest {

    static final String EVENT = "01a23300-dbee-7a3e-b35d-005633c3b97c";
    static final String RULE = "74195624-1b9b-489c-9be2-318c100b0408";

    @Test
    void aRetriedDeliveryShowsEachAttemptUnderItsEventThoughTheEventsCountsDidNotMove() {
        // the list answers the same pending event three times while its one delivery is retried, then completed
        Answers pages = new Answers(page("pending", 0), page("pending", 0), page("pending", 0), page("completed", 1));
        Answers details = new Answers(
                detail("pending", 1, "\"2026-12-01T19:00:01Z\"", "\"HTTP 500\""),
                detail("pending", 2, "\"2026-12-01T19:00:05Z\"", "\"HTTP 503\""),
                detail("pending", 2, "\"2026-12-01T19:00:05Z\"", "\"HTTP 503\""),
                detail("completed", 3, "null", "null"));
        var out = new StringWriter();

        int exit = new EventTail(pages::next, id -> details.next(), new PrintWriter(out), false)
                .follow(Duration.ofMillis(1), 1, Duration.ofSeconds(10));

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(out.toString().lines().toList()).as("the tail's lines").containsExactly(
                "2026-12-01T19:00:00Z  " + EVENT + "  order.paid  pending (0/1 delivered)",
                "    rule " + RULE + "  webhook  pending, attempt 1, next 2026-12-01T19:00:01Z: HTTP 500",
                "    rule " + RULE + "  webhook  pending, attempt 2, next 2026-12-01T19:00:05Z: HTTP 503",
                "2026-12-01T19:00:00Z  " + EVENT + "  order.paid  pending (0/1 delivered) -> completed (1/1 delivered)",
                "    rule " + RULE + "  webhook  completed, attempt 3");
    }

    private static JsonNode page(String status, int completed) {
        return Json.MAPPER.readTree("{\"records\":[{\"id\":\"" + EVENT + "\",\"event\":\"order.paid\",\"created_at\":"
                + "\"2026-12-01T19:00:00Z\",\"status\":\"" + status + "\",\"total_rules\":1,\"completed_count\":"
                + completed + ",\"failed_count\":0}],\"next_cursor\":null}");
    }

    private static JsonNode detail(String status, int attempts, String nextAttempt, String lastError) {
        return Json.MAPPER.readTree("{\"id\":\"" + EVENT + "\",\"rule_events\":[{\"rule\":\"" + RULE + "\","
                + "\"integration_type\":\"webhook\",\"status\":\"" + status + "\",\"attempt_count\":" + attempts
                + ",\"held\":false,\"next_attempt_at\":" + nextAttempt + ",\"last_error\":" + lastError + "}]}");
    }

    /** The scripted answers in turn, the last one again once they run out. */
    static final class Answers {
        private final Deque<JsonNode> left;
        private JsonNode last;

        Answers(JsonNode... answers) {
            left = new ArrayDeque<>(List.of(answers));
        }

        JsonNode next() {
            if (!left.isEmpty()) {
                last = left.poll();
            }
            return last;
        }
    }
}
