package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Discord end to end, as a customer uses it: a connection to one Discord server (its {@code guild_id}
 * from the bot install) checked with the server's bot token, a send_message rule with a default
 * mapping, an event sent with the publishable key, and the stubbed Discord receiving exactly the
 * message it documents; the history showing the attempt without the bot token; the channels and
 * the field catalog; a final refusal with Discord's words; and a bot removed from the server
 * deactivating the connection and holding its deliveries. On SQLite and PostgreSQL.
 */
class DiscordEndToEndTest extends VendorEndToEnd {

    static final String BOT_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhQx7Z.e2e-b0t-t0ken";
    static final String USER_TOKEN = "e2e-user-access-token";
    static final String GUILD = "1098765432109876543";
    static final String CHANNEL = "1111222233334444555";
    static final String MESSAGES = "/discord/channels/" + CHANNEL + "/messages";
    static final String GET_GUILD = "/discord/guilds/" + GUILD;
    static final String POSTED = "{\"id\":\"1311111111111111111\",\"channel_id\":\"" + CHANNEL + "\",\"type\":0,"
            + "\"content\":\"\",\"author\":{\"id\":\"1222222222222222222\",\"username\":\"Meshes\",\"bot\":true}}";
    static final String GUILD_ANSWER = "{\"id\":\"" + GUILD + "\",\"name\":\"Acme Community\",\"roles\":[],\"features\":[]}";

