package dev.openmeshes.sdk;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/events/{id}/rules/{rule_id}/attempts}: every attempt of one delivery. */
public final class Attempts extends Resource {

    Attempts(Transport transport) {
        super(transport);
    }

    /** Every attempt, oldest first (this list is never paged). */
    public List<Attempt> list(String eventId, String ruleId) {
        JsonNode envelope = transport.json(Transport.Request.get(path(eventId, ruleId), Map.of()));
        List<Attempt> attempts = new java.util.ArrayList<>();
        for (JsonNode record : envelope.path("records")) {
            attempts.add(Json.convert(record, Attempt.class));
        }
        return attempts;
    }

    public Attempt get(String eventId, String ruleId, String attemptId) {
        return get(path(eventId, ruleId) + "/" + segment(attemptId), Attempt.class);
    }

    public ResponseDetails responseDetails(String eventId, String ruleId, String attemptId) {
        return get(path(eventId, ruleId) + "/" + segment(attemptId) + "/response-details", ResponseDetails.class);
    }

    private static String path(String eventId, String ruleId) {
        return Events.rulePath(eventId, ruleId) + "/attempts";
    }
}
