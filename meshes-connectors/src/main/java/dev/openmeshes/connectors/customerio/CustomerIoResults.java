package dev.openmeshes.connectors.customerio;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a Pipelines API call. In strict mode Customer.io answers a bad body 400 with
 * {@code {"meta":{"errors":["…"]}}} and a bad key 401; the status decides by the rules most vendors
 * share ({@link VendorResults}: 429 and 5xx retried, 401 the key invalid, other 4xx final), and
 * the vendor's own words are kept in the message.
 */
final class CustomerIoResults {

    private static final int MAX_VENDOR_MESSAGE = 300;

    private CustomerIoResults() {}

    /** What a call came to; {@code what} names it, e.g. {@code track}: "Customer.io track: HTTP 400 (…)". */
    static DeliveryResult classify(HttpExchange exchange, String what) {
        String prefix = "Customer.io " + what + ": ";
        if (!exchange.answered()) {
            return exchange.unanswered(prefix);
        }
        DeliveryResult byStatus = VendorResults.classify(exchange, CustomerIoSpec.SPEC.authentication(),
                "Customer.io " + what);
        if (byStatus.delivered()) {
            return byStatus;
        }
        String message = prefix + "HTTP " + exchange.status() + vendorWords(exchange.body())
                + (exchange.status() == 401 ? " — the API key is invalid or was revoked, or belongs to the other "
                + "region; save the connection with a working key" : "");
        return byStatus.withMessage(message);
    }

    /** " (first error; second error)" from the documented error body, or the start of any other body. */
    private static String vendorWords(String body) {
        JsonNode json = VendorJson.read(body);
        List<String> errors = new ArrayList<>();
        for (JsonNode error : json.path("meta").path("errors")) {
            if (error.isString()) {
                errors.add(error.asString());
            }
        }
        for (JsonNode error : json.path("errors")) { // the description's per-field form {reason, field, message}
            String text = error.isString() ? error.asString() : error.path("message").asString("");
            if (!text.isBlank()) {
                errors.add(error.path("field").isString() ? error.path("field").asString() + ": " + text : text);
            }
        }
        String words = errors.isEmpty() ? (json.isMissingNode() ? body.strip() : "") : String.join("; ", errors);
        if (words.isBlank()) {
            return "";
        }
        String line = words.replaceAll("\\s+", " ");
        return " (" + (line.length() <= MAX_VENDOR_MESSAGE ? line : line.substring(0, MAX_VENDOR_MESSAGE) + "…") + ")";
    }
}
