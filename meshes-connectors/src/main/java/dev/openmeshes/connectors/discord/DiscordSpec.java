package dev.openmeshes.connectors.discord;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.Authentication.OAuth2.ClientAuth;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code discord} type, declared once: Meshes' bot added to one Discord server (guild) by the
 * OAuth bot install, no connection fields (the guild comes with the token answer), the app-wide bot
 * token as an operator secret, and one action that posts a message.
 */
final class DiscordSpec {

    static final String TYPE = "discord";
    static final String SEND_MESSAGE = "send_message";
    /** The key of the live action data and of the input that picks from it. */
    static final String CHANNELS = "channels";
    /** The operator secret every call is authorized with: {@code MESHES_CONNECTOR_DISCORD_BOT_TOKEN}. */
    static final String BOT_TOKEN = "bot_token";
    /** What the platform keeps of the token answer's {@code guild} object. */
    static final String GUILD_ID = "guild_id";

    /** Mapped destination fields: parts of the message's embed besides the rule's title and template. */
    static final String URL = "url";
    static final String FOOTER = "footer";
    static final String TIMESTAMP = "timestamp";

    /**
     * Scope {@code bot} adds the bot to the server the user picks; {@code permissions=19456} asks for
     * View Channel (1024), Send Messages (2048) and Embed Links (16384). Bot tokens do not expire, and
     * the user token of the grant is not used afterwards: nothing to refresh.
     */
    static final Authentication.OAuth2 AUTHENTICATION = new Authentication.OAuth2(
            "https://discord.com/oauth2/authorize", "https://discord.com/api/oauth2/token", List.of("bot"),
            ClientAuth.BODY, false, Map.of("permissions", "19456"));

    private static final ActionSpec SEND = new ActionSpec(SEND_MESSAGE, "Send message", "message",
            "Posts a message to a channel of the Discord server for each matching event: the title as an embed's "
                    + "title and the rendered template as its text, or plain text when there is no title. Mentions "
                    + "in event values never ping anyone.",
            List.of(new ActionInput.Pick(CHANNELS, "id", "Channel", "channel", true),
                    new ActionInput.Entry("title", "title", "Title", "text",
                            "Optional; {{field}} inserts a value of the event payload. At most 256 characters are shown.",
                            "New signup", false),
                    new ActionInput.Entry("template", "template", "Message", "textarea",
                            "The message text; {{field}} inserts a value of the event payload. A text longer than "
                                    + "Discord allows (2000 characters, 4096 under a title) is cut, ending in …",
                            "{{email}} joined on the {{plan}} plan", true)),
            List.of(FieldDefinition.of(URL, Type.STRING, "Link").described("Makes the embed's title a link")
                            .constrained(new Constraints("uri", null, null, DiscordMessage.MAX_URL, null, null, null,
                                    null, null)),
                    FieldDefinition.of(FOOTER, Type.STRING, "Footer").described("Small text under the message")
                            .constrained(new Constraints(null, null, null, DiscordMessage.MAX_FOOTER, null, null, null,
                                    null, null)),
                    FieldDefinition.of(TIMESTAMP, Type.DATETIME, "Time").described("Shown in the embed's footer")
                            .constrained(Constraints.format("date-time"))));

    /**
     * Discord allows 5 messages per 5 s in one channel (and 50 requests per second for the whole bot,
     * which no per-connection limit can keep); beyond its limits it answers 429 with Retry-After,
     * which the worker honours.
     */
    static final ConnectorSpec SPEC = new ConnectorSpec(TYPE, "Discord", AUTHENTICATION, List.of(), List.of(SEND),
            new ConnectorSpec.RateLimit(5, Duration.ofSeconds(5)), List.of(BOT_TOKEN));

    private DiscordSpec() {}
}
