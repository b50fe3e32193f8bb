package dev.openmeshes.connectors.http;

import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.function.Function;

/**
 * The outcome of a vendor API call by the rules most vendors share (vendors.md §1): 2xx delivered;
 * 429 and 5xx retried, honouring {@code Retry-After}; 401 a credential verdict (an OAuth token to
 * refresh, an API key that is invalid); other 4xx final. Connectors classify their vendor's own
 * codes first and fall back on this.
 */
public final class VendorResults {

    private VendorResults() {}

    /** A vendor's rules for a call that was answered and failed. */
    @FunctionalInterface
    public interface Failures<E> {
        /**
         * @param error   the vendor's error read from the body, null when it holds none
         * @param message {@code <prefix>HTTP <status>[ <error>]}, to end the result's message with
         */
        DeliveryResult classify(int status, E error, String message);
    }

    /**
     * The opening every vendor's classification shares: no answer is the exchange's own outcome, a
     * 2xx is delivered, and any other answer is the vendor's {@code failures} to classify, with its
     * error read from the body by {@code errorOf} (null when none) and named in the message.
     */
    public static <E> DeliveryResult classify(HttpExchange exchange, String prefix, Function<String, E> errorOf,
                                              Failures<E> failures) {
        if (!exchange.answered()) {
            return exchange.unanswered(prefix);
        }
        int status = exchange.status();
        E error = errorOf.apply(exchange.body());
        String message = prefix + "HTTP " + status + (error == null ? "" : " " + error);
        return exchange.ok() ? exchange.delivered(message) : failures.classify(status, error, message);
    }

    public static DeliveryResult classify(HttpExchange exchange, Authentication authentication, String what) {
        if (!exchange.answered()) {
            return exchange.toResult();
        }
        int status = exchange.status();
        String message = what + ": HTTP " + status;
        if (status >= 200 && status < 300) {
            return exchange.delivered(message);
        }
        if (status == 429) {
            return exchange.result(Outcome.RATE_LIMITED, true, message + " (rate limited)");
        }
        if (status >= 500 || status == 408) {
            return exchange.result(status == 408 ? Outcome.TIMEOUT : Outcome.REJECTED_SERVER_ERROR, true, message);
        }
        if (status == 401) {
            return credentialsRefused(exchange, authentication, message);
        }
        return exchange.result(status == 403 ? Outcome.AUTH_FAILED : Outcome.REJECTED_CLIENT_ERROR, false, message);
    }

    /**
     * The vendor refused the credentials: an OAuth token that may refresh is expired (the platform
     * refreshes it and tries once more); any other credential is invalid (the connection is deactivated).
     */
    public static DeliveryResult credentialsRefused(HttpExchange exchange, Authentication authentication, String message) {
        boolean refreshable = authentication instanceof Authentication.OAuth2 oauth && oauth.refreshes();
        return exchange.result(Outcome.AUTH_FAILED, false, message)
                .withVerdict(refreshable ? Verdict.TOKEN_EXPIRED
                        : authentication instanceof Authentication.OAuth2 ? Verdict.AUTHORIZATION_REVOKED
                        : Verdict.CREDENTIALS_INVALID);
    }
}
