package dev.openmeshes.connectors.pipedrive;

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
 * The outcome of a Pipedrive API call. Pipedrive answers errors as {@code {success: false, error,
 * error_info?, data?, additional_data?}}; the status decides (its "HTTP status codes" page), and the
 * vendor's {@code error} and {@code error_info} are kept in the message, e.g.
 * {@code Pipedrive: update person 42: HTTP 400 Invalid field (Field value is not an option)}.
 */
final class PipedriveResults {

    private static final int MAX_VENDOR_TEXT = 200;

    private PipedriveResults() {}

    static DeliveryResult classify(HttpExchange exchange, String what, Instant now) {
        return VendorResults.classify(exchange, "Pipedrive: " + what + ": ",
                PipedriveResults::vendorWords, (status, words, message) -> {
            if (status == 401) {
                // Expired or revoked alike: the platform refreshes once, and a second refusal means revoked.
                return exchange.result(Outcome.AUTH_FAILED, false, message + " — the access token was refused")
                        .withVerdict(Verdict.TOKEN_EXPIRED);
            }
            if (status == 403 && message.toLowerCase(Locale.ROOT).contains("scope")) {
                return exchange.result(Outcome.AUTH_FAILED, false, message
                        + " — the app lacks a scope this needs (base, contacts:full); install it again")
                        .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
            }
            if (status == 429) {
                return new DeliveryResult(Outcome.RATE_LIMITED, true, status, exchange.duration(), retryAfter(exchange, now),
                        exchange.body(), exchange.recordedHeaders(),
                        message + " (rate limited: a burst limit, or the company's daily token budget)");
            }
            if (status >= 500 || status == 408) {
                return exchange.result(status == 408 ? Outcome.TIMEOUT : Outcome.REJECTED_SERVER_ERROR, true, message);
            }
            if (status == 402) {
                return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false,
                        message + " (the company account is not open: its trial ended or it is unpaid)");
            }
            return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message);
        });
    }

    /** A 2xx whose body is not what Pipedrive documents (a proxy's page, an answer cut short): try again later. */
    static DeliveryResult unexpected(HttpExchange exchange, String what) {
        return exchange.result(Outcome.REJECTED_SERVER_ERROR, true,
                "Pipedrive: " + what + ": unexpected answer to HTTP " + exchange.status());
    }

    /** {@code Retry-After} when given, else the burst window's {@code x-ratelimit-reset} (seconds). */
    private static Duration retryAfter(HttpExchange exchange, Instant now) {
        if (exchange.retryAfter() != null) {
            return exchange.retryAfter();
        }
        return exchange.header("x-ratelimit-reset").map(reset -> RetryAfter.parse(reset, now)).orElse(null);
    }

    /** "<error> (<error_info>)" of an error body, or null when it is not one. */
    private static String vendorWords(String body) {
        JsonNode json = VendorJson.read(body);
        String error = text(json.path("error"));
        if (error == null) {
            return null;
        }
        String info = text(json.path("error_info"));
        return VendorText.shorten(error, MAX_VENDOR_TEXT)
                + (info == null ? "" : " (" + VendorText.shorten(info, MAX_VENDOR_TEXT) + ")");
    }

    /** {@link VendorJson#text}, with blank text absent too. */
    static String text(JsonNode node) {
        String text = VendorJson.text(node);
        return text == null || text.isBlank() ? null : text;
    }
}
