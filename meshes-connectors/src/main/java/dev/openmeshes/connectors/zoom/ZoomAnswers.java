package dev.openmeshes.connectors.zoom;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * What Zoom's answers mean. Its errors are {@code {"code": n, "message": "…"}}, validation
 * failures (code 300) add {@code errors: [{field, message}]}. A token without a scope the call
 * needs (code 4711, "Invalid access token, does not contain scopes:[…]", sent as a 400 or 401)
 * cannot be fixed by a refresh: the user must authorize the app again. Everything else follows
 * the shared rules: 401 (code 124, invalid or expired token) is a token to refresh, 429 and 5xx
 * are retried honouring {@code Retry-After}, other 4xx are final.
 */
final class ZoomAnswers {

    static final int MISSING_SCOPES = 4711;
    /** Listing webinars for a user without the webinar add-on: HTTP 400, code 200. */
    static final int NO_PERMISSION_OR_PLAN = 200;

    private static final int MAX_MESSAGE = 300;

    /** Zoom's error body, or an empty one when the body is not one. */
    record ZoomError(Integer code, String message, List<String> fieldErrors) {

        static ZoomError of(String body) {
            JsonNode json = VendorJson.read(body);
            JsonNode code = json.path("code");
            List<String> fields = new ArrayList<>();
            for (JsonNode error : json.path("errors")) {
                String field = text(error.path("field"));
                String message = text(error.path("message"));
                if (field != null || message != null) {
                    fields.add((field == null ? "?" : field) + ": " + (message == null ? "invalid" : message));
                }
            }
            return new ZoomError(code.isIntegralNumber() ? code.asInt() : null, text(json.path("message")), fields);
        }

        boolean missingScopes() {
            return (code != null && code == MISSING_SCOPES)
                    || (message != null && message.contains("does not contain scopes"));
        }

        boolean webinarPlanMissing() {
            return code != null && code == NO_PERMISSION_OR_PLAN && message != null
                    && message.toLowerCase(Locale.ROOT).contains("webinar plan is missing");
        }
    }

    private ZoomAnswers() {}

    /**
     * The result of one Zoom call.
     *
     * @param what what the call did, in words a user understands, e.g. "adding the meeting registrant"
     */
    static DeliveryResult classify(HttpExchange exchange, String what) {
        if (!exchange.answered()) {
            return exchange.unanswered("Zoom: " + what + " failed: ");
        }
        if (exchange.ok()) {
            return exchange.delivered("Zoom: " + what + " succeeded");
        }
        ZoomError error = ZoomError.of(exchange.body());
        String message = "Zoom: " + what + " failed: " + describe(exchange.status(), error);
        if (error.missingScopes()) {
            return exchange.result(Outcome.AUTH_FAILED, false, message + "; authorize the Zoom app again")
                    .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
        }
        DeliveryResult shared = VendorResults.classify(exchange, ZoomSpec.SPEC.authentication(), "Zoom");
        return shared.withMessage(message);
    }

    private static String describe(int status, ZoomError error) {
        StringBuilder text = new StringBuilder();
        if (error.message() != null) {
            text.append(cap(error.message())).append(' ');
        }
        if (!error.fieldErrors().isEmpty()) {
            text.append('(').append(cap(String.join("; ", error.fieldErrors()))).append(") ");
        }
        text.append("(HTTP ").append(status);
        if (error.code() != null) {
            text.append(", Zoom code ").append(error.code());
        }
        return text.append(')').toString();
    }

    private static String cap(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }

    /** A scalar's text, or null for a missing, null or structured node. */
    static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asString();
    }
}
