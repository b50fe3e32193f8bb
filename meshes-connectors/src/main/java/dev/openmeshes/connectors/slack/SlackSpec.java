package dev.openmeshes.connectors.slack;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.Authentication.OAuth2.ClientAuth;
import dev.openmeshes.core.connector.ConnectorSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code slack} type, declared once: a Slack app installed with OAuth v2 as a bot, no
 * connection fields (the workspace comes with the token), and one action that posts a message.
 */
final class SlackSpec {

    static final String TYPE = "slack";
    static final String SEND_MESSAGE = "send_message";
    /** The key of the live action data and of the input that picks from it. */
    static final String CHANNELS = "channels";

    /**
     * Bot scopes: post ({@code chat:write}), also in public channels the bot has not joined
     * ({@code chat:write.public}), and list public and private channels for the picker.
     * Tokens never expire unless the app turns on token rotation (then 12 h, refreshed with
     * {@code grant_type=refresh_token}); refreshes=true lets the platform refresh those, and a
     * token Slack calls {@code token_expired}.
     */
    static final Authentication.OAuth2 AUTHENTICATION = new Authentication.OAuth2(
            "https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access",
            List.of("chat:write", "chat:write.public", "channels:read", "groups:read"), ClientAuth.BODY, true, Map.of())
            .joiningScopesWith(","); // Slack's authorize URL takes the scopes comma-separated

    private static final ActionSpec SEND = new ActionSpec(SEND_MESSAGE, "Send message", "message",
            "Posts a message to a Slack channel for each matching event. The bot posts in any public channel; "
                    + "invite it to a private channel first.",
            List.of(new ActionInput.Pick(CHANNELS, "id", "Channel", "channel", true),
                    new ActionInput.Entry("template", "template", "Message", "textarea",
                            "The message text; {{field}} inserts a value of the event payload. Slack's &, < and > "
                                    + "are sent as plain characters, so a payload value cannot mention or link.",
                            "New signup: {{email}} on the {{plan}} plan", true)),
            List.of());

    /**
     * Slack allows about one message per second per channel (short bursts tolerated) besides a
     * workspace-wide limit; a connection is one workspace, so one call per second keeps every channel
     * within it. Beyond its limits Slack answers 429 with Retry-After, which the worker honours.
     */
    static final ConnectorSpec SPEC = new ConnectorSpec(TYPE, "Slack", AUTHENTICATION, List.of(), List.of(SEND),
            new ConnectorSpec.RateLimit(1, Duration.ofSeconds(1)));

    private SlackSpec() {}
}