    @TempDir
    Path ownDir;

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_DISCORD_BASE_URL", vendor.url() + "/discord",
                "MESHES_CONNECTOR_DISCORD_BOT_TOKEN", BOT_TOKEN);
    }

    DiscordEndToEndTest() {
        super("Discord");
    }

    @Test
    void theMappedEmbedIsPostedWithTheTemplatesResolvedAndTheHistoryHidesTheBotToken() {
        vendor.onJson("GET", GET_GUILD, 200, GUILD_ANSWER);
        String connection = discord(false);
        Request check = vendor.only("GET", GET_GUILD);
        assertThat(check.header("Authorization")).as("the check on save").isEqualTo("Bot " + BOT_TOKEN);

        String rule = rule(connection, "user.signup", "{\"action\":\"send_message\",\"id\":\"" + CHANNEL + "\","
                + "\"title\":\"New signup on {{plan}}\",\"template\":\"{{user.name}} <{{email}}> says hi @everyone\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "url", "source": {"type": "path", "value": "links.profile"}, "transforms": [{"type": "trim"}]},
                  {"dest": "footer", "source": {"type": "path", "value": "source"}, "transforms": [{"type": "default", "value": "web"}, {"type": "upper"}]},
                  {"dest": "timestamp", "source": {"type": "path", "value": "signed_up_at"}, "transforms": [{"type": "to_datetime"}]}]}}""");
        vendor.onJson("POST", MESSAGES, 200, POSTED);

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\",\"user\":{\"name\":\"Ada\"},"
                + "\"plan\":\"pro\",\"links\":{\"profile\":\" https://app.example.com/u/42 \"},\"signed_up_at\":1764583200000}");

        awaitEvent(event, "completed");
        Request post = vendor.only("POST", MESSAGES);
        assertThat(post.header("Authorization")).isEqualTo("Bot " + BOT_TOKEN);
        JsonNode body = JSON.readTree(post.body());
        assertThat(body.path("nonce").asString()).as("nonce of %s", post.body()).matches("[0-9a-z]{1,25}");
        assertThat(body).as("Create Message body").isEqualTo(JSON.readTree("""
                {"embeds":[{"title":"New signup on pro","description":"Ada <ada@example.com> says hi @everyone",
                  "url":"https://app.example.com/u/42","footer":{"text":"WEB"},"timestamp":"2025-12-01T10:00:00Z"}],
                 "allowed_mentions":{"parse":[]},"nonce":"%s","enforce_nonce":true}""".formatted(body.path("nonce").asString())));
        assertThat(vendor.requests()).as("the user token of the grant is never sent")
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bot " + BOT_TOKEN));

        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", BOT_TOKEN, USER_TOKEN);
    }

    @Test
    void channelsAndTheFieldCatalogAreReadAndAnUnknownChannelFailsTheDeliveryWithDiscordsMessage() {
        String connection = discord(true);
        vendor.onJson("GET", "/discord/guilds/" + GUILD + "/channels", 200, "["
                + "{\"id\":\"1400000000000000001\",\"type\":4,\"name\":\"Community\",\"position\":0},"
                + "{\"id\":\"1400000000000000002\",\"type\":0,\"name\":\"general\",\"position\":1},"
                + "{\"id\":\"1400000000000000003\",\"type\":2,\"name\":\"Voice\",\"position\":2},"
                + "{\"id\":\"1400000000000000004\",\"type\":5,\"name\":\"announcements\",\"position\":3}]");

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.path("channels")).as("text and announcement channels: %s", actions).isEqualTo(JSON.readTree(
                "[{\"id\":\"1400000000000000002\",\"name\":\"general\"},{\"id\":\"1400000000000000004\",\"name\":\"announcements\"}]"));
        assertThat(vendor.only("GET", "/discord/guilds/" + GUILD + "/channels").header("Authorization"))
                .isEqualTo("Bot " + BOT_TOKEN);
        JsonNode fields = get("/api/v1/connections/" + connection + "/fields");
        assertThat(fields.path("integration_type").asString()).isEqualTo("discord");
        assertThat(keys(fields))
                .as("the embed parts a mapping can fill: %s", fields).containsExactly("url", "footer", "timestamp");

        String rule = rule(connection, "user.signup", "{\"action\":\"send_message\",\"id\":\"" + CHANNEL + "\","
                + "\"template\":\"Hi {{email}}\"}");
        vendor.onJson("POST", MESSAGES, 404, "{\"message\":\"Unknown Channel\",\"code\":10003}");
        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        awaitFinalRefusal(event, rule, 404, "Authorization", "10003 Unknown Channel");
        assertStillActive(connection, "an unknown channel leaves the connection active");
    }

    @Test
    void aBotRemovedFromTheServerDeactivatesTheConnectionAndHoldsItsDeliveries() {
        String connection = discord(true);
        rule(connection, "user.signup", "{\"action\":\"send_message\",\"id\":\"" + CHANNEL + "\",\"template\":\"Hi {{email}}\"}");
        vendor.onJson("POST", MESSAGES, 403, "{\"message\":\"Missing Access\",\"code\":50001}");
        vendor.onJson("GET", GET_GUILD, 404, "{\"message\":\"Unknown Guild\",\"code\":10004}");

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitDeactivated(connection, "oauth_authorization_revoked");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("POST", MESSAGES)).as("posts: only the first attempt").hasSize(1);
    }

    @Test
    void withoutTheBotTokenAConnectionCannotBeSavedAndTheRefusalNamesTheVariable() {
        Map<String, String> env = new HashMap<>(settings());
        env.remove("MESHES_CONNECTOR_DISCORD_BOT_TOKEN");
        try (TestServer unconfigured = TestServer.start(kind, ownDir.resolve("no-bot-" + kind), env)) {
            Scenario tenant = newScenario(unconfigured, "No bot");
            var refused = unconfigured.http().post("/api/v1/connections", tenant.tenant.token(), connectionBody(tenant, "discord", "Community",
                    metadata(false)));
            assertThat(refused.status()).as("%s", refused).isEqualTo(422);
            assertThat(refused.text()).contains("MESHES_CONNECTOR_DISCORD_BOT_TOKEN");
            assertThat(vendor.requests()).as("requests sent to Discord").isEmpty();
        }
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    private String discord(boolean skipCheck) {
        return createConnection("discord", "Community", metadata(skipCheck), USER_TOKEN, BOT_TOKEN);
    }

    private static String metadata(boolean skipCheck) {
        return "{\"oauth\":{\"access_token\":\"" + USER_TOKEN + "\",\"guild_id\":\"" + GUILD + "\"}"
                + (skipCheck ? ",\"skip_url_test\":true" : "") + "}";
    }
}
