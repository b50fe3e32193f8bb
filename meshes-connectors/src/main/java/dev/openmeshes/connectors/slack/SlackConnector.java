package dev.openmeshes.connectors.slack;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The {@code slack} connection type: a Slack app installed in a workspace as a bot posts a message,
 * rendered from the rule's template, to the rule's channel ({@code chat.postMessage}). The channel
 * picker lists public and private channels ({@code conversations.list}). Stateless: every call works
 * from its {@link ConnectorContext} alone.
 */
public final class SlackConnector implements Connector {

    /** The Web API; a configured base URL replaces it (it holds no version prefix besides {@code /api}). */
    static final String VENDOR_BASE = "https://slack.com/api";
    /** Slack recommends at most 200 items per page of a cursor-paginated method. */
    static final int PAGE_SIZE = 200;
    /** Stops a cursor that never ends: 500 pages of 200 are 100,000 channels. */
    static final int MAX_PAGES = 500;

    private static final DeliveryResult NO_TOKEN = DeliveryResult.refused(Outcome.AUTH_FAILED,
            "Slack: the connection has no access token; connect Slack again").withVerdict(Verdict.REAUTHORIZATION_REQUIRED);

    public SlackConnector() {}

    @Override
    public ConnectorSpec spec() {
        return SlackSpec.SPEC;
    }

    /**
     * {@code auth.test}, which needs no scope; the scopes the token carries (Slack's
     * {@code x-oauth-scopes} header, when sent) must include every scope the type asks for.
     */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        String token = context.accessTokenOrNull();
        if (token == null) {
            return NO_TOKEN;
        }
        HttpExchange exchange = context.http().send(new HttpCall("POST", url(context, "auth.test"), auth(token),
                null, null, Set.of()));
        DeliveryResult result = SlackResults.classify(exchange, "auth.test");
        if (!result.delivered()) {
            return result;
        }
        List<String> missing = missingScopes(exchange);
        if (!missing.isEmpty()) {
            return exchange.result(Outcome.AUTH_FAILED, false, "Slack: the app was installed without scope "
                    + String.join(", ", missing) + "; connect Slack again").withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
        }
        return null;
    }

    /** {@code channels}: the workspace's public and private channels that are not archived, every page. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        String token = context.accessTokenOrNull();
        if (token == null) {
            throw new VendorException(NO_TOKEN);
        }
        List<Map<String, Object>> channels = new ArrayList<>();
        String cursor = "";
        for (int page = 1; page <= MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("types", "public_channel,private_channel");
            query.put("exclude_archived", "true");
            query.put("limit", String.valueOf(PAGE_SIZE));
            if (!cursor.isEmpty()) {
                query.put("cursor", cursor);
            }
            HttpExchange exchange = context.http().send(HttpCall.get(
                    url(context, "conversations.list") + "?" + UrlParts.query(query), auth(token)));
            DeliveryResult result = SlackResults.classify(exchange, "conversations.list");
            if (!result.delivered()) {
                throw new VendorException(result);
            }
            JsonNode answer = VendorJson.read(exchange.body());
            for (JsonNode channel : answer.path("channels")) {
                String id = SlackResults.text(channel.path("id"));
                if (!id.isEmpty()) {
                    channels.add(Map.of("id", id, "name", SlackResults.text(channel.path("name"))));
                }
            }
            String next = SlackResults.text(answer.path("response_metadata").path("next_cursor"));
            if (next.isEmpty()) {
                return Map.of(SlackSpec.CHANNELS, List.copyOf(channels));
            }
            if (next.equals(cursor)) {
                throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                        "Slack conversations.list: the same page cursor came back twice"));
            }
            cursor = next;
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "Slack conversations.list: still more channels after " + MAX_PAGES + " pages"));
    }

    /**
     * {@code send_message}: {@code chat.postMessage} with the rule's channel ({@code metadata.id}) and
     * its rendered template ({@code metadata.template}) as the text. Slack has no idempotency key, so
     * a retry after a lost answer may post twice.
     */
    @Override
    public DeliveryResult deliver(ConnectorContext context, DeliveryRequest request) {
        if (!SlackSpec.SEND_MESSAGE.equals(request.action())) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "Slack: unknown action '" + request.action()
                    + "'; known: [" + SlackSpec.SEND_MESSAGE + "]");
        }
        String channel = strip(request.metadata("id"));
        if (channel.isEmpty()) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR,
                    "Slack: the rule names no channel (metadata.id)");
        }
        String template = request.metadata("template");
        if (template == null) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR,
                    "Slack: the rule has no message template (metadata.template)");
        }
        if (template.isBlank()) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR,
                    "Slack: the message is empty once the template is filled in from the event");
        }
        String token = context.accessTokenOrNull();
        if (token == null) {
            return NO_TOKEN;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", channel);
        message.put("text", plainText(template));
        // Slack warns about JSON without a charset; the body is UTF-8.
        HttpCall call = new HttpCall("POST", url(context, "chat.postMessage"), auth(token),
                VendorJson.write(message).getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8", Set.of());
        return SlackResults.classify(context.http().send(call), "chat.postMessage");
    }

    /**
     * Slack reads {@code &}, {@code <} and {@code >} as control characters ({@code <!channel>},
     * {@code <@U123>}, {@code <url|label>}) and asks for them as HTML entities when meant literally.
     * The template arrives already filled in from the event, so payload values cannot be told from
     * the rule's own text: all are escaped, and no event can ping a channel or disguise a link.
     * Slack's *bold*, _italic_ and bare URLs still work.
     */
    static String plainText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<String> missingScopes(HttpExchange exchange) {
        return exchange.header("x-oauth-scopes")
                .map(granted -> Arrays.stream(granted.split(",")).map(String::strip).collect(Collectors.toSet()))
                .map(granted -> SlackSpec.AUTHENTICATION.scopes().stream().filter(s -> !granted.contains(s)).toList())
                .orElse(List.of());
    }

    private static String url(ConnectorContext context, String method) {
        return context.settings().baseUrl(VENDOR_BASE) + "/" + method;
    }

    private static Map<String, String> auth(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
