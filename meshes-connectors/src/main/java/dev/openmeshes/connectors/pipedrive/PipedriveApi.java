package dev.openmeshes.connectors.pipedrive;

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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The API of one connection's Pipedrive company for one operation: its host (the token answer's
 * {@code api_domain}, or the configured base URL, which replaces it) with {@code /api/v2} for persons
 * and person fields and {@code /api/v1} for the current user, and the one access token the operation
 * started with.
 */
final class PipedriveApi {

    /** Person fields a page (Pipedrive's maximum). */
    static final int PAGE_SIZE = 500;
    /** 250,000 person fields: a cursor that never ends is the vendor's fault. */
    static final int MAX_PAGES = 500;

    private final OutboundHttp http;
    private final String host;
    private final String token;
    private final InstantSource clock;

    private PipedriveApi(OutboundHttp http, String host, String token, InstantSource clock) {
        this.http = http;
        this.host = host;
        this.token = token;
        this.clock = clock;
    }

    static PipedriveApi of(ConnectorContext context) {
        AccessToken current = context.tokens().current();
        if (context.settings().baseUrl().isPresent()) {
            return new PipedriveApi(context.http(), context.settings().baseUrl().get(), current.value(), context.clock());
        }
        // api_domain came with the tokens, possibly from a client (metadata.oauth): the guarded client.
        Object domain = current.details().get("api_domain");
        String host = domain instanceof String url && !url.isBlank() ? UrlParts.withoutTrailingSlash(url.strip()) : null;
        return new PipedriveApi(context.guardedHttp(), host, current.value(), context.clock());
    }

    /** Null when the API can be called, else why not (with the verdict that asks for a new authorization). */
    DeliveryResult unusable() {
        if (host != null) {
            return null;
        }
        return DeliveryResult.refused(Outcome.AUTH_FAILED, "Pipedrive: the authorization did not say which company "
                + "domain to call (no api_domain): connect Pipedrive again").withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
    }

    HttpExchange get(String path) {
        return http.send(HttpCall.get(host + path, headers()));
    }

    HttpExchange send(String method, String path, Map<String, Object> body) {
        return http.send(HttpCall.json(method, host + path, headers(), VendorJson.write(body)));
    }

    DeliveryResult classify(HttpExchange exchange, String what) {
        return PipedriveResults.classify(exchange, what, clock.instant());
    }

    /** The {@code data} of a successful answer; a failed or unreadable one is a {@link VendorException}. */
    JsonNode data(HttpExchange exchange, String what) {
        JsonNode data = VendorJson.okAnswer(exchange, () -> classify(exchange, what)).path("data");
        if (data.isMissingNode()) {
            throw new VendorException(PipedriveResults.unexpected(exchange, what));
        }
        return data;
    }

    /**
     * Every item of a v2 list call, page after page: {@code additional_data.next_cursor} goes to the
     * next call's {@code cursor}; null (or absent) marks the last page.
     */
    List<JsonNode> list(String path, String what) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursorsSeen = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", String.valueOf(PAGE_SIZE));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            HttpExchange answer = get(path + "?" + UrlParts.query(query));
            JsonNode data = data(answer, what);
            if (!data.isArray()) {
                throw new VendorException(PipedriveResults.unexpected(answer, what));
            }
            data.forEach(items::add);
            cursor = PipedriveResults.text(VendorJson.read(answer.body()).path("additional_data").path("next_cursor"));
            if (cursor == null) {
                return items;
            }
            if (!cursorsSeen.add(cursor)) {
                throw new VendorException(answer.result(Outcome.REJECTED_SERVER_ERROR, true,
                        "Pipedrive: " + what + ": the same page cursor came back twice"));
            }
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "Pipedrive: " + what + ": still more pages after " + MAX_PAGES + "; stopped reading"));
    }

    private Map<String, String> headers() {
        return VendorHeaders.bearerJson(token);
    }
}
