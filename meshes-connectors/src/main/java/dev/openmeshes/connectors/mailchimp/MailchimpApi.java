package dev.openmeshes.connectors.mailchimp;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Mailchimp's Marketing API for one connection: its data center's host (or the configured base
 * URL), and the API key as the password of HTTP Basic on every call.
 */
record MailchimpApi(ConnectorContext context) {

    /** The most a collection call returns at once. */
    static final int PAGE_SIZE = 1000;
    /** 500 pages of 1,000 are more audiences or merge fields than any account holds. */
    static final int MAX_PAGES = 500;
    /** Mailchimp ignores the user name of Basic authentication; this one names the caller. */
    private static final String USER = "openmeshes";

    HttpExchange get(String pathAndQuery) {
        return context.http().send(HttpCall.get(url(pathAndQuery), headers()));
    }

    HttpExchange put(String path, Object body) {
        return context.http().send(HttpCall.json("PUT", url(path), headers(), VendorJson.write(body)));
    }

    HttpExchange patch(String path, Object body) {
        return context.http().send(HttpCall.json("PATCH", url(path), headers(), VendorJson.write(body)));
    }

    /**
     * Every item of a collection's {@code itemsKey}, page after page: {@code count} and
     * {@code offset} (advanced by the items each page held) until {@code total_items} are read or
     * a page comes back empty. {@code fields} trims the answers to what is used.
     */
    List<JsonNode> list(String path, String itemsKey, String fields, String what) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("count", String.valueOf(PAGE_SIZE));
            query.put("offset", String.valueOf(items.size()));
            query.put("fields", fields + ",total_items");
            HttpExchange exchange = get(path + "?" + UrlParts.query(query));
            DeliveryResult result = MailchimpResults.classify(exchange, what);
            if (!result.delivered()) {
                throw new VendorException(result);
            }
            JsonNode answer = VendorJson.read(exchange.body());
            int before = items.size();
            answer.path(itemsKey).forEach(items::add);
            if (items.size() == before || items.size() >= answer.path("total_items").asInt(0)) {
                return items;
            }
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "Mailchimp: " + what + ": still more after " + MAX_PAGES + " pages; stopped reading"));
    }

    private String url(String path) {
        return context.settings().baseUrl(vendorBase()) + path;
    }

    /** The data center's API; a data center that no validation let through is refused, never called. */
    private String vendorBase() {
        String dataCenter = context.setting(MailchimpSpec.DATA_CENTER);
        if (dataCenter == null || !MailchimpSpec.DATA_CENTER_NAME.matcher(dataCenter).matches()) {
            throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR,
                    "Mailchimp: metadata.data_center is not a data center name; fix the connection"));
        }
        return MailchimpSpec.vendorBase(dataCenter);
    }

    private Map<String, String> headers() {
        String key = context.setting(MailchimpSpec.API_KEY);
        String credentials = USER + ":" + (key == null ? "" : key);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        headers.put("Accept", "application/json");
        return headers;
    }
}
