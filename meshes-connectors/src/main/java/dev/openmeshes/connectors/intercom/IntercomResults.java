package dev.openmeshes.connectors.intercom;

import dev.openmeshes.connectors.http.RetryAfter;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.connectors.http.VendorText;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of an Intercom call. Intercom answers errors as {@code {type: "error.list",
 * request_id, errors: [{code, message?, field?}]}}; its codes are read first, then the status by
 * the rules most vendors share ({@link VendorResults}).
 */
final class IntercomResults {

    /** Codes meaning the token no longer works: the app was uninstalled or the token revoked. */
    private static final Set<String> TOKEN_REFUSED = Set.of("unauthorized", "token_not_found", "token_revoked",
            "token_unauthorized", "token_suspended");
    private static final Set<String> RATE_LIMITED = Set.of("rate_limit_exceeded", "too_many_requests");
    private static final Set<String> TRY_LATER = Set.of("service_unavailable", "server_error", "request_timeout");
    private static final int MAX_VENDOR_MESSAGE = 200;

    private IntercomResults() {}

    /** The first error of an error list, or null when the body is not one. */
    record IntercomError(String code, String message, String requestId) {

        static IntercomError of(String body) {
            JsonNode json = VendorJson.read(body);
            JsonNode first = json.path("errors").path(0);
            String code = VendorJson.text(first.path("code"));
            if (code == null) {
                return null;
            }
            return new IntercomError(code, VendorJson.text(first.path("message")),
                    VendorJson.text(json.path("request_id")));
        }

        @Override
        public String toString() {
            String text = message == null ? code : code + " (" + VendorText.shorten(message, MAX_VENDOR_MESSAGE) + ")";
            return requestId == null ? text : text + ", request " + requestId;
        }
    }

    /**
     * What a call came to. {@code what} names it for the user, e.g. {@code add tag 81 to the contact};
     * messages read {@code Intercom: <what>: HTTP 404 not_found (Resource Not Found), request …}.
     */
    static DeliveryResult classify(HttpExchange exchange, String what, Instant now) {
        return VendorResults.classify(exchange, "Intercom: " + what + ": ",
                IntercomError::of, (status, error, message) -> {
            String code = error == null ? "" : error.code();
            if (TOKEN_REFUSED.contains(code) || status == 401) {
                // Intercom tokens never expire and cannot be refreshed: a refused one is revoked.
                return VendorResults.credentialsRefused(exchange, IntercomSpec.SPEC.authentication(),
                        message + " — the app was uninstalled or its access revoked; connect Intercom again");
            }
            if (RATE_LIMITED.contains(code) || status == 429) {
                return new DeliveryResult(Outcome.RATE_LIMITED, true, status, exchange.duration(), retryAfter(exchange, now),
                        exchange.body(), exchange.recordedHeaders(), message + " (rate limited)");
            }
            if (TRY_LATER.contains(code) || status >= 500 || status == 408) {
                return exchange.result(status == 408 || code.equals("request_timeout") ? Outcome.TIMEOUT
                        : Outcome.REJECTED_SERVER_ERROR, true, message);
            }
            DeliveryResult byStatus = VendorResults.classify(exchange, IntercomSpec.SPEC.authentication(), what);
            return byStatus.withMessage(message);
        });
    }

    /** {@code Retry-After} when given, else Intercom's {@code X-RateLimit-Reset} (unix seconds) from now. */
    private static Duration retryAfter(HttpExchange exchange, Instant now) {
        if (exchange.retryAfter() != null) {
            return exchange.retryAfter();
        }
        return RetryAfter.untilResetTime(exchange.header("X-RateLimit-Reset").orElse(null), now);
    }

}
