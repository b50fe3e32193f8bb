package dev.openmeshes.connectors.mailerlite;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorHeaders;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * MailerLite's API for one connection: the configured base URL (else the production one), the
 * connection's API key as a bearer token, and JSON {@code Accept} and {@code Content-Type} on every
 * call, as MailerLite asks.
 */
record MailerLiteApi(ConnectorContext context) {

    /** The largest page the list calls are asked for. */
    static final int PAGE_SIZE = 100;
    /** More pages than any account's groups or fields fill: paging that never ends is the vendor's fault. */
    static final int MAX_PAGES = 500;

    private static final String JSON = "application/json";

    HttpExchange get(String pathAndQuery) {
        return context.http().send(new HttpCall("GET", url(pathAndQuery), withContentType(), null, null, Set.of()));
    }

    HttpExchange post(String path, Object body) {
        return context.http().send(HttpCall.json("POST", url(path), headers(), VendorJson.write(body)));
    }

    /** A POST without a body, such as assigning a subscriber to a group. */
    HttpExchange post(String path) {
        return context.http().send(new HttpCall("POST", url(path), withContentType(), null, null, Set.of()));
    }

    HttpExchange delete(String path) {
        return context.http().send(new HttpCall("DELETE", url(path), withContentType(), null, null, Set.of()));
    }

    /** The answer's JSON when the call succeeded; else a {@link VendorException} with the classified failure. */
    JsonNode answer(HttpExchange exchange, String what) {
        return VendorJson.okAnswer(exchange, () -> MailerLiteResults.classify(exchange, what));
    }

    /**
     * Every item of a list call's {@code data}, page after page: {@code limit} and {@code page} in the
     * query, until the answer's {@code meta.current_page} reaches {@code meta.last_page} (an answer
     * without them is the only page).
     */
    List<JsonNode> list(String path, String what) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", String.valueOf(PAGE_SIZE));
            query.put("page", String.valueOf(page));
            JsonNode answer = answer(get(path + "?" + UrlParts.query(query)), what);
            answer.path("data").forEach(items::add);
            JsonNode meta = answer.path("meta");
            int lastPage = meta.path("last_page").asInt(0);
            int current = meta.path("current_page").asInt(page);
            if (current >= lastPage || answer.path("data").isEmpty()) {
                return items;
            }
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "MailerLite: " + what + ": still more pages after " + MAX_PAGES + "; stopped reading"));
    }

    /**
     * An email as one path segment ({@code GET /subscribers/{email}}): percent-encoded so a {@code /},
     * {@code ?} or {@code +} cannot change the request, but with its {@code @} as MailerLite's own SDKs send it.
     */
    static String emailSegment(String email) {
        return UrlParts.segment(email).replace("%40", "@");
    }

    private String url(String path) {
        return context.settings().baseUrl(MailerLiteSpec.VENDOR_BASE) + path;
    }

    private Map<String, String> headers() {
        return VendorHeaders.bearerJson(context.setting(MailerLiteSpec.API_KEY));
    }

    /** Calls without a body carry the header too; calls with one get it from their body's media type. */
    private Map<String, String> withContentType() {
        Map<String, String> headers = headers();
        headers.put("Content-Type", JSON);
        return headers;
    }
}
