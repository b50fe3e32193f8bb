package dev.openmeshes.core.connector;

import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What came of one {@link HttpCall}: a response (any status), or no response and why.
 *
 * @param status          the HTTP status, or 0 when no response came
 * @param headers         response headers, names in lower case
 * @param body            the start of the response body (capped), "" when none
 * @param retryAfter      the response's {@code Retry-After}, or null
 * @param failure         why no response came (timeout, network error, refused destination), or null
 * @param failureRetryable whether trying again may help when there was no response
 */
public record HttpExchange(int status, Map<String, List<String>> headers, String body, Duration duration,
                           Duration retryAfter, Outcome failure, String failureMessage, boolean failureRetryable,
                           Map<String, String> recordedHeaders) {

    public HttpExchange {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
        recordedHeaders = recordedHeaders == null ? Map.of() : Map.copyOf(recordedHeaders);
    }

    public boolean answered() {
        return failure == null;
    }

    public boolean ok() {
        return answered() && status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The outcome by HTTP status alone ({@link DeliveryResult#ofStatus}), or the failure: what a webhook records. */
    public DeliveryResult toResult() {
        if (!answered()) {
            return new DeliveryResult(failure, failureRetryable, null, duration, null, null, recordedHeaders,
                    failureMessage);
        }
        return DeliveryResult.ofStatus(status, duration, retryAfter, body, recordedHeaders);
    }

    /** No response came: the failure, its message after {@code messagePrefix} (which names the call). */
    public DeliveryResult unanswered(String messagePrefix) {
        return result(failure, failureRetryable, messagePrefix + failureMessage);
    }

    /** The call did what it was for: delivered, nothing to retry. */
    public DeliveryResult delivered(String message) {
        return result(Outcome.DELIVERED, false, message);
    }

    /** A result for this exchange with the connector's own verdict on it. */
    public DeliveryResult result(Outcome outcome, boolean retryable, String message) {
        return new DeliveryResult(outcome, retryable, answered() ? status : null, duration, retryAfter,
                answered() ? body : null, recordedHeaders, message);
    }
}
