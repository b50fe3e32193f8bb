package dev.openmeshes.connectors.discord;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpExchange;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a Discord API call. Errors carry {@code {code, message}}; the JSON code decides
 * before the status does. The bot token is the server's, shared by every connection, so only the
 * bot's removal from a server says something about one connection; a refused bot token is the
 * operator's to fix, and deactivates the connections that meet it until they are authorized again.
 */
final class DiscordResults {

    static final int UNKNOWN_CHANNEL = 10003;
    static final int UNKNOWN_GUILD = 10004;
    static final int MISSING_ACCESS = 50001;
    static final int MISSING_PERMISSIONS = 50013;

    static final String BOT_TOKEN_VARIABLE = ConnectorSettings.operatorSecretVariable(DiscordSpec.TYPE,
            DiscordSpec.BOT_TOKEN);

    private static final Map<Integer, String> EXPLAINED = Map.of(
            UNKNOWN_CHANNEL, "the channel was deleted, or is not in this server; pick another channel",
            MISSING_PERMISSIONS, "the bot may not post here; allow it Send Messages and Embed Links in the channel",
            50035, "Discord refused the message's form");

    private DiscordResults() {}

    /** The result of {@code what} (e.g. {@code create message}); a delivered call when 2xx. */
    static Answer classify(HttpExchange exchange, String what) {
        if (!exchange.answered()) {
            return new Answer(exchange.unanswered("Discord " + what + ": "), 0);
        }
        int status = exchange.status();
        JsonNode body = VendorJson.read(exchange.body());
        int code = body.path("code").isIntegralNumber() ? body.path("code").asInt() : 0;
        String message = "Discord " + what + ": HTTP " + status + describe(code, body);
        if (exchange.ok()) {
            return new Answer(exchange.delivered("Discord " + what + ": ok"), 0);
        }
        if (status == 429) {
            return new Answer(rateLimited(exchange, body, message), code);
        }
        if (status >= 500 || status == 408) {
            return new Answer(exchange.result(status == 408 ? Outcome.TIMEOUT : Outcome.REJECTED_SERVER_ERROR, true,
                    message), code);
        }
        if (status == 401) {
            return new Answer(exchange.result(Outcome.AUTH_FAILED, false, message + " (Discord refused the server's "
                    + "bot token; the operator must set a valid " + BOT_TOKEN_VARIABLE + ")")
                    .withVerdict(Verdict.CREDENTIALS_INVALID), code);
        }
        if (code == UNKNOWN_GUILD || code == UNKNOWN_CHANNEL || code == MISSING_PERMISSIONS || code == MISSING_ACCESS || status != 403) {
            return new Answer(exchange.result(Outcome.REJECTED_CLIENT_ERROR, false, message), code);
        }
        return new Answer(exchange.result(Outcome.AUTH_FAILED, false, message), code);
    }

    /**
     * The result of a call on the connection's server ({@code /guilds/{guild_id}…}): there, 10004
     * Unknown Guild and 50001 Missing Access mean the bot was removed from it.
     */
    static DeliveryResult guildCall(HttpExchange exchange, String what) {
        Answer answer = classify(exchange, what);
        DeliveryResult result = answer.result();
        if (answer.code() != UNKNOWN_GUILD && answer.code() != MISSING_ACCESS) {
            return result;
        }
        return new DeliveryResult(Outcome.AUTH_FAILED, false, result.statusCode(), result.duration(), null,
                result.responseBody(), result.requestHeaders(), result.message()
                + " (the bot is no longer in the Discord server; connect Discord again)",
                Verdict.AUTHORIZATION_REVOKED, null);
    }

    /** Nothing was sent: the server has no bot token to send it with. */
    static DeliveryResult noBotToken() {
        return DeliveryResult.refused(Outcome.AUTH_FAILED, "Discord: this server has no bot token; the operator must "
                + "set " + BOT_TOKEN_VARIABLE);
    }

    /**
     * Discord's {@code retry_after} (seconds, fractional) says when to try again more precisely than
     * the whole-second {@code Retry-After} header, which is the fallback.
     */
    private static DeliveryResult rateLimited(HttpExchange exchange, JsonNode body, String message) {
        JsonNode retryAfter = body.path("retry_after");
        Duration wait = retryAfter.isNumber() && retryAfter.asDouble() >= 0
                ? Duration.ofMillis((long) Math.ceil(retryAfter.asDouble() * 1000)) : exchange.retryAfter();
        boolean global = body.path("global").asBoolean(false);
        return new DeliveryResult(Outcome.RATE_LIMITED, true, exchange.status(), exchange.duration(), wait,
                exchange.body(), exchange.recordedHeaders(), message + (global ? " (the bot's global rate limit)"
                : " (rate limited)"));
    }

    private static String describe(int code, JsonNode body) {
        String vendorMessage = body.path("message").isString() ? body.path("message").asString() : "";
        StringBuilder text = new StringBuilder();
        if (code != 0) {
            text.append(" code ").append(code);
        }
        if (!vendorMessage.isEmpty()) {
            text.append(' ').append(vendorMessage);
        }
        if (EXPLAINED.containsKey(code)) {
            text.append(" (").append(EXPLAINED.get(code)).append(')');
        }
        return text.toString();
    }

    /** A call's result and Discord's JSON error code (0 when none). */
    record Answer(DeliveryResult result, int code) {}
}
