package dev.openmeshes.connectors.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Discord connector against a stub of Discord's REST API v10 answering as the API reference and
 * discord/discord-api-spec describe it: Create Message answers 200 with the Message, errors carry
 * {@code {code, message}}, a rate limit answers 429 with {@code retry_after} (fractional seconds) and
 * Retry-After. Calls carry the server's bot token ({@code Authorization: Bot …}), never the user token
 * of the OAuth grant.
 */
class DiscordConnectorTest extends ConnectorContractTest {

    private static final String BOT_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhQx7Z.b0t-s3cret-t0ken";
    private static final String USER_TOKEN = "6qrZcUqja7812RVdnEKjpzOL4CvHBFG";
    private static final String GUILD = "1098765432109876543";
    private static final String CHANNEL = "1111222233334444555";
    private static final String MESSAGES = "/channels/" + CHANNEL + "/messages";
    private static final String GET_GUILD = "/guilds/" + GUILD;
    private static final String CHANNELS = "/guilds/" + GUILD + "/channels";

    /** Create Message's success: the Message created. */
    private static final String POSTED = """
            {"id":"1311111111111111111","channel_id":"%s","type":0,"content":"New signup","embeds":[],\
            "author":{"id":"1222222222222222222","username":"Meshes","bot":true},"nonce":"x","pinned":false,\
            "timestamp":"2026-12-01T10:00:00.000000+00:00","tts":false,"mention_everyone":false}""".formatted(CHANNEL);
    private static final String GUILD_ANSWER = """
            {"id":"%s","name":"Acme Community","icon":null,"owner_id":"1333333333333333333","roles":[],"features":[]}"""
            .formatted(GUILD);
    /** List Guild Channels: a category, text, voice, announcement and forum channel and a second text channel. */
    private static final String CHANNEL_LIST = """
            [{"id":"1400000000000000001","type":4,"name":"Community","position":0,"guild_id":"%1$s"},
             {"id":"1400000000000000002","type":0,"name":"general","position":1,"parent_id":"1400000000000000001","guild_id":"%1$s"},
             {"id":"1400000000000000003","type":2,"name":"Voice","position":2,"guild_id":"%1$s"},
             {"id":"1400000000000000004","type":5,"name":"announcements","position":3,"guild_id":"%1$s"},
             {"id":"1400000000000000005","type":15,"name":"help-forum","position":4,"guild_id":"%1$s"},
             {"id":"1400000000000000006","type":0,"name":"signups","position":5,"guild_id":"%1$s"}]""".formatted(GUILD);

    private static final String UNKNOWN_GUILD = "{\"message\":\"Unknown Guild\",\"code\":10004}";
    private static final String MISSING_ACCESS = "{\"message\":\"Missing Access\",\"code\":50001}";

