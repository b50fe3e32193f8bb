package dev.openmeshes.connectors.zoom;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorHeaders;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
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
 * The {@code zoom} connection type: registers the event's person for a meeting or a webinar of
 * the user who authorized the app. Zoom registers by email directly, so there is no person to
 * find first; registering an email again answers its existing registration (201), which makes a
 * retried delivery harmless. Stateless: every call works from its {@link ConnectorContext}.
 */
public final class ZoomConnector implements Connector {

    /** Zoom's largest page for the list calls. */
    static final int PAGE_SIZE = 300;
    /** 60,000 meetings: a loop guard against a vendor that never stops paging. */
    static final int MAX_PAGES = 200;

    @Override
    public ConnectorSpec spec() {
        return ZoomSpec.SPEC;
    }

    /** {@code GET /users/me}: the authorizing user, Zoom's cheapest authenticated call. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        DeliveryResult result = ZoomAnswers.classify(send(context, HttpCall.get(url(context, "/users/me"),
                headers(context))), "checking the connection");
        return result.delivered() ? null : result;
    }

    /** The user's upcoming meetings and their webinars, each list read to its last page. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(ZoomSpec.MEETINGS, list(context, "/users/me/meetings", Map.of("type", "upcoming"),
                ZoomSpec.MEETINGS, "listing your meetings"));
        data.put(ZoomSpec.WEBINARS, list(context, "/users/me/webinars", Map.of(), ZoomSpec.WEBINARS,
                "listing your webinars"));
        return data;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, DeliveryRequest request) {
        ActionSpec action = spec().action(request.action()).orElse(null);
        if (action == null) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "Zoom: unknown action '" + request.action()
                    + "'; known: " + spec().actions().stream().map(ActionSpec::key).toList());
        }
        boolean meeting = action.key().equals(ZoomSpec.ADD_MEETING_REGISTRANT);
        String noun = meeting ? "meeting" : "webinar";
        String id = request.metadata("id");
        // Zoom shows IDs grouped with spaces ("853 9098 9484"); people paste them that way.
        id = id == null ? "" : id.replaceAll("\\s", "");
        if (id.isEmpty()) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "Zoom: the rule names no " + noun
                    + ": metadata.id is required by " + action.key());
        }
        ZoomRegistrant registrant = ZoomRegistrant.from(request);
        if (registrant.refusal() != null) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR, registrant.refusal());
        }
        String path = (meeting ? "/meetings/" : "/webinars/") + UrlParts.segment(id) + "/registrants";
        HttpExchange exchange = send(context, HttpCall.json("POST", url(context, path), headers(context),
                VendorJson.write(registrant.body())));
        DeliveryResult result = ZoomAnswers.classify(exchange, "adding the " + noun + " registrant");
        if (!result.delivered()) {
            return result;
        }
        String registrantId = ZoomAnswers.text(VendorJson.read(exchange.body()).path("registrant_id"));
        return exchange.delivered("Zoom: registered " + registrant.body().get("email")
                + " for " + noun + " " + id + (registrantId == null ? "" : " (registrant " + registrantId + ")"));
    }

    /**
     * Every item of a paged list as {@code {id, name}}, following {@code next_page_token} to the
     * last page. Recurring meetings can appear once per occurrence: each ID is kept once.
     */
    private List<Map<String, Object>> list(ConnectorContext context, String path, Map<String, String> filter,
                                           String arrayKey, String what) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        Set<String> seenTokens = new HashSet<>();
        String token = null;
        for (int page = 1; ; page++) {
            Map<String, String> query = new LinkedHashMap<>(filter);
            query.put("page_size", String.valueOf(PAGE_SIZE));
            if (token != null) {
                query.put("next_page_token", token);
            }
            HttpExchange exchange = send(context, HttpCall.get(url(context, path) + "?" + UrlParts.query(query),
                    headers(context)));
            if (!exchange.ok()) {
                if (arrayKey.equals(ZoomSpec.WEBINARS) && exchange.answered() && exchange.status() == 400
                        && ZoomAnswers.ZoomError.of(exchange.body()).webinarPlanMissing()) {
                    return List.of(); // a user without the webinar add-on has no webinars, not a broken connection
                }
                throw new VendorException(ZoomAnswers.classify(exchange, what));
            }
            JsonNode answer = VendorJson.read(exchange.body());
            for (JsonNode item : answer.path(arrayKey)) {
                String id = ZoomAnswers.text(item.path("id"));
                if (id != null) {
                    String topic = ZoomAnswers.text(item.path("topic"));
                    byId.putIfAbsent(id, Map.of("id", id, "name", topic == null || topic.isBlank() ? id : topic));
                }
            }
            token = ZoomAnswers.text(answer.path("next_page_token"));
            if (token == null || token.isEmpty()) {
                return new ArrayList<>(byId.values());
            }
            if (!seenTokens.add(token) || page >= MAX_PAGES) {
                throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR, "Zoom: " + what
                        + " failed: the pages did not end (page " + page + ")"));
            }
        }
    }

    private static HttpExchange send(ConnectorContext context, HttpCall call) {
        return context.http().send(call);
    }

    private static String url(ConnectorContext context, String path) {
        return context.settings().baseUrl(ZoomSpec.BASE_URL) + path;
    }

    private static Map<String, String> headers(ConnectorContext context) {
        return VendorHeaders.bearerJson(context.accessToken());
    }
}
