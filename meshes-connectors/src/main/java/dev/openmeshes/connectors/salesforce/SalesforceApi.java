package dev.openmeshes.connectors.salesforce;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorHeaders;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.OutboundHttp;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The REST API of one connection's org for one operation: {@code <instance_url>/services/data/v62.0}
 * (or the configured base URL, which replaces all of it), with the one access token the operation
 * started with.
 */
final class SalesforceApi {

    private static final String VERSION_PREFIX = "/services/data/" + SalesforceSpec.API_VERSION;
    /** {@code nextRecordsUrl} is a path from the host: {@code /services/data/v62.0/query/01gD…-2000}. */
    private static final Pattern NEXT_RECORDS = Pattern.compile("^/services/data/v\\d+\\.\\d+(/query/[^?#]+)$");
    /** 2,000 records a page: enough for a million campaigns, and an end to a vendor that pages in circles. */
    private static final int MAX_PAGES = 500;

    private final OutboundHttp http;
    private final String base;
    private final String token;

    private SalesforceApi(OutboundHttp http, String base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /**
     * The API of the context's connection; a token answer without {@code instance_url} (and no base
     * URL configured) leaves nowhere to call: the connection has to be authorized again.
     */
    static SalesforceApi of(ConnectorContext context) {
        AccessToken current = context.tokens().current();
        Object instance = current.details().get("instance_url");
        String vendorBase = instance instanceof String url && !url.isBlank()
                ? UrlParts.withoutTrailingSlash(url.strip()) + VERSION_PREFIX : null;
        if (context.settings().baseUrl().isPresent()) {
            return new SalesforceApi(context.http(), context.settings().baseUrl().get(), current.value());
        }
        // The instance came with the tokens (from a client, for tokens in metadata.oauth): the guarded client.
        return new SalesforceApi(context.guardedHttp(), vendorBase, current.value());
    }

    /** Null when the API can be called, else why not (with the verdict that asks for a new authorization). */
    DeliveryResult unusable() {
        if (base != null) {
            return null;
        }
        return DeliveryResult.refused(Outcome.AUTH_FAILED, "Salesforce: the authorization did not say which "
                + "Salesforce instance to call (no instance_url): connect the account again")
                .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
    }

    HttpExchange get(String path) {
        return http.send(HttpCall.get(base + path, headers()));
    }

    HttpExchange send(String method, String path, Map<String, Object> body) {
        return http.send(HttpCall.json(method, base + path, headers(), body == null ? null : VendorJson.write(body)));
    }

    /** One page of a SOQL query. */
    HttpExchange query(String soql) {
        return get("/query?" + UrlParts.query(Map.of("q", soql)));
    }

    /**
     * Every record of a SOQL query, following {@code nextRecordsUrl} to the last page. A failed page
     * is a {@link VendorException} naming {@code what} was read.
     */
    List<JsonNode> queryAll(String soql, String what) {
        List<JsonNode> records = new ArrayList<>();
        HttpExchange page = query(soql);
        for (int pages = 1; ; pages++) {
            JsonNode json = readOk(page, what);
            if (!json.path("records").isArray()) {
                throw new VendorException(SalesforceResults.unexpected(page, what));
            }
            json.path("records").forEach(records::add);
            if (json.path("done").asBoolean(true)) {
                return records;
            }
            Matcher next = NEXT_RECORDS.matcher(json.path("nextRecordsUrl").asString(""));
            if (!next.matches() || pages == MAX_PAGES) {
                throw new VendorException(SalesforceResults.unexpected(page, what + " (page " + pages + ")"));
            }
            page = get(next.group(1));
        }
    }

    /** The JSON of a successful answer; a failed or unreadable one is a {@link VendorException}. */
    static JsonNode readOk(HttpExchange exchange, String what) {
        JsonNode json = VendorJson.okAnswer(exchange, () -> SalesforceResults.classify(exchange, what));
        if (json.isMissingNode()) {
            throw new VendorException(SalesforceResults.unexpected(exchange, what));
        }
        return json;
    }

    private Map<String, String> headers() {
        return VendorHeaders.bearerJson(token);
    }
}
