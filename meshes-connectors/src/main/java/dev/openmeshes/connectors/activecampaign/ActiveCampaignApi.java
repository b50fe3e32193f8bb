package dev.openmeshes.connectors.activecampaign;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.OutboundHttp;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * ActiveCampaign's v3 API for one connection: {@code <api_url>/api/3} through the guarded client
 * (the URL came from a client), or the configured base URL, which replaces all of it; the
 * connection's key in {@code Api-Token} on every call, recorded redacted.
 */
record ActiveCampaignApi(OutboundHttp http, String base, String apiKey) {

    /** The most a list page holds. */
    static final int PAGE_SIZE = 100;
    /** 100,000 lists or tags: an end to a vendor whose total never comes within reach. */
    static final int MAX_PAGES = 1_000;
    private static final String TOKEN_HEADER = "Api-Token";

    /**
     * The API of the context's connection. Metadata saved before {@code api_url} was checked as it
     * is now leaves nowhere safe to call: a {@link VendorException} whose verdict asks for new settings.
     */
    static ActiveCampaignApi of(ConnectorContext context) {
        String key = context.setting(ActiveCampaignSpec.API_KEY);
        if (context.settings().baseUrl().isPresent()) {
            return new ActiveCampaignApi(context.http(), context.settings().baseUrl().get(), key);
        }
        String account = context.setting(ActiveCampaignSpec.API_URL);
        if (account == null || ActiveCampaignUrl.problem(account) != null) {
            throw new VendorException(DeliveryResult.refused(Outcome.AUTH_FAILED, "ActiveCampaign: metadata.api_url "
                    + "is not the account's https API URL; save the connection with the URL from Settings → Developer")
                    .withVerdict(Verdict.CREDENTIALS_INVALID));
        }
        return new ActiveCampaignApi(context.guardedHttp(),
                ActiveCampaignUrl.accountBase(account) + ActiveCampaignSpec.VERSION_PREFIX, key);
    }

    HttpExchange get(String path, Map<String, String> query) {
        return http.send(call("GET", path + (query.isEmpty() ? "" : "?" + UrlParts.query(query)), null));
    }

    HttpExchange post(String path, Object body) {
        return http.send(call("POST", path, VendorJson.write(body)));
    }

    HttpExchange delete(String path) {
        return http.send(call("DELETE", path, null));
    }

    /** The answer's JSON when the call succeeded with one; else a {@link VendorException} with the classified failure. */
    static JsonNode answer(HttpExchange exchange, String what) {
        JsonNode json = VendorJson.okAnswer(exchange, () -> ActiveCampaignResults.classify(exchange, what));
        if (!json.isObject()) {
            throw new VendorException(ActiveCampaignResults.unexpected(exchange, what));
        }
        return json;
    }

    /** Every item of a list call, each page's whole answer (side-loaded records), and the last page's exchange. */
    record Listing(List<JsonNode> items, List<JsonNode> pages, HttpExchange last) {}

    List<JsonNode> list(String path, String key, String what) {
        return listing(path, key, what).items();
    }

    /**
     * Every item under {@code key} of a list call, offset-paged: {@code limit=100&offset=N} until
     * {@code meta.total} items (a string in ActiveCampaign's answers) are read, or a page comes back
     * empty; an answer without {@code meta.total} is the whole list.
     */
    Listing listing(String path, String key, String what) {
        List<JsonNode> items = new ArrayList<>();
        List<JsonNode> pages = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", String.valueOf(PAGE_SIZE));
            query.put("offset", String.valueOf(items.size()));
            HttpExchange exchange = get(path, query);
            JsonNode answer = answer(exchange, what);
            pages.add(answer);
            JsonNode pageItems = answer.path(key);
            pageItems.forEach(items::add);
            long total = total(answer);
            if (pageItems.isEmpty() || total < 0 || items.size() >= total) {
                return new Listing(items, pages, exchange);
            }
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "ActiveCampaign: " + what + ": still more after " + MAX_PAGES + " pages; stopped reading"));
    }

    /** {@code meta.total}, or -1 when the answer has none (then the page is the whole list). */
    private static long total(JsonNode answer) {
        try {
            return Long.parseLong(ActiveCampaignResults.text(answer.path("meta").path("total")));
        } catch (NumberFormatException none) {
            return -1;
        }
    }

    private HttpCall call(String method, String pathAndQuery, String json) {
        Map<String, String> headers = Map.of("Accept", "application/json");
        HttpCall call = json == null ? new HttpCall(method, base + pathAndQuery, headers, null, null, Set.of())
                : HttpCall.json(method, base + pathAndQuery, headers, json);
        return call.withSecretHeader(TOKEN_HEADER, apiKey == null ? "" : apiKey);
    }

    @Override
    public String toString() {
        return "ActiveCampaignApi[" + base + "]"; // never the key
    }
}
