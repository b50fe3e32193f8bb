package dev.openmeshes.connectors.discord;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code discord} connection type: Meshes' bot, added to one Discord server by the OAuth bot
 * install, posts a message rendered from the rule's title and template to the rule's channel
 * (Create Message). The channel picker lists the server's text and announcement channels. Every
 * call carries the server's app-wide bot token ({@code MESHES_CONNECTOR_DISCORD_BOT_TOKEN}); a
 * connection only knows its server ({@code guild_id}, from the token answer). Stateless.
 */
public final class DiscordConnector implements Connector {

    /** The REST API with its version prefix; a configured base URL replaces it. */
    static final String VENDOR_BASE = "https://discord.com/api/v10";
    /** Discord asks every HTTP client to name itself so ({@code DiscordBot (url, version)}). */
    static final String USER_AGENT = "DiscordBot (https://github.com/openmeshes/openmeshes, 0.1)";
    /** Channel types a bot can post a message to: GUILD_TEXT and GUILD_ANNOUNCEMENT. */
    static final Set<Integer> MESSAGE_CHANNELS = Set.of(0, 5);
    /** Discord ids are snowflakes: unsigned 64-bit integers written in decimal. */
    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,20}");

    private static final DeliveryResult NO_GUILD = DeliveryResult.refused(Outcome.AUTH_FAILED,
            "Discord: the connection names no Discord server (guild_id); connect Discord again")
            .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);

    public DiscordConnector() {}

    @Override
    public ConnectorSpec spec() {
        return DiscordSpec.SPEC;
    }

    /** Get Guild with the bot token: the bot is still in the connection's server. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        String botToken = botToken(context);
        if (botToken == null) {
            return DiscordResults.noBotToken();
        }
        String guild = guild(context);
        if (guild == null) {
            return NO_GUILD;
        }
        DeliveryResult result = getGuild(context, botToken, guild);
        return result.delivered() ? null : result;
    }

    /** {@code channels}: the server's text and announcement channels, in Discord's order (one answer, no pages). */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        String botToken = botToken(context);
        if (botToken == null) {
            throw new VendorException(DiscordResults.noBotToken());
        }
        String guild = guild(context);
        if (guild == null) {
            throw new VendorException(NO_GUILD);
        }
        HttpExchange exchange = context.http().send(HttpCall.get(
                url(context, "/guilds/" + UrlParts.segment(guild) + "/channels"), headers(botToken)));
        DeliveryResult result = DiscordResults.guildCall(exchange, "list channels");
        if (!result.delivered()) {
            throw new VendorException(result);
        }
        JsonNode answer = VendorJson.read(exchange.body());
        if (!answer.isArray()) {
            throw new VendorException(exchange.result(Outcome.REJECTED_SERVER_ERROR, true,
                    "Discord list channels: the answer is not a list of channels"));
        }
        List<Map<String, Object>> channels = new ArrayList<>();
        for (JsonNode channel : answer) {
            if (MESSAGE_CHANNELS.contains(channel.path("type").asInt(-1)) && channel.path("id").isString()) {
                channels.add(Map.of("id", channel.path("id").asString(), "name", channel.path("name").asString("")));
            }
        }
        return Map.of(DiscordSpec.CHANNELS, List.copyOf(channels));
    }

    /**
     * {@code send_message}: Create Message in the rule's channel ({@code metadata.id}). A 50001
     * Missing Access is asked about once more with Get Guild: a bot removed from the server
     * deactivates the connection, a bot that only cannot see the channel fails this delivery.
     */
    @Override
    public DeliveryResult deliver(ConnectorContext context, DeliveryRequest request) {
        if (!DiscordSpec.SEND_MESSAGE.equals(request.action())) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "Discord: unknown action '" + request.action()
                    + "'; known: [" + DiscordSpec.SEND_MESSAGE + "]");
        }
        String channel = strip(request.metadata("id"));
        if (!SNOWFLAKE.matcher(channel).matches()) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, channel.isEmpty()
                    ? "Discord: the rule names no channel (metadata.id)"
                    : "Discord: the rule's channel (metadata.id) is not a Discord channel id");
        }
        String template = request.metadata("template");
        if (template == null) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR,
                    "Discord: the rule has no message template (metadata.template)");
        }
        if (template.isBlank()) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR,
                    "Discord: the message is empty once the template is filled in from the event");
        }
        DiscordMessage message;
        try {
            message = DiscordMessage.of(request.metadata("title"), template, request.mapped(), request.deliveryId());
        } catch (DiscordMessage.Unsendable e) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR, "Discord: " + e.getMessage());
        }
        String botToken = botToken(context);
        if (botToken == null) {
            return DiscordResults.noBotToken();
        }
        HttpExchange exchange = context.http().send(HttpCall.json("POST",
                url(context, "/channels/" + channel + "/messages"), headers(botToken), VendorJson.write(message.body())));
        DiscordResults.Answer answer = DiscordResults.classify(exchange, "create message");
        if (answer.code() != DiscordResults.MISSING_ACCESS) {
            return answer.result();
        }
        String guild = guild(context);
        DeliveryResult guildCheck = guild == null ? NO_GUILD : getGuild(context, botToken, guild);
        if (guildCheck.verdict() != null) {
            return guildCheck;
        }
        return new DeliveryResult(Outcome.REJECTED_CLIENT_ERROR, false, exchange.status(), exchange.duration(), null,
                exchange.body(), exchange.recordedHeaders(), answer.result().message()
                + " (the bot cannot see the channel; allow it View Channel there)");
    }

    private static DeliveryResult getGuild(ConnectorContext context, String botToken, String guild) {
        return DiscordResults.guildCall(context.http().send(HttpCall.get(
                url(context, "/guilds/" + UrlParts.segment(guild)), headers(botToken))), "get server");
    }

    private static String url(ConnectorContext context, String path) {
        return context.settings().baseUrl(VENDOR_BASE) + path;
    }

    private static Map<String, String> headers(String botToken) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bot " + botToken);
        headers.put("User-Agent", USER_AGENT);
        return headers;
    }

    private static String botToken(ConnectorContext context) {
        return context.settings().operatorSecret(DiscordSpec.BOT_TOKEN).filter(t -> !t.isBlank()).orElse(null);
    }

    /** The connection's server, from the token answer's {@code guild}; null when it has none. */
    private static String guild(ConnectorContext context) {
        try {
            Object guild = context.tokenDetails().get(DiscordSpec.GUILD_ID);
            String id = guild == null ? "" : String.valueOf(guild).strip();
            return SNOWFLAKE.matcher(id).matches() ? id : null;
        } catch (IllegalStateException noToken) {
            return null;
        }
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
