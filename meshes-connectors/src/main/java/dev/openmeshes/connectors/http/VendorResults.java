package dev.openmeshes.connectors.http;

import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;

/**
 * The outcome of a vendor API call by the rules most vendors share (vendors.md §1): 2xx delivered;
 * 429 and 5xx retried, honouring {@code Retry-After}; 401 a credential verdict (an OAuth token to
 * refresh, an API key that is invalid); other 4xx final. Connectors classify their vendor's own
 * codes first and fall back on this.
 */
public final class VendorResults {

    private VendorResults() {}

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
