package dev.openmeshes.connectors.mailerlite;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.connectors.http.VendorText;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a MailerLite call. MailerLite answers errors as {@code {message, errors?: {<field>:
 * ["…"]}}} (422 carries {@code errors}); a refused key is 401 {@code {"message":"Unauthenticated."}},
 * the rate limit 429 with {@code Retry-After}. Other statuses follow the rules most vendors share
 * ({@link VendorResults}).
 */
final class MailerLiteResults {

    private static final int MAX_VENDOR_WORDS = 300;

    private MailerLiteResults() {}

    /**
     * What a call came to. {@code what} names it for the user, e.g. {@code add the subscriber to group 7};
     * messages read {@code MailerLite: <what>: HTTP 422 The email must be … (email: The email must be …)}.
     */
    static DeliveryResult classify(HttpExchange exchange, String what) {
        return VendorResults.classify(exchange, "MailerLite: " + what + ": ",
                MailerLiteResults::vendorWords, (status, words, message) -> {
            if (status == 401) {
                // An API key cannot be refreshed: a refused one was deleted, or its user left the account.
                return VendorResults.credentialsRefused(exchange, MailerLiteSpec.SPEC.authentication(),
                        message + " — the API key is invalid or was revoked; enter a new one");
            }
            if (status == 429) {
                return exchange.result(Outcome.RATE_LIMITED, true, message + " (rate limited)");
            }
            DeliveryResult byStatus = VendorResults.classify(exchange, MailerLiteSpec.SPEC.authentication(), what);
            return byStatus.withMessage(message);
        });
    }

    /** Whether a 404 is MailerLite's own JSON answer (not a proxy's page or a wrong base URL's). */
    static boolean vendorNotFound(HttpExchange exchange) {
        return exchange.answered() && exchange.status() == 404 && VendorJson.read(exchange.body()).isObject();
    }

    /** The answer's {@code message} and its field errors, e.g. {@code Invalid. (email: must be valid)}; null when none. */
    static String vendorWords(String body) {
        JsonNode json = VendorJson.read(body);
        String message = VendorJson.text(json.path("message"));
        List<String> fieldErrors = new ArrayList<>();
        json.path("errors").properties().forEach(field -> {
            List<String> reasons = new ArrayList<>();
            field.getValue().forEach(reason -> {
                String r = VendorJson.text(reason);
                if (r != null) {
                    reasons.add(r);
                }
            });
            if (!reasons.isEmpty()) {
                fieldErrors.add(field.getKey() + ": " + String.join(" ", reasons));
            }
        });
        String words = (message == null ? "" : message)
                + (fieldErrors.isEmpty() ? "" : (message == null ? "" : " ") + "(" + String.join("; ", fieldErrors) + ")");
        return words.isEmpty() ? null : VendorText.shorten(words, MAX_VENDOR_WORDS);
    }

}
