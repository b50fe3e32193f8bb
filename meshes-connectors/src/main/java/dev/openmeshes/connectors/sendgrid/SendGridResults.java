package dev.openmeshes.connectors.sendgrid;

import dev.openmeshes.connectors.http.RetryAfter;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.connectors.http.VendorText;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a SendGrid v3 call. SendGrid answers errors as {@code {errors: [{message, field?,
 * help?}], id?}} and decides by status: 401 is a key that is wrong or deleted, 403 a key without the
 * permission the call needs (both make the connection inactive), except a 403 about the from address,
 * which only this email's sender is to blame for; 429 waits until {@code X-RateLimit-Reset}.
 */
final class SendGridResults {

    private static final int MAX_VENDOR_MESSAGE = 300;

    private SendGridResults() {}

    /** The first error of an error body, or null when the body is not one. */
    record SendGridError(String message, String field) {

        static SendGridError of(String body) {
            JsonNode first = VendorJson.read(body).path("errors").path(0);
            String message = VendorJson.text(first.path("message"));
            return message == null ? null : new SendGridError(message, VendorJson.text(first.path("field")));
        }

        /** The 403 of Mail Send whose cause is the sender, not the key. */
        boolean aboutTheSender() {
            String lower = message.toLowerCase(Locale.ROOT);
            return "from".equals(field) || lower.contains("sender identity") || lower.contains("from address");
        }

        /** SendGrid writes an absent field as {@code null} or as the string {@code "null"}. */
        @Override
        public String toString() {
            String line = VendorText.shorten(message, MAX_VENDOR_MESSAGE);
            return field == null || field.equals("null") ? line : line + " (field " + field + ")";
        }
    }

    /**
     * What a call came to. {@code what} names it for the user, e.g. {@code send the email}; messages
     * read {@code SendGrid: <what>: HTTP 400 The from object must be provided… (field from)}.
     */
    static DeliveryResult classify(HttpExchange exchange, String what, Instant now) {
        return VendorResults.classify(exchange, "SendGrid: " + what + ": ",
                SendGridError::of, (status, error, message) -> {
            if (status == 401) {
                return exchange.result(Outcome.AUTH_FAILED, false, message
                        + " — the API key is wrong or was deleted; save the connection with a working key")
                        .withVerdict(Verdict.CREDENTIALS_INVALID);
            }
            if (status == 403 && error != null && error.aboutTheSender()) {
                return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message
                        + " — use a verified sender of the account as the rule's from");
            }
            if (status == 403) {
                return exchange.result(Outcome.AUTH_FAILED, false, message + " — the API key lacks a permission; give it "
                        + String.join(" and ", SendGridSpec.REQUIRED_SCOPES) + " access").withVerdict(Verdict.CREDENTIALS_INVALID);
            }
            if (status == 429) {
                return new DeliveryResult(Outcome.RATE_LIMITED, true, status, exchange.duration(), retryAfter(exchange, now),
                        exchange.body(), exchange.recordedHeaders(), message + " (rate limited)");
            }
            if (status >= 500 || status == 408) {
                return exchange.result(status == 408 ? Outcome.TIMEOUT : Outcome.REJECTED_SERVER_ERROR, true, message);
            }
            if (status == 413) {
                return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message + " — the email is too large to send");
            }
            return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message);
        });
    }

    /** {@code Retry-After} when given, else SendGrid's {@code X-RateLimit-Reset} (unix seconds) from now. */
    private static Duration retryAfter(HttpExchange exchange, Instant now) {
        if (exchange.retryAfter() != null) {
            return exchange.retryAfter();
        }
        return RetryAfter.untilResetTime(exchange.header("X-RateLimit-Reset").orElse(null), now);
    }
}
