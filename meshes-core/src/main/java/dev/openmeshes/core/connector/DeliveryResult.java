package dev.openmeshes.core.connector;

import java.time.Duration;
import java.util.Map;

/**
 * What one attempt did, as recorded in the delivery history.
 *
 * @param statusCode      the destination's HTTP status, or null when no response came back
 * @param retryable       whether a later attempt may succeed (network errors, timeouts, 408, 409,
 *                        425, 429, 5xx); other failures end the delivery at once
 * @param retryAfter      the destination's {@code Retry-After}, or null
 * @param responseBody    the start of the response body (truncated), or null
 * @param requestHeaders  the headers sent, with secret values redacted
 * @param message         a short human-readable summary, e.g. {@code HTTP 503} or {@code connect timed out}
 * @param verdict         what the attempt says about the connection itself, or null when nothing
 * @param warnings        mapping warnings ({@code warn_action}) the attempt carried, for the history
 */
public record DeliveryResult(Outcome outcome, boolean retryable, Integer statusCode, Duration duration,
                             Duration retryAfter, String responseBody, Map<String, String> requestHeaders,
                             String message, Verdict verdict, java.util.List<String> warnings) {

    /**
     * What the vendor said about the connection's credentials. The platform acts on it: it refreshes
     * an expired OAuth token and tries once more; it deactivates a connection whose credentials are
     * invalid or revoked and holds its deliveries until it is fixed.
     */
    public enum Verdict {
        TOKEN_EXPIRED(null), CREDENTIALS_INVALID("authentication_invalid"),
        AUTHORIZATION_REVOKED("oauth_authorization_revoked"),
        REAUTHORIZATION_REQUIRED("oauth_reauthorization_required");

        private final String inactiveReason;

        Verdict(String inactiveReason) {
            this.inactiveReason = inactiveReason;
        }

        /** The connection's {@code inactive_reason} this verdict leads to, or null (no deactivation). */
        public String inactiveReason() {
            return inactiveReason;
        }
    }

    public DeliveryResult(Outcome outcome, boolean retryable, Integer statusCode, Duration duration,
                          Duration retryAfter, String responseBody, Map<String, String> requestHeaders, String message) {
        this(outcome, retryable, statusCode, duration, retryAfter, responseBody, requestHeaders, message, null, null);
    }

    /** The same result, with a verdict on the connection. */
    public DeliveryResult withVerdict(Verdict newVerdict) {
        return new DeliveryResult(outcome, retryable, statusCode, duration, retryAfter, responseBody, requestHeaders,
                message, newVerdict, warnings);
    }

    /** The same result, summarized in other words (a vendor's own account of the status). */
    public DeliveryResult withMessage(String newMessage) {
        return new DeliveryResult(outcome, retryable, statusCode, duration, retryAfter, responseBody, requestHeaders,
                newMessage, verdict, warnings);
    }

    /** The same result, to be tried again no sooner than {@code newRetryAfter}. */
    public DeliveryResult withRetryAfter(Duration newRetryAfter) {
        return new DeliveryResult(outcome, retryable, statusCode, duration, newRetryAfter, responseBody, requestHeaders,
                message, verdict, warnings);
    }

    public DeliveryResult withWarnings(java.util.List<String> newWarnings) {
        return new DeliveryResult(outcome, retryable, statusCode, duration, retryAfter, responseBody, requestHeaders,
                message, verdict, newWarnings);
    }

    /** A failure decided before any request went out (bad rule metadata, a mapping error, a missing field). */
    public static DeliveryResult refused(Outcome outcome, String message) {
        return new DeliveryResult(outcome, false, null, Duration.ZERO, null, null, Map.of(), message);
    }

    /** Outcome codes of an attempt, as the Meshes docs name them. */
    public enum Outcome {
        DELIVERED, REJECTED_CLIENT_ERROR, REJECTED_SERVER_ERROR, RATE_LIMITED, AUTH_FAILED, TIMEOUT,
        NETWORK_ERROR, MAPPING_ERROR, INTERNAL_ERROR;

        public String code() {
            return name().toLowerCase();
        }
    }

    public DeliveryResult {
        requestHeaders = requestHeaders == null ? Map.of() : Map.copyOf(requestHeaders);
        warnings = warnings == null ? java.util.List.of() : java.util.List.copyOf(warnings);
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }

    /**
     * The outcome of an HTTP response status: 2xx and 3xx are delivered (redirects are not
     * followed); 408 is a timeout, 429 rate limiting, 401/403 an authentication failure, other 4xx
     * a client error, 5xx a server error. Retryable: 408, 409, 425, 429 and 5xx.
     */
    public static DeliveryResult ofStatus(int status, Duration duration, Duration retryAfter, String responseBody,
                                          Map<String, String> requestHeaders) {
        Outcome outcome;
        if (status >= 200 && status < 400) {
            outcome = Outcome.DELIVERED;
        } else if (status == 408) {
            outcome = Outcome.TIMEOUT;
        } else if (status == 429) {
            outcome = Outcome.RATE_LIMITED;
        } else if (status == 401 || status == 403) {
            outcome = Outcome.AUTH_FAILED;
        } else if (status >= 500) {
            outcome = Outcome.REJECTED_SERVER_ERROR;
        } else {
            outcome = Outcome.REJECTED_CLIENT_ERROR;
        }
        boolean retryable = status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
        return new DeliveryResult(outcome, retryable, status, duration, retryAfter, responseBody, requestHeaders,
                "HTTP " + status);
    }

    /** No response: the destination could not be reached, or did not answer in time. Retryable. */
    public static DeliveryResult ofFailure(Outcome outcome, Duration duration, Map<String, String> requestHeaders,
                                           String message) {
        boolean retryable = outcome == Outcome.TIMEOUT || outcome == Outcome.NETWORK_ERROR
                || outcome == Outcome.INTERNAL_ERROR;
        return new DeliveryResult(outcome, retryable, null, duration, null, null, requestHeaders, message);
    }
}