    private static final String CONTENT = "posts the rendered template as plain content when the rule has no title";
    private static final String EMBED = "posts the title and the rendered template as an embed";

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new DiscordConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "discord";
    }

    @Override
    protected ConnectorSettings settings() {
        return super.settings().withOperatorSecret("bot_token", BOT_TOKEN);
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of(); // the server comes with the token answer
    }

    @Override
    protected AccessToken token() {
        return new AccessToken(USER_TOKEN, Instant.now().plus(Duration.ofDays(7)), Map.of("guild_id", GUILD));
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        if (accepted) {
            vendor.onJson("GET", GET_GUILD, 200, GUILD_ANSWER);
        } else {
            vendor.onJson("GET", GET_GUILD, 404, UNKNOWN_GUILD);
        }
    }

    @Override
    protected void stubActionData() {
        vendor.onJson("GET", CHANNELS, 200, CHANNEL_LIST);
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data").isEqualTo(Map.of("channels", List.of(
                Map.of("id", "1400000000000000002", "name", "general"),
                Map.of("id", "1400000000000000004", "name", "announcements"),
                Map.of("id", "1400000000000000006", "name", "signups"))));
        Request list = vendor.only("GET", CHANNELS);
        assertBotHeaders(list);
        assertThat(list.query()).as("query of List Guild Channels").isNull();
        assertThat(list.body()).as("a GET carries no body").isEmpty();
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                message(CONTENT, Map.of("id", CHANNEL, "template", "New signup: ada+test@example.com on pro"), Map.of(),
                        Map.of("content", "New signup: ada+test@example.com on pro")),
                message(EMBED, Map.of("id", CHANNEL, "title", "New signup", "template", "ada@example.com on pro"),
                        Map.of(), Map.of("embeds", List.of(Map.of("title", "New signup",
                                "description", "ada@example.com on pro")))),
                message("puts the mapped link, footer and time into the embed",
                        Map.of("id", CHANNEL, "title", "Order paid", "template", "Order 42 by ada@example.com"),
                        Map.of("url", "https://shop.example.com/orders/42", "footer", "Shop",
                                "timestamp", "2026-12-01T11:00:00+01:00"),
                        Map.of("embeds", List.of(Map.of("title", "Order paid", "description", "Order 42 by ada@example.com",
                                "url", "https://shop.example.com/orders/42", "footer", Map.of("text", "Shop"),
                                "timestamp", "2026-12-01T10:00:00Z")))),
                message("an event's @everyone and <@id> are sent as text that pings no one",
                        Map.of("id", CHANNEL, "template", "Hi @everyone from <@1222222222222222222>"), Map.of(),
                        Map.of("content", "Hi @everyone from <@1222222222222222222>")),
                message("a mapped link alone makes an embed without a title",
                        Map.of("id", CHANNEL, "template", "Read the changelog"), Map.of("url", "https://example.com/log"),
                        Map.of("embeds", List.of(Map.of("description", "Read the changelog", "url", "https://example.com/log")))));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        List<ErrorCase> cases = new ArrayList<>();
        cases.add(new ErrorCase("429 with retry_after and Retry-After", CONTENT, () -> vendor.on("POST", MESSAGES,
                Response.json(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":1.5,\"global\":false}")
                        .withHeader("Retry-After", "2")), Outcome.RATE_LIMITED, true, null));
        cases.add(new ErrorCase("429 of the bot's global limit", CONTENT, () -> vendor.on("POST", MESSAGES,
                Response.json(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.25,\"global\":true}")
                        .withHeader("Retry-After", "1").withHeader("X-RateLimit-Global", "true")),
                Outcome.RATE_LIMITED, true, null));
        cases.add(new ErrorCase("500 with Discord's error body", CONTENT, () -> vendor.onJson("POST", MESSAGES, 500,
                "{\"message\":\"500: Internal Server Error\",\"code\":0}"), Outcome.REJECTED_SERVER_ERROR, true, null));
        cases.add(new ErrorCase("502 with Cloudflare's HTML page", EMBED, () -> vendor.on("POST", MESSAGES,
                new Response(502, "<html><body>Bad gateway</body></html>", Map.of("Content-Type", "text/html"))),
                Outcome.REJECTED_SERVER_ERROR, true, null));
        cases.add(new ErrorCase("404 code 10003 Unknown Channel: final, the connection stays", CONTENT,
                () -> vendor.onJson("POST", MESSAGES, 404, "{\"message\":\"Unknown Channel\",\"code\":10003}"),
                Outcome.REJECTED_CLIENT_ERROR, false, null));
        cases.add(new ErrorCase("403 code 50013 Missing Permissions: final, the connection stays", EMBED,
                () -> vendor.onJson("POST", MESSAGES, 403, "{\"message\":\"Missing Permissions\",\"code\":50013}"),
                Outcome.REJECTED_CLIENT_ERROR, false, null));
        cases.add(new ErrorCase("400 code 50035 Invalid Form Body: final", EMBED, () -> vendor.onJson("POST", MESSAGES,
                400, "{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"embeds\":{\"0\":{\"title\":"
                        + "{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 256 or fewer in length.\"}]}}}}}"),
                Outcome.REJECTED_CLIENT_ERROR, false, null));
        cases.add(new ErrorCase("401 the bot token is invalid (reset by the operator): credentials invalid", CONTENT,
                () -> vendor.onJson("POST", MESSAGES, 401, "{\"message\":\"401: Unauthorized\",\"code\":0}"),
                Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID));
        cases.add(new ErrorCase("403 50001 and the server unknown to the bot: it was removed", CONTENT, () -> {
            vendor.onJson("POST", MESSAGES, 403, MISSING_ACCESS);
            vendor.onJson("GET", GET_GUILD, 404, UNKNOWN_GUILD);
        }, Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED));
        cases.add(new ErrorCase("403 50001 and the server out of the bot's reach: it was removed", EMBED, () -> {
            vendor.onJson("POST", MESSAGES, 403, MISSING_ACCESS);
            vendor.onJson("GET", GET_GUILD, 403, MISSING_ACCESS);
        }, Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED));
        cases.add(new ErrorCase("403 50001 while the bot is still in the server: it cannot see the channel", CONTENT,
                () -> {
                    vendor.onJson("POST", MESSAGES, 403, MISSING_ACCESS);
                    vendor.onJson("GET", GET_GUILD, 200, GUILD_ANSWER);
                }, Outcome.REJECTED_CLIENT_ERROR, false, null));
        return cases;
    }

    @Override
    protected void assertNoSecretIn(DeliveryResult result) {
        super.assertNoSecretIn(result);
        assertThat(result.requestHeaders() + " " + result.message()).as("recorded headers and message of %s", result)
                .doesNotContain(BOT_TOKEN).doesNotContain(USER_TOKEN);
    }

    // --- the message: exact request, idempotency, limits -------------------------------------------

    @Test
    void the_nonce_is_the_delivery_id_in_base_36_the_same_on_every_attempt() {
        vendor.onJson("POST", MESSAGES, 200, POSTED);
        UUID delivery = UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff");

        deliver(Map.of("id", CHANNEL, "template", "hi"), Map.of(), delivery, 1);
        deliver(Map.of("id", CHANNEL, "template", "hi"), Map.of(), delivery, 2);

        List<Request> posts = vendor.requests("POST", MESSAGES);
        assertThat(posts).hasSize(2);
        for (Request post : posts) {
            JsonNode body = VendorJson.read(post.body());
            assertThat(body.path("nonce").asString()).as("nonce of %s", post)
                    .isEqualTo("f5lxx1zz5pnorynqglhzmsp33").hasSizeLessThanOrEqualTo(25);
            assertThat(body.path("enforce_nonce").asBoolean()).as("enforce_nonce").isTrue();
        }
        assertThat(DiscordMessage.nonce(new UUID(0, 1))).isEqualTo("1");
    }

    @Test
    void a_retry_discord_recognises_by_its_nonce_answers_the_first_message_and_counts_as_delivered() {
        vendor.onJson("POST", MESSAGES, 200, POSTED); // enforce_nonce: the message already created, not a new one

        DeliveryResult result = deliver(Map.of("id", CHANNEL, "template", "hi"), Map.of(), UUID.randomUUID(), 3);

        assertThat(result.delivered()).as("%s", result).isTrue();
    }

    @Test
    void text_over_discords_limits_is_cut_visibly_and_still_sent() {
        vendor.onJson("POST", MESSAGES, 200, POSTED);
        String longText = "a".repeat(5000);

        deliver(Map.of("id", CHANNEL, "template", longText), Map.of(), UUID.randomUUID(), 1);
        deliver(Map.of("id", CHANNEL, "title", "t".repeat(300), "template", longText), Map.of(), UUID.randomUUID(), 1);
        deliver(Map.of("id", CHANNEL, "title", "t".repeat(300), "template", longText),
                Map.of("footer", "f".repeat(3000)), UUID.randomUUID(), 1);

        List<Request> posts = vendor.requests("POST", MESSAGES);
        String content = VendorJson.read(posts.get(0).body()).path("content").asString();
        assertThat(content).as("content").hasSize(2000).endsWith("a…");
        JsonNode embed = VendorJson.read(posts.get(1).body()).path("embeds").get(0);
        assertThat(embed.path("title").asString()).as("title").hasSize(256).endsWith("t…");
        assertThat(embed.path("description").asString()).as("description").hasSize(4096).endsWith("a…");
        JsonNode crowded = VendorJson.read(posts.get(2).body()).path("embeds").get(0);
        int total = crowded.path("title").asString().length() + crowded.path("description").asString().length()
                + crowded.path("footer").path("text").asString().length();
        assertThat(crowded.path("footer").path("text").asString()).as("footer").hasSize(2048).endsWith("f…");
        assertThat(total).as("title, description and footer together").isEqualTo(6000);
    }

    @Test
    void a_cut_never_splits_a_character_outside_the_basic_plane() {
        String emoji = "\uD83D\uDE80"; // one rocket, two UTF-16 units
        String cut = DiscordMessage.cut("ab" + emoji + "cd", 4);

        assertThat(cut).as("cut of %s", cut).isEqualTo("ab…");
        assertThat(DiscordMessage.cut("short", 10)).isEqualTo("short");
    }

    @Test
    void a_refusal_keeps_discords_message_and_code_in_words_a_user_understands() {
        vendor.onJson("POST", MESSAGES, 404, "{\"message\":\"Unknown Channel\",\"code\":10003}");

        DeliveryResult result = deliver(basic());

        assertThat(result.message()).as("message of %s", result)
                .isEqualTo("Discord create message: HTTP 404 code 10003 Unknown Channel (the channel was deleted, "
                        + "or is not in this server; pick another channel)");
        assertThat(result.statusCode()).isEqualTo(404);
        assertThat(result.responseBody()).contains("10003");
        assertThat(result.requestHeaders()).as("recorded headers").containsEntry("Authorization", HttpCall.REDACTED);
    }

    @Test
    void a_rate_limit_waits_for_discords_fractional_retry_after_else_the_header() {
        vendor.on("POST", MESSAGES, Response.json(429, "{\"message\":\"You are being rate limited.\","
                + "\"retry_after\":1.234,\"global\":false}").withHeader("Retry-After", "2"));
        assertThat(deliver(basic()).retryAfter()).as("from retry_after").isEqualTo(Duration.ofMillis(1234));

        vendor.on("POST", MESSAGES, Response.json(429, "{\"message\":\"You are being rate limited.\"}")
                .withHeader("Retry-After", "3"));
        assertThat(deliver(basic()).retryAfter()).as("from Retry-After").isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void a_removed_bot_is_confirmed_on_the_server_and_said_so() {
        vendor.onJson("POST", MESSAGES, 403, MISSING_ACCESS);
        vendor.onJson("GET", GET_GUILD, 404, UNKNOWN_GUILD);

        DeliveryResult result = deliver(basic());

        assertThat(result.message()).as("%s", result).contains("10004").contains("no longer in the Discord server");
        assertBotHeaders(vendor.only("GET", GET_GUILD));
    }

    @Test
    void a_bot_that_cannot_see_the_channel_is_told_what_permission_it_lacks() {
        vendor.onJson("POST", MESSAGES, 403, MISSING_ACCESS);
        vendor.onJson("GET", GET_GUILD, 200, GUILD_ANSWER);

        DeliveryResult result = deliver(basic());

        assertThat(result.message()).as("%s", result).contains("50001 Missing Access").contains("View Channel");
        assertThat(result.statusCode()).as("the post's status, not the check's").isEqualTo(403);
    }

    // --- careless input: refused before any request -----------------------------------------------

    @Test
    void a_rule_without_a_usable_channel_or_template_is_a_final_refusal_and_sends_nothing() {
        Map<Map<String, Object>, String> refusals = Map.of(
                Map.of("template", "hi"), "metadata.id",
                Map.of("id", "../../guilds/1/bans", "template", "hi"), "metadata.id",
                Map.of("id", CHANNEL), "metadata.template");
        refusals.forEach((metadata, named) -> {
            DeliveryResult result = deliver(metadata, Map.of(), UUID.randomUUID(), 1);
            assertThat(List.of(result.outcome(), result.retryable())).as("%s: %s", metadata, result)
                    .containsExactly(Outcome.REJECTED_CLIENT_ERROR, false);
            assertThat(result.message()).contains(named);
        });
        DeliveryResult empty = deliver(Map.of("id", CHANNEL, "template", " \n "), Map.of(), UUID.randomUUID(), 1);
        assertThat(List.of(empty.outcome(), empty.retryable())).as("%s", empty).containsExactly(Outcome.MAPPING_ERROR, false);
        assertThat(vendor.requests()).as("requests sent to Discord").isEmpty();
    }

    @Test
    void a_mapped_link_or_time_discord_cannot_take_is_a_mapping_error_and_sends_nothing() {
        for (Map<String, Object> mapped : List.<Map<String, Object>>of(Map.of("url", "javascript:alert(1)"),
                Map.of("url", "/orders/42"), Map.of("timestamp", "yesterday"), Map.of("timestamp", "2026-12-01"))) {
            DeliveryResult result = deliver(Map.of("id", CHANNEL, "template", "hi"), mapped, UUID.randomUUID(), 1);
            assertThat(List.of(result.outcome(), result.retryable())).as("%s: %s", mapped, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
            assertThat(result.message()).contains(mapped.keySet().iterator().next());
        }
        assertThat(vendor.requests()).as("requests sent to Discord").isEmpty();
    }

    // --- the operator's bot token and the connection's server ---------------------------------------

    @Test
    void without_the_bot_token_the_check_deliveries_and_channels_fail_naming_the_variable() {
        ConnectorSettings noBot = super.settings();
        AccessToken token = token();
        var context = new ConnectorContext(context().connection(), () -> token, http, clock, noBot);

        DeliveryResult checked = connector.check(context);
        DeliveryResult delivered = deliver(basic(), context);
        VendorException listed = catchThrowableOfType(VendorException.class, () -> connector.actionData(context));

        for (DeliveryResult result : List.of(checked, delivered, listed.result())) {
            assertThat(Arrays.asList(result.outcome(), result.retryable(), result.verdict())).as("%s", result)
                    .containsExactly(Outcome.AUTH_FAILED, false, null);
            assertThat(result.message()).contains("MESHES_CONNECTOR_DISCORD_BOT_TOKEN");
        }
        assertThat(vendor.requests()).as("requests sent to Discord").isEmpty();
    }

    @Test
    void a_connection_without_its_server_asks_for_authorization_again() {
        AccessToken withoutGuild = new AccessToken(USER_TOKEN, null, Map.of());
        var context = new ConnectorContext(context().connection(), () -> withoutGuild, http, clock, settings());
        var noToken = new ConnectorContext(context().connection(), AccessToken.Source.NONE, http, clock, settings());

        for (ConnectorContext each : List.of(context, noToken)) {
            DeliveryResult checked = connector.check(each);
            assertThat(checked.verdict()).as("%s", checked).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
            assertThat(catchThrowableOfType(VendorException.class, () -> connector.actionData(each)).result().verdict())
                    .isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        }
        assertThat(vendor.requests()).as("requests sent to Discord").isEmpty();
    }

    @Test
    void the_check_is_get_guild_with_the_bot_token_never_the_user_token() {
        stubCredentialCheck(true);

        assertThat(connector.check(context())).isNull();

        Request check = vendor.only("GET", GET_GUILD);
        assertBotHeaders(check);
        assertThat(check.query()).isNull();
    }

    @Test
    void the_check_reports_a_bot_out_of_reach_of_the_server_as_revoked() {
        vendor.onJson("GET", GET_GUILD, 403, MISSING_ACCESS);

        DeliveryResult failed = connector.check(context());

        assertThat(failed.verdict()).as("%s", failed).isEqualTo(Verdict.AUTHORIZATION_REVOKED);
        assertThat(failed.message()).contains("connect Discord again");
    }

    @Test
    void a_refused_bot_token_on_the_check_tells_the_operator() {
        vendor.onJson("GET", GET_GUILD, 401, "{\"message\":\"401: Unauthorized\",\"code\":0}");

        DeliveryResult failed = connector.check(context());

        assertThat(failed.verdict()).as("%s", failed).isEqualTo(Verdict.CREDENTIALS_INVALID);
        assertThat(failed.message()).contains("MESHES_CONNECTOR_DISCORD_BOT_TOKEN").doesNotContain(BOT_TOKEN);
    }

    // --- action data failures -------------------------------------------------------------------

    @Test
    void channels_of_a_server_the_bot_left_fail_with_the_revoked_verdict() {
        vendor.onJson("GET", CHANNELS, 404, UNKNOWN_GUILD);

        VendorException failed = catchThrowableOfType(VendorException.class, () -> connector.actionData(context()));

        assertThat(failed.result().verdict()).isEqualTo(Verdict.AUTHORIZATION_REVOKED);
        assertThat(failed.getMessage()).contains("Unknown Guild").doesNotContain(BOT_TOKEN);
    }

    @Test
    void a_channel_list_that_is_not_a_list_or_rate_limited_fails_as_retryable() {
        vendor.onJson("GET", CHANNELS, 200, "{\"channels\":[]}");
        VendorException odd = catchThrowableOfType(VendorException.class, () -> connector.actionData(context()));
        assertThat(odd.result().retryable()).as("%s", odd.result()).isTrue();

        vendor.on("GET", CHANNELS, Response.json(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":"
                + "2.5,\"global\":false}").withHeader("Retry-After", "3"));
        VendorException limited = catchThrowableOfType(VendorException.class, () -> connector.actionData(context()));
        assertThat(limited.result().outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(limited.result().retryAfter()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void a_server_without_text_channels_has_no_channels() {
        vendor.onJson("GET", CHANNELS, 200, "[]");

        assertThat(connector.actionData(context())).isEqualTo(Map.of("channels", List.of()));
    }

    // --- the declaration and the defaults ---------------------------------------------------------

    @Test
    void the_declaration_is_a_bot_install_with_one_action_the_bot_token_and_discords_channel_limit() {
        ConnectorSpec spec = connector.spec();

        assertThat(spec.authentication()).isEqualTo(new Authentication.OAuth2("https://discord.com/oauth2/authorize",
                "https://discord.com/api/oauth2/token", List.of("bot"), Authentication.OAuth2.ClientAuth.BODY, false,
                Map.of("permissions", "19456")));
        assertThat(spec.fields()).as("connection fields").isEmpty();
        assertThat(spec.operatorSecrets()).containsExactly("bot_token");
        assertThat(spec.rateLimit()).isEqualTo(new ConnectorSpec.RateLimit(5, Duration.ofSeconds(5)));
        assertThat(spec.destinationFields()).extracting(FieldDefinition::key, f -> f.type().code())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("url", "string"),
                        org.assertj.core.groups.Tuple.tuple("footer", "string"),
                        org.assertj.core.groups.Tuple.tuple("timestamp", "datetime"));
        ActionSpec send = spec.action("send_message").orElseThrow();
        assertThat(send.metadataFields()).containsExactly("id", "title", "template");

        Integration integration = spec.toIntegration();
        assertThat(integration.name()).isEqualTo("Discord");
        assertThat(integration.authentication()).containsEntry("type", "oauth").containsEntry("fields", List.of());
        assertThat(integration.actions().get("send_message").data())
                .extracting(d -> d.get("key"), d -> d.get("kind"), d -> d.get("required"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("channels", "simple", true),
                        org.assertj.core.groups.Tuple.tuple("title", "field", false),
                        org.assertj.core.groups.Tuple.tuple("template", "field", true));
    }

    @Test
    void without_a_configured_base_url_it_calls_discords_v10_api() {
        List<HttpCall> calls = new CopyOnWriteArrayList<>();
        var context = new ConnectorContext(context().connection(), () -> token(), call -> {
            calls.add(call);
            return new HttpExchange(200, Map.of(), POSTED, Duration.ZERO, null, null, null, false, call.recordedHeaders());
        }, clock, ConnectorSettings.defaults("discord").withOperatorSecret("bot_token", BOT_TOKEN));

        DeliveryResult result = deliver(basic(), context);

        assertThat(result.delivered()).as("%s", result).isTrue();
        assertThat(calls).extracting(HttpCall::method, HttpCall::url).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "POST", "https://discord.com/api/v10/channels/" + CHANNEL + "/messages"));
        assertThat(result.requestHeaders()).containsEntry("Authorization", HttpCall.REDACTED);
    }

    // --- helpers ----------------------------------------------------------------------------------

    private ActionCase basic() {
        return actionCases().getFirst();
    }

    private DeliveryResult deliver(Map<String, Object> ruleMetadata, Map<String, Object> mapped, UUID deliveryId,
                                   int attempt) {
        Map<String, Object> metadata = new LinkedHashMap<>(ruleMetadata);
        metadata.put("action", "send_message");
        Map<String, Object> payload = Map.of("email", "ada@example.com");
        return connector.deliver(context(), new DeliveryRequest(deliveryId, UUID.randomUUID(), UUID.randomUUID(),
                "user.signup", "user", "u_1", VendorJson.write(payload), payload, Instant.now(), attempt, "send_message",
                metadata, mapped));
    }

    private static void assertBotHeaders(Request request) {
        assertThat(request.header("Authorization")).as("Authorization of %s", request).isEqualTo("Bot " + BOT_TOKEN);
        assertThat(request.header("User-Agent")).as("User-Agent of %s", request).startsWith("DiscordBot (");
    }

    /**
     * A send_message case: Discord answers the Message, and must have seen exactly one Create Message
     * with {@code expected} plus the parts every message carries (no mentions parsed, a nonce enforced).
     */
    private ActionCase message(String name, Map<String, Object> metadata, Map<String, Object> mapped,
                               Map<String, Object> expected) {
        Consumer<VendorStub> verify = v -> {
            assertThat(v.requests()).as("requests Discord saw").hasSize(1);
            Request post = v.only("POST", MESSAGES);
            assertBotHeaders(post);
            assertThat(post.query()).as("query").isNull();
            assertThat(post.header("Content-Type")).isEqualToIgnoringCase("application/json");
            JsonNode body = VendorJson.read(post.body());
            assertThat(body.path("nonce").asString()).as("nonce of %s", post.body()).matches("[0-9a-z]{1,25}");
            Map<String, Object> whole = new LinkedHashMap<>(expected);
            whole.put("allowed_mentions", Map.of("parse", List.of()));
            whole.put("nonce", body.path("nonce").asString());
            whole.put("enforce_nonce", true);
            assertThat(body).as("Create Message body %s", post.body()).isEqualTo(VendorJson.read(VendorJson.write(whole)));
        };
        return new ActionCase(name, "send_message", metadata, Map.of("email", "ada@example.com"), mapped,
                () -> vendor.onJson("POST", MESSAGES, 200, POSTED), verify);
    }
}
