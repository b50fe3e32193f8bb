package dev.openmeshes.connectors.intercom;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Intercom's REST API for one connection: its workspace's host (or the configured base URL), the
 * pinned {@code Intercom-Version} and the connection's bearer token on every call.
 */
record IntercomApi(ConnectorContext context) {

    /** More pages than any workspace's tags or attributes fill: a cursor that never ends is the vendor's fault. */
    static final int MAX_PAGES = 500;

    HttpExchange get(String pathAndQuery) {
        return context.http().send(HttpCall.get(url(pathAndQuery), headers()));
    }

    HttpExchange post(String path, Object body) {
        return context.http().send(HttpCall.json("POST", url(path), headers(), VendorJson.write(body)));
    }

    HttpExchange delete(String path) {
        return context.http().send(new HttpCall("DELETE", url(path), headers(), null, null, Set.of()));
    }

    /** The answer's JSON when the call succeeded; else a {@link VendorException} with the classified failure. */
    JsonNode answer(HttpExchange exchange, String what) {
        return VendorJson.okAnswer(exchange, () -> IntercomResults.classify(exchange, what, context.clock().instant()));
    }

    /**
     * Every item of a list call's {@code data}, page after page. Intercom's list APIs page with a
     * cursor: {@code pages.next.starting_after} in the answer goes to query {@code starting_after}
     * of the next call; an answer without it is the last page (lists that do not page have none).
     */
    List<JsonNode> list(String path, Map<String, String> query, String what) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursorsSeen = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> parameters = new LinkedHashMap<>(query);
            if (cursor != null) {
                parameters.put("starting_after", cursor);
            }
            JsonNode answer = answer(get(parameters.isEmpty() ? path : path + "?" + UrlParts.query(parameters)), what);
            answer.path("data").forEach(items::add);
            cursor = VendorJson.text(answer.path("pages").path("next").path("starting_after"));
            if (cursor == null || cursor.isBlank() || !cursorsSeen.add(cursor)) {
                return items;
            }
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "Intercom: " + what + ": still more pages after " + MAX_PAGES + "; stopped reading"));
    }

    private String url(String path) {
        return context.settings().baseUrl(IntercomSpec.host(context.setting(IntercomSpec.REGION))) + path;
    }

    private Map<String, String> headers() {
        Map<String, String> headers = VendorHeaders.bearerJson(context.accessToken());
        headers.put("Intercom-Version", IntercomSpec.API_VERSION);
        return headers;
    }
}
