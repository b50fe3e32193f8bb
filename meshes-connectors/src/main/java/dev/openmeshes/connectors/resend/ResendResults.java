package dev.openmeshes.connectors.resend;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.connectors.http.VendorText;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a Resend call. Resend answers errors as {@code {statusCode, name, message}}
 * (resend.com/docs/api-reference/errors); its names decide first, then the status by the rules most
 * vendors share ({@link VendorResults}).
 */
final class ResendResults {

    /** Names that say the key itself does not work: the connection is deactivated. */
    private static final Set<String> KEY_REFUSED = Set.of("invalid_api_key", "missing_api_key");
    /** Resend now answers a deleted or unknown key as {@code validation_error} with this message. */
    private static final String KEY_INVALID_MESSAGE = "api key is invalid";
    private static final int MAX_VENDOR_MESSAGE = 200;

    private ResendResults() {}

    /** Resend's error body, or null when the answer is not one (a proxy's page, an empty body). */
    record ResendError(String name, String message) {

        static ResendError of(String body) {
            JsonNode json = VendorJson.read(body);
            String name = VendorJson.text(json.path("name"));
            return name == null ? null : new ResendError(name, VendorJson.text(json.path("message")));
        }

        boolean keyInvalid() {
            return KEY_REFUSED.contains(name) || ("validation_error".equals(name) && message != null
                    && message.strip().toLowerCase(Locale.ROOT).startsWith(KEY_INVALID_MESSAGE));
        }

        @Override
        public String toString() {
            return message == null ? name : name + " (" + VendorText.shorten(message, MAX_VENDOR_MESSAGE) + ")";
        }
    }

    /**
     * What a call came to; {@code what} names it for the user, e.g. {@code add the contact to segment 78…}.
     * Messages read {@code Resend: <what>: HTTP 422 validation_error (Invalid `to` field…)}.
     */
    static DeliveryResult classify(HttpExchange exchange, String what, Instant now) {
        return VendorResults.classify(exchange, "Resend: " + what + ": ", ResendError::of, (status, error, message) -> {
            String name = error == null ? "" : error.name();
            if ("restricted_api_key".equals(name)) {
                return exchange.result(Outcome.AUTH_FAILED, false, message + " — the key may only send emails; "
                        + "save the connection with a Full access API key").withVerdict(Verdict.CREDENTIALS_INVALID);
            }
            if (error != null && error.keyInvalid()) {
                return exchange.result(Outcome.AUTH_FAILED, false, message + " — the API key was deleted or is wrong; "
                        + "save the connection with a valid key").withVerdict(Verdict.CREDENTIALS_INVALID);
            }
            switch (name) {
                case "daily_quota_exceeded" -> {
                    // Waiting is all that helps; a connection-wide pause would also hold segment changes the
                    // sending quota does not limit, so this is not reported as rate limiting.
                    return new DeliveryResult(Outcome.REJECTED_CLIENT_ERROR, true, status, exchange.duration(),
                            untilDailyQuotaResets(exchange, now), exchange.body(), exchange.recordedHeaders(),
                            message + " — tried again once the daily sending quota resets");
                }
                case "monthly_quota_exceeded" -> {
                    return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message
                            + " — the monthly sending quota is used up; no retry within the delivery's schedule can help");
                }
                case "concurrent_idempotent_requests" -> {
                    return exchange.result(Outcome.REJECTED_CLIENT_ERROR, true, message
                            + " — the same delivery is still being sent; tried again later");
                }
                case "invalid_idempotent_request" -> {
                    return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message);
                }
                default -> {
                }
            }
            if (status == 429 || "rate_limit_exceeded".equals(name)) {
                return exchange.result(Outcome.RATE_LIMITED, true, message + " (rate limited)");
            }
            DeliveryResult byStatus = VendorResults.classify(exchange, ResendSpec.SPEC.authentication(), what);
            return byStatus.withMessage(message);
        });
    }

    /**
     * The later of Resend's {@code Retry-After} and the next midnight UTC. Resend says only "wait until
     * 24 hours have passed"; an attempt that is still too early meets the quota again and waits again.
     */
    private static Duration untilDailyQuotaResets(HttpExchange exchange, Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration untilMidnight = Duration.between(now, midnight);
        Duration asked = exchange.retryAfter();
        return asked != null && asked.compareTo(untilMidnight) > 0 ? asked : untilMidnight;
    }

}
