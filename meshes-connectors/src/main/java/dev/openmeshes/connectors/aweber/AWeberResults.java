package dev.openmeshes.connectors.aweber;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.connectors.http.VendorText;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of an AWeber call. AWeber answers errors as {@code {error: {status, type, message,
 * documentation_url}}}; its rate limit is a 403 ForbiddenError "Rate Limit Error" without rate
 * headers, and a 401 says whether the token ("Invalid Token") or the customer account ("Invalid
 * Account") was refused. Other answers follow the rules most vendors share ({@link VendorResults}).
 */
final class AWeberResults {

    /** AWeber sends no Retry-After; its limit is counted per minute. */
    static final Duration RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final int MAX_VENDOR_MESSAGE = 200;

    private AWeberResults() {}

    /** The error object of an answer, or null when the body is not one. */
    record AWeberError(String type, String message) {

        static AWeberError of(String body) {
            JsonNode error = VendorJson.read(body).path("error");
            String type = VendorJson.text(error.path("type"));
            String message = VendorJson.text(error.path("message"));
            return type == null && message == null ? null : new AWeberError(type, message);
        }

        boolean says(String words) {
            return message != null && message.toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            String line = message == null ? "" : VendorText.shorten(message, MAX_VENDOR_MESSAGE);
            return type == null ? line : line.isEmpty() ? type : type + " (" + line + ")";
        }
    }

    /**
     * What a call came to. {@code what} names it for the user, e.g. {@code add to list 456}; messages
     * read {@code AWeber: <what>: HTTP 400 WebServiceError (Email address is invalid)}.
     */
    static DeliveryResult classify(HttpExchange exchange, String what) {
        return VendorResults.classify(exchange, "AWeber: " + what + ": ", AWeberError::of, (status, error, message) -> {
            if (status == 403 && error != null && error.says("rate limit")) {
                Duration wait = exchange.retryAfter() == null ? RATE_LIMIT_WAIT : exchange.retryAfter();
                return new DeliveryResult(Outcome.RATE_LIMITED, true, status, exchange.duration(), wait, exchange.body(),
                        exchange.recordedHeaders(), message + " (120 requests a minute per account)");
            }
            if (status == 401 && error != null && error.says("invalid account")) {
                return exchange.result(Outcome.AUTH_FAILED, false, message + " — the AWeber customer account is not "
                        + "active; reactivate it, then connect AWeber again").withVerdict(Verdict.CREDENTIALS_INVALID);
            }
            if (status == 401) {
                // An expired token: the platform refreshes it and tries once more; refused again, it is revoked.
                return exchange.result(Outcome.AUTH_FAILED, false, message).withVerdict(Verdict.TOKEN_EXPIRED);
            }
            if (status == 403) { // account on hold or suspended, subscriber limit reached: the user must act
                return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message);
            }
            DeliveryResult byStatus = VendorResults.classify(exchange, AWeberSpec.AUTHENTICATION, what);
            return byStatus.withMessage(message);
        });
    }

}
