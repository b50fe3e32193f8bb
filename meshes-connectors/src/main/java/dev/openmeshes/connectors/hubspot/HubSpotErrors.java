package dev.openmeshes.connectors.hubspot;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.time.Duration;
import java.util.LinkedHashSet;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot's answers as results (developers.hubspot.com/docs/api-reference/error-handling). Error
 * bodies are {@code {status:"error", message, correlationId, category, subCategory?, errors?}};
 * a 429 carries {@code errorType:"RATE_LIMIT"} and {@code policyName} instead of a category. Its own
 * codes come first: 403 {@code MISSING_SCOPES} needs a new authorization, 423 means a record is
 * locked for about 2 seconds, 477 that the account is being migrated (with {@code Retry-After});
 * everything else follows {@link VendorResults#classify}.
 */
final class HubSpotErrors {

    /** How long HubSpot's 423 lock lasts. */
    static final Duration LOCK = Duration.ofSeconds(2);
    private static final int MAX_VENDOR_MESSAGE = 300;

    private HubSpotErrors() {}

    /** The result of a call that did not succeed; {@code what} names it for the user ("HubSpot add to list 7"). */
    static DeliveryResult failed(HttpExchange exchange, String what) {
        if (!exchange.answered()) {
            return exchange.unanswered(what + ": ");
        }
        JsonNode body = VendorJson.read(exchange.body());
        String message = what + " failed: HTTP " + exchange.status() + describe(body);
        int status = exchange.status();
        if (status == 403 && "MISSING_SCOPES".equals(body.path("category").asString(""))) {
            return exchange.result(Outcome.AUTH_FAILED, false, message + "; connect HubSpot again to grant them")
                    .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
        }
        if (status == 423) {
            Duration wait = exchange.retryAfter() == null || exchange.retryAfter().compareTo(LOCK) < 0
                    ? LOCK : exchange.retryAfter();
            return exchange.result(Outcome.RATE_LIMITED, true, message + " (record locked)").withRetryAfter(wait);
        }
        if (status == 477) {
            return exchange.result(Outcome.REJECTED_SERVER_ERROR, true, message + " (account migration in progress)");
        }
        DeliveryResult classified = VendorResults.classify(exchange, HubSpotSpec.SPEC.authentication(), what);
        return classified.withMessage(message);
    }

    /** {@code " CATEGORY: message"} from a HubSpot error body, or "" for a body that is not one. */
    static String describe(JsonNode body) {
        String category = text(body, "category");
        if (category.isEmpty()) {
            category = text(body, "errorType");
        }
        String message = text(body, "message");
        if (message.length() > MAX_VENDOR_MESSAGE) {
            message = message.substring(0, MAX_VENDOR_MESSAGE) + "…";
        }
        String scopes = requiredScopes(body);
        return (category.isEmpty() ? "" : " " + category) + (message.isEmpty() ? "" : ": " + message)
                + (scopes.isEmpty() ? "" : " (required scopes: " + scopes + ")");
    }

    /**
     * The scopes a 403 names: {@code missingScopes} in a context (the spec's example), or
     * {@code errors[].context.requiredGranularScopes} (what live 403s carry).
     */
    private static String requiredScopes(JsonNode body) {
        var scopes = new LinkedHashSet<String>();
        body.path("context").path("missingScopes").forEach(s -> scopes.add(s.asString("")));
        for (JsonNode error : body.path("errors")) {
            error.path("context").path("missingScopes").forEach(s -> scopes.add(s.asString("")));
            error.path("context").path("requiredGranularScopes").forEach(s -> scopes.add(s.asString("")));
        }
        scopes.remove("");
        return String.join(", ", scopes);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isString() ? value.asString().strip() : "";
    }
}
