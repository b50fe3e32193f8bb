package dev.openmeshes.connectors.activecampaign;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.connectors.http.VendorText;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of an ActiveCampaign call. Its error bodies differ by endpoint: validation errors
 * are {@code {errors: [{title, detail?, code?, source}]}}, a missing record {@code {message}};
 * the vendor's words are kept in the message. Messages read
 * {@code ActiveCampaign: <what>: HTTP 422 <title> (<detail>)}.
 */
final class ActiveCampaignResults {

    private static final int MAX_VENDOR_MESSAGE = 300;

    private ActiveCampaignResults() {}

    static DeliveryResult classify(HttpExchange exchange, String what) {
        return VendorResults.classify(exchange, "ActiveCampaign: " + what + ": ",
                ActiveCampaignResults::vendorMessage, (status, vendorWords, message) -> {
            if (status == 401 || status == 403) {
                // An API key has nothing to refresh: refused is invalid (mistyped, reset, or its user removed).
                return exchange.result(Outcome.AUTH_FAILED, false, message + " (the API key was refused; enter a current "
                        + "key from Settings → Developer)").withVerdict(Verdict.CREDENTIALS_INVALID);
            }
            if (status == 429) {
                return exchange.result(Outcome.RATE_LIMITED, true, message + " (rate limited)");
            }
            if (status == 408) {
                return exchange.result(Outcome.TIMEOUT, true, message);
            }
            if (status >= 500) {
                return exchange.result(Outcome.REJECTED_SERVER_ERROR, true, message);
            }
            return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message);
        });
    }

    /** A 2xx whose body is not what ActiveCampaign documents (a proxy's page, a cut answer): whether it acted is unknown. */
    static DeliveryResult unexpected(HttpExchange exchange, String what) {
        return exchange.result(Outcome.REJECTED_SERVER_ERROR, true,
                "ActiveCampaign: " + what + ": unexpected answer to HTTP " + exchange.status());
    }

    /** {@code errors[].title (detail)} joined, else {@code message}, else null. */
    static String vendorMessage(String body) {
        JsonNode json = VendorJson.read(body);
        List<String> parts = new ArrayList<>();
        for (JsonNode error : json.path("errors")) {
            String title = text(error.path("title"));
            String detail = text(error.path("detail"));
            if (!title.isEmpty() || !detail.isEmpty()) {
                parts.add(title.isEmpty() ? detail : detail.isEmpty() ? title : title + " (" + detail + ")");
            }
        }
        String words = parts.isEmpty() ? text(json.path("message")) : String.join("; ", parts);
        return words.isEmpty() ? null : VendorText.shorten(words, MAX_VENDOR_MESSAGE);
    }

    /** A string or number of an answer as text ("" when absent): ActiveCampaign sends ids and totals as strings. */
    static String text(JsonNode node) {
        return node.isString() || node.isNumber() ? node.asString().strip() : "";
    }
}
