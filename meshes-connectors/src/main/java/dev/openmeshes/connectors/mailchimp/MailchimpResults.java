package dev.openmeshes.connectors.mailchimp;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.connectors.http.VendorText;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a Mailchimp call. Mailchimp answers errors as problem JSON {@code {type, title,
 * status, detail, instance, errors?: [{field, message}]}}; its titles are read first, then the
 * status by the rules most vendors share ({@link VendorResults}).
 */
final class MailchimpResults {

    /** 403 titles that say the key can never work here: the connection must be fixed, not retried. */
    private static final Map<String, String> ACCOUNT_REFUSED = Map.of(
            "user disabled", "the Mailchimp account is disabled",
            "wrong datacenter", "the API key belongs to another data center; is metadata.data_center right?");
    /**
     * 400 titles of an address Mailchimp will not (re)subscribe through the API. Retrying cannot
     * help, and sending {@code pending} instead would email the person a confirmation they never
     * asked for: the delivery fails with Mailchimp's words.
     */
    private static final Map<String, String> NOT_SUBSCRIBABLE = Map.of(
            "member in compliance state", "the address unsubscribed, bounced or is under compliance review; "
                    + "only the person can resubscribe, through a Mailchimp signup form",
            "forgotten email not subscribed", "the address was permanently deleted; only the person can "
                    + "resubscribe, through a Mailchimp signup form");
    private static final int MAX_VENDOR_MESSAGE = 300;

    private MailchimpResults() {}

    /** A problem document, or null when the body is not one (a bare 403, a proxy's page). */
    record MailchimpProblem(String title, String detail, List<String> fieldErrors, String instance) {

        static MailchimpProblem of(String body) {
            JsonNode json = VendorJson.read(body);
            String title = VendorJson.text(json.path("title"));
            if (title == null) {
                return null;
            }
            List<String> fieldErrors = new ArrayList<>();
            json.path("errors").forEach(e -> {
                String message = VendorJson.text(e.path("message"));
                if (message != null) {
                    String field = VendorJson.text(e.path("field"));
                    fieldErrors.add(field == null || field.isBlank() ? message : field + ": " + message);
                }
            });
            return new MailchimpProblem(title, VendorJson.text(json.path("detail")), fieldErrors,
                    VendorJson.text(json.path("instance")));
        }

        String key() {
            return title.strip().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(title);
            if (detail != null && !detail.isBlank()) {
                text.append(" (").append(VendorText.shorten(detail, MAX_VENDOR_MESSAGE)).append(')');
            }
            if (!fieldErrors.isEmpty()) {
                text.append(": ").append(VendorText.shorten(String.join("; ", fieldErrors), MAX_VENDOR_MESSAGE));
            }
            if (instance != null && !instance.isBlank()) {
                text.append(", instance ").append(instance);
            }
            return text.toString();
        }
    }

    /**
     * What a call came to. {@code what} names it for the user, e.g. {@code add ada@example.com to
     * audience a1b2c3}; messages read {@code Mailchimp: <what>: HTTP 400 Member In Compliance State (…)}.
     */
    static DeliveryResult classify(HttpExchange exchange, String what) {
        return VendorResults.classify(exchange, "Mailchimp: " + what + ": ",
                MailchimpProblem::of, (status, problem, message) -> {
            if (status == 401) {
                // "API Key Invalid": a mistyped, deleted or revoked key alike; only a new key helps.
                return VendorResults.credentialsRefused(exchange, MailchimpSpec.SPEC.authentication(),
                        message + " — the API key was refused; enter a valid key for metadata.api_key");
            }
            if (status == 403 && problem == null) {
                // Under heavy load Mailchimp's edge answers a bare 403 before the API sees the call.
                return exchange.result(Outcome.RATE_LIMITED, true, message + " without a problem document (throttled)");
            }
            if (status == 403 && ACCOUNT_REFUSED.containsKey(problem.key())) {
                return exchange.result(Outcome.AUTH_FAILED, false, message + " — " + ACCOUNT_REFUSED.get(problem.key()))
                        .withVerdict(Verdict.CREDENTIALS_INVALID);
            }
            if (status == 429) {
                return exchange.result(Outcome.RATE_LIMITED, true, message + " (more than 10 simultaneous connections)");
            }
            if (problem != null && NOT_SUBSCRIBABLE.containsKey(problem.key())) {
                return exchange.result(Outcome.REJECTED_CLIENT_ERROR, false,
                        message + " — " + NOT_SUBSCRIBABLE.get(problem.key()));
            }
            DeliveryResult byStatus = VendorResults.classify(exchange, MailchimpSpec.SPEC.authentication(), what);
            return byStatus.withMessage(message);
        });
    }

}
