package dev.openmeshes.connectors.resend;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Resend's REST API for one connection: the configured base URL (else {@code https://api.resend.com}),
 * the connection's API key as bearer, and a {@code User-Agent} on every call, since Resend refuses
 * requests without one (403).
 */
record ResendApi(ConnectorContext context) {

    static final String USER_AGENT = "OpenMeshes/0.1";
    /** The most a list call returns per page. */
    static final int PAGE_SIZE = 100;
    /** 500 pages of 100: a cursor that never ends is the vendor's fault. */
    static final int MAX_PAGES = 500;

    HttpExchange get(String pathAndQuery) {
        return context.http().send(HttpCall.get(url(pathAndQuery), headers(Map.of())));
    }

    HttpExchange post(String path, Object body) {
        return post(path, body, Map.of());
    }

    HttpExchange post(String path, Object body, Map<String, String> extraHeaders) {
        return context.http().send(HttpCall.json("POST", url(path), headers(extraHeaders),
                body == null ? null : VendorJson.write(body)));
    }

    HttpExchange delete(String path) {
        return context.http().send(new HttpCall("DELETE", url(path), headers(Map.of()), null, null, Set.of()));
    }

    /** The answer's JSON when the call succeeded; else a {@link VendorException} with the classified failure. */
    JsonNode answer(HttpExchange exchange, String what) {
        return VendorJson.okAnswer(exchange, () -> ResendResults.classify(exchange, what, context.clock().instant()));
    }

    /**
     * Every item of a list call's {@code data}, page after page: Resend pages with {@code limit} and
     * {@code after} (the id of the last item seen) and says {@code has_more} while there are more.
     */
    List<JsonNode> list(String path, String what) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursorsSeen = new HashSet<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", String.valueOf(PAGE_SIZE));
            if (after != null) {
                query.put("after", after);
            }
            JsonNode answer = answer(get(path + "?" + UrlParts.query(query)), what);
            JsonNode data = answer.path("data");
            data.forEach(items::add);
            String last = data.isEmpty() ? null : VendorJson.text(data.path(data.size() - 1).path("id"));
            if (!answer.path("has_more").asBoolean(false) || last == null || !cursorsSeen.add(last)) {
                return items;
            }
            after = last;
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "Resend: " + what + ": still more pages after " + MAX_PAGES + "; stopped reading"));
    }

    private String url(String path) {
        return context.settings().baseUrl(ResendSpec.VENDOR_BASE) + path;
    }

    private Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + context.setting(ResendSpec.API_KEY));
        headers.put("Accept", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.putAll(extra);
        return headers;
    }
}
