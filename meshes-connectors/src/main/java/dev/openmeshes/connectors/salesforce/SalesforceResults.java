package dev.openmeshes.connectors.salesforce;

import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.time.Duration;

/**
 * The outcome of a Salesforce REST call: its own error codes first, then the shared rules
 * ({@link VendorResults}). Messages read {@code Salesforce: <what>: <errorCode> (<message>)}.
 */
final class SalesforceResults {

    /**
     * The org's 24-hour allocation frees calls only as old ones age out of the window, and Salesforce
     * sends no Retry-After with REQUEST_LIMIT_EXCEEDED: wait this long rather than spend retries at once.
     */
    static final Duration ALLOCATION_WAIT = Duration.ofHours(1);

    private SalesforceResults() {}

    static DeliveryResult classify(HttpExchange exchange, String what) {
        String prefix = "Salesforce: " + what + ": ";
        if (!exchange.answered()) {
            return exchange.unanswered(prefix);
        }
        if (exchange.ok()) {
            return exchange.delivered(prefix + "HTTP " + exchange.status());
        }
        SalesforceError error = SalesforceError.of(exchange.body());
        String message = prefix + (error.code() == null ? "HTTP " + exchange.status()
                : error.describe() + ", HTTP " + exchange.status());
        if (error.code() != null) {
            switch (error.code()) {
                case "INVALID_SESSION_ID": // expired, or revoked: the platform refreshes once and tells them apart
                    return exchange.result(Outcome.AUTH_FAILED, false, message).withVerdict(Verdict.TOKEN_EXPIRED);
                case "invalid_grant": // the OAuth form: the grant behind the token was revoked or expired
                    return exchange.result(Outcome.AUTH_FAILED, false, message)
                            .withVerdict(Verdict.AUTHORIZATION_REVOKED);
                case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED": // the org or the user may not use the API
                    return exchange.result(Outcome.AUTH_FAILED, false, message)
                            .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
                case "REQUEST_LIMIT_EXCEEDED":
                    return new DeliveryResult(Outcome.RATE_LIMITED, true, exchange.status(), exchange.duration(),
                            exchange.retryAfter() != null ? exchange.retryAfter() : ALLOCATION_WAIT, exchange.body(),
                            exchange.recordedHeaders(), message + " (the org's daily API allocation is used up)");
                case "UNABLE_TO_LOCK_ROW": // another transaction holds the record: a later attempt succeeds
                    return exchange.result(Outcome.REJECTED_SERVER_ERROR, true, message);
                default:
                    break;
            }
        }
        DeliveryResult shared = VendorResults.classify(exchange, SalesforceSpec.SPEC.authentication(), "Salesforce");
        return shared.withMessage(message);
    }

    /** A 2xx whose body is not what Salesforce documents (a proxy's page, a truncated answer). */
    static DeliveryResult unexpected(HttpExchange exchange, String what) {
        return exchange.result(Outcome.REJECTED_SERVER_ERROR, true,
                "Salesforce: " + what + ": unexpected answer to HTTP " + exchange.status());
    }
}
