package dev.openmeshes.connectors.aweber;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorHeaders;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * AWeber's API (v1.0) for one connection: the production base URL or the configured one, the
 * connection's bearer token on every call, and collections read to their end.
 */
record AWeberApi(ConnectorContext context, String token) {

    /** Production, including the version prefix; {@code MESHES_CONNECTOR_AWEBER_BASE_URL} replaces it. */
    static final String VENDOR_BASE = "https://api.aweber.com/1.0";
    /** The most entries AWeber gives a page. */
    static final int PAGE_SIZE = 100;
    /** 500 pages of 100 are 50,000 entries: more than any account's lists or custom fields. */
    static final int MAX_PAGES = 500;

    HttpExchange get(String path, Map<String, String> query) {
        return context.http().send(HttpCall.get(url(path, query), headers()));
    }

    HttpExchange post(String path, Object body) {
        return context.http().send(HttpCall.json("POST", url(path, Map.of()), headers(), VendorJson.write(body)));
    }

    HttpExchange patch(String path, Map<String, String> query, Object body) {
        return context.http().send(HttpCall.json("PATCH", url(path, query), headers(), VendorJson.write(body)));
    }

    /** The answer's JSON when the call succeeded; else a {@link VendorException} with the classified failure. */
    JsonNode answer(HttpExchange exchange, String what) {
        return VendorJson.okAnswer(exchange, () -> AWeberResults.classify(exchange, what));
    }

    /**
     * Every entry of a collection. AWeber pages with {@code ws.start}/{@code ws.size} and names the
     * next page in {@code next_collection_link}, absent on the last page. The link names AWeber's own
     * host, so only its {@code ws.start} is taken from it and asked of the configured base URL.
     */
    List<JsonNode> collection(String path, String what) {
        List<JsonNode> entries = new ArrayList<>();
        long start = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("ws.start", String.valueOf(start));
            query.put("ws.size", String.valueOf(PAGE_SIZE));
            JsonNode answer = answer(get(path, query), what);
            answer.path("entries").forEach(entries::add);
            String next = VendorJson.text(answer.path("next_collection_link"));
            if (next == null || next.isBlank()) {
                return entries;
            }
            long nextStart = startOf(next);
            if (nextStart <= start) {
                throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR, "AWeber: " + what
                        + ": the next page link does not move past entry " + start + "; stopped reading"));
            }
            start = nextStart;
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "AWeber: " + what + ": still more pages after " + MAX_PAGES + "; stopped reading"));
    }

    /** {@code ws.start} of a collection link, or -1 when it has none. */
    private static long startOf(String link) {
        String query;
        try {
            query = URI.create(link).getRawQuery();
        } catch (IllegalArgumentException unreadable) {
            return -1;
        }
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("ws.start=")) {
                try {
                    return Long.parseLong(pair.substring("ws.start=".length()));
                } catch (NumberFormatException notANumber) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private String url(String path, Map<String, String> query) {
        String base = context.settings().baseUrl(VENDOR_BASE) + path;
        return query.isEmpty() ? base : base + "?" + UrlParts.query(query);
    }

    private Map<String, String> headers() {
        return VendorHeaders.bearerJson(token);
    }
}
