package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The connector platform end to end, against a stubbed vendor on loopback: the OAuth flow that
 * connects an OAuth type, tokens refreshed before they expire by one node at a time, a refused
 * refresh or revoked token that deactivates the connection and holds its deliveries until it is
 * authorized again, mappings with transforms and templates resolved from the payload. Zoom (OAuth
 * with Basic client authentication and rotating refresh tokens) and Slack (a bot token that the
 * vendor revokes with {@code ok:false}) stand for every OAuth type. On SQLite and PostgreSQL.
 */
class ConnectorPlatformTest extends VendorEndToEnd {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    static final String MEETING = "85390989484";

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_ZOOM_BASE_URL", vendor.url() + "/zoom",
                "MESHES_CONNECTOR_ZOOM_TOKEN_URL", vendor.url() + "/zoom/oauth/token",
                "MESHES_OAUTH_ZOOM_CLIENT_ID", "zoom-client",
                "MESHES_OAUTH_ZOOM_CLIENT_SECRET", "zoom-client-secret",
                "MESHES_CONNECTOR_SLACK_BASE_URL", vendor.url() + "/slack",
                "MESHES_CONNECTOR_SALESFORCE_TOKEN_URL", vendor.url() + "/sf/oauth/token",
                "MESHES_OAUTH_SALESFORCE_CLIENT_ID", "sf-client",
                "MESHES_OAUTH_SALESFORCE_CLIENT_SECRET", "sf-client-secret");
    }

    ConnectorPlatformTest() {
        super("Platform");
    }

    @BeforeEach
    void stubTheRegistrantsEndpoint() {
        vendor.onJson("POST", "/zoom/meetings/" + MEETING + "/registrants", 201,
                "{\"id\":" + MEETING + ",\"registrant_id\":\"r1\",\"join_url\":\"https://zoom.us/w/1\",\"topic\":\"Demo\"}");
    }

    @Test
    void anOAuthConnectionIsCreatedByTheAuthorizationFlowAndItsStateWorksOnce() {
        JsonNode started = get("/api/v1/connections/oauth/zoom/start?workspace=" + scenario.workspace + "&name=Webinars");
        String authorize = started.path("authorize_url").asString();
        assertThat(authorize).startsWith("https://zoom.us/oauth/authorize?");
        Map<String, String> query = query(authorize);
        assertThat(query).containsEntry("client_id", "zoom-client").containsEntry("response_type", "code")
                .containsEntry("redirect_uri", "http://meshes.test/api/v1/connections/oauth/zoom/callback")
                .containsKey("scope").containsEntry("state", started.path("state").asString());
        assertThat(authorize).doesNotContain("zoom-client-secret");

        vendor.onJson("POST", "/zoom/oauth/token", 200,
                "{\"access_token\":\"zat-from-code\",\"token_type\":\"bearer\",\"refresh_token\":\"zrt-from-code\","
                        + "\"expires_in\":3600,\"scope\":\"meeting:write:registrant\"}");
        var callback = server.http().get("/api/v1/connections/oauth/zoom/callback?code=c0de&state="
                + encode(query.get("state")), null);
        assertThat(callback.status()).as("callback: %s", callback).isEqualTo(200);
        JsonNode connection = callback.json().path("connection");
        assertThat(connection.path("type").asString()).isEqualTo("zoom");
        assertThat(connection.path("name").asString()).isEqualTo("Webinars");
        assertThat(connection.path("active").asBoolean()).isTrue();

        VendorStub.Request exchange = vendor.only("POST", "/zoom/oauth/token");
        assertThat(exchange.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("zoom-client:zoom-client-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(query("?" + exchange.body())).containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "c0de")
                .containsEntry("redirect_uri", "http://meshes.test/api/v1/connections/oauth/zoom/callback");

        String id = connection.path("id").asString();
        var shown = server.http().get("/api/v1/connections/" + id, scenario.tenant.token());
        assertThat(shown.text()).as("the connection as the API shows it").doesNotContain("zat-from-code")
                .doesNotContain("zrt-from-code");

        var replayed = server.http().get("/api/v1/connections/oauth/zoom/callback?code=c0de&state="
                + encode(query.get("state")), null);
        assertThat(replayed.status()).as("replayed callback: %s", replayed).isEqualTo(400);
        assertThat(replayed.json().path("correlation_id").asString()).isNotBlank();
        assertThat(vendor.requests("POST", "/zoom/oauth/token")).as("code exchanges").hasSize(1);

        var forged = server.http().get("/api/v1/connections/oauth/zoom/callback?code=c0de&state=v1.forged", null);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.error()).isEqualTo("validation_failed");
    }

    @Test
    void aFlowStartedByABrowserReturnsItToTheDashboardsPageOfTheConnectionOrWithTheReasonAndNowhereElse() {
        String dashboard = "http://meshes.test/#";
        var start = server.http().get("/api/v1/connections/oauth/zoom/start?redirect=true&workspace=" + scenario.workspace
                + "&name=Webinars", scenario.tenant.token());
        assertThat(start.status()).as("start with redirect=true: %s", start).isEqualTo(302);
        String state = query(start.header("Location")).get("state");
        vendor.onJson("POST", "/zoom/oauth/token", 200,
                "{\"access_token\":\"zat-browser\",\"token_type\":\"bearer\",\"expires_in\":3600}");

        var callback = server.http().get("/api/v1/connections/oauth/zoom/callback?code=c0de&state=" + encode(state), null);
        assertThat(callback.status()).as("the browser's callback: %s", callback).isEqualTo(302);
        String location = callback.header("Location");
        assertThat(location).as("the dashboard's page of the new connection")
                .matches(Pattern.quote(dashboard + "/connections/") + "[0-9a-f-]{36}\\?connected=zoom");
        String id = location.replaceAll(".*/connections/([0-9a-f-]{36}).*", "$1");
        assertThat(get("/api/v1/connections/" + id).path("name").asString()).isEqualTo("Webinars");
        assertThat(callback.text()).as("no token in the answer").doesNotContain("zat-browser");

        // used again: refused, and the browser is told why where it started (the new connection's form)
        var replayed = server.http().get("/api/v1/connections/oauth/zoom/callback?code=c0de&state=" + encode(state), null);
        assertThat(replayed.status()).as("%s", replayed).isEqualTo(302);
        assertThat(replayed.header("Location")).startsWith(dashboard + "/workspaces/" + scenario.workspace
                + "/connections/new?type=zoom&oauth_error=");
        assertThat(decode(replayed.header("Location"))).contains("state was used already");

        // the person said no at the vendor: the vendor's error, shown on the connection's page when re-authorizing
        var again = server.http().get("/api/v1/connections/oauth/zoom/start?redirect=true&connection=" + id,
                scenario.tenant.token());
        var denied = server.http().get("/api/v1/connections/oauth/zoom/callback?error=access_denied&state="
                + encode(query(again.header("Location")).get("state")), null);
        assertThat(denied.status()).as("%s", denied).isEqualTo(302);
        assertThat(denied.header("Location")).startsWith(dashboard + "/connections/" + id + "?oauth_error=");
        assertThat(decode(denied.header("Location"))).contains("was not granted: access_denied");

        // a refused start sends the browser back too, never anywhere it names
        Scenario other = newScenario(server, "Other");
        var foreign = server.http().get("/api/v1/connections/oauth/zoom/start?redirect=true&workspace=" + other.workspace
                + "&redirect_uri=https://evil.example/", scenario.tenant.token());
        assertThat(foreign.status()).as("%s", foreign).isEqualTo(302);
        assertThat(foreign.header("Location")).startsWith(dashboard + "/workspaces/" + other.workspace
                + "/connections/new?type=zoom&oauth_error=");
    }

    @Test
    void aFlowStartedForAPopupAnswersJsonAndSendsThatWindowToThePageThatTellsItsOpener() {
        String complete = "http://meshes.test/#/oauth/complete?type=zoom&";
        var start = server.http().get("/api/v1/connections/oauth/zoom/start?popup=true&workspace=" + scenario.workspace
                + "&name=Embedded", scenario.tenant.token());
        assertThat(start.status()).as("start with popup=true: %s", start).isEqualTo(200);
        assertThat(start.header("Location")).as("the embedded page opens the URL itself").isNull();
        String state = start.json().path("state").asString();
        vendor.onJson("POST", "/zoom/oauth/token", 200,
                "{\"access_token\":\"zat-popup\",\"token_type\":\"bearer\",\"expires_in\":3600}");

        var callback = server.http().get("/api/v1/connections/oauth/zoom/callback?code=c0de&state=" + encode(state), null);
        assertThat(callback.status()).as("the popup's callback: %s", callback).isEqualTo(302);
        assertThat(callback.header("Location")).as("the completion page, naming the new connection")
                .matches(Pattern.quote(complete + "connection=") + "[0-9a-f-]{36}");
        String id = callback.header("Location").replaceAll(".*connection=([0-9a-f-]{36})$", "$1");
        assertThat(get("/api/v1/connections/" + id).path("name").asString()).isEqualTo("Embedded");

        var replayed = server.http().get("/api/v1/connections/oauth/zoom/callback?code=c0de&state=" + encode(state), null);
        assertThat(replayed.status()).as("%s", replayed).isEqualTo(302);
        assertThat(replayed.header("Location")).as("a refusal goes to the same page, with the reason")
                .startsWith(complete + "oauth_error=");
        assertThat(decode(replayed.header("Location"))).contains("state was used already");

        var both = server.http().get("/api/v1/connections/oauth/zoom/start?popup=true&redirect=true&workspace="
                + scenario.workspace, scenario.tenant.token());
        assertThat(both.status()).as("popup and redirect at once: %s", both).isEqualTo(400);
        assertThat(both.error()).isEqualTo("validation_failed");
        assertThat(both.text()).contains("popup").contains("cannot be combined with redirect");
        assertThat(both.header("Location")).isNull();
    }

    @Test
    void theCallbackIsNoOpenRedirectAndAnApiClientsFlowKeepsItsJson() {
        // a state that is not ours, whatever the query asks for: the JSON error, no Location
        for (String attack : new String[] {"state=v1.forged&redirect=true", "state=&redirect=https://evil.example/",
                "code=c0de&redirect=true&next=https://evil.example/"}) {
            var answer = server.http().get("/api/v1/connections/oauth/zoom/callback?" + attack, null);
            assertThat(answer.status()).as("callback?%s: %s", attack, answer).isEqualTo(400);
            assertThat(answer.header("Location")).as("callback?%s redirects nowhere", attack).isNull();
            assertThat(answer.error()).isEqualTo("validation_failed");
        }

        // a state an API client started (no redirect=true): JSON, even if the callback's query asks to redirect
        String state = get("/api/v1/connections/oauth/zoom/start?workspace=" + scenario.workspace).path("state").asString();
        vendor.onJson("POST", "/zoom/oauth/token", 200, "{\"access_token\":\"zat-api\",\"expires_in\":3600}");
        var callback = server.http().get("/api/v1/connections/oauth/zoom/callback?redirect=true&code=c0de&state="
                + encode(state), null);
        assertThat(callback.status()).as("%s", callback).isEqualTo(200);
        assertThat(callback.header("Location")).isNull();
        assertThat(callback.json().path("connection").path("type").asString()).isEqualTo("zoom");

        // a browser's state is for its type only: used on another type's callback it is refused as JSON
        var start = server.http().get("/api/v1/connections/oauth/zoom/start?redirect=true&workspace=" + scenario.workspace,
                scenario.tenant.token());
        var crossed = server.http().get("/api/v1/connections/oauth/salesforce/callback?code=c0de&state="
                + encode(query(start.header("Location")).get("state")), null);
        assertThat(crossed.status()).as("%s", crossed).isEqualTo(400);
        assertThat(crossed.header("Location")).isNull();
    }

    @Test
    void startingTheFlowNeedsConnectionsWriteAndTheCallersOwnWorkspace() {
        var reader = server.newKey(scenario.tenant, "[\"connections:read\"]", null);
        var refused = server.http().get("/api/v1/connections/oauth/zoom/start?workspace=" + scenario.workspace,
                reader.token());
        assertThat(refused.status()).as("%s", refused).isEqualTo(403);

        Scenario other = newScenario(server, "Other");
        var foreign = server.http().get("/api/v1/connections/oauth/zoom/start?workspace=" + other.workspace,
                scenario.tenant.token());
        assertThat(foreign.status()).as("another organization's workspace: %s", foreign).isEqualTo(404);

        var notOAuth = server.http().get("/api/v1/connections/oauth/webhook/start?workspace=" + scenario.workspace,
                scenario.tenant.token());
        assertThat(notOAuth.status()).isEqualTo(400);
    }

    @Test
    void anExpiredTokenIsRefreshedOnceForDeliveriesInParallelAndTheMappingShapesTheRequest() {
        String connection = zoomConnection("stale-token", "zrt-1", Instant.now().minusSeconds(60));
        rule(connection, "webinar.signup", "{\"action\":\"add_meeting_registrant\",\"id\":\"853 9098 9484\"}");
        var saved = server.http().put("/api/v1/connections/" + connection + "/mappings/default", scenario.tenant.token(),
                """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "user.name"}, "transforms": [{"type": "trim"}]},
                  {"dest": "org", "source": {"type": "literal", "value": "Acme"}}]}}""");
        assertThat(saved.status()).as("saving the mapping: %s", saved).isEqualTo(200);
        assertThat(saved.json().path("status").asString()).isEqualTo("stored");
        assertThat(saved.json().path("mapping").path("version").asInt()).isEqualTo(1);

        vendor.onJson("POST", "/zoom/oauth/token", 200,
                "{\"access_token\":\"fresh-token\",\"token_type\":\"bearer\",\"refresh_token\":\"zrt-2\",\"expires_in\":3600}");
        UUID[] events = new UUID[6];
        for (int i = 0; i < events.length; i++) {
            events[i] = scenario.emitOk("webinar.signup",
                    "{\"user\":{\"email\":\"  Ada+" + i + "@Example.COM \",\"name\":\" Ada \"}}");
        }
        for (UUID event : events) {
            awaitEvent(event, "completed");
        }
        assertThat(vendor.requests("POST", "/zoom/oauth/token")).as("token refreshes").hasSize(1);
        assertThat(query("?" + vendor.only("POST", "/zoom/oauth/token").body()))
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "zrt-1");
        var registrations = vendor.requests("POST", "/zoom/meetings/" + MEETING + "/registrants");
        assertThat(registrations).hasSize(events.length);
        assertThat(registrations).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer fresh-token"));
        JsonNode body = JSON.readTree(registrations.getFirst().body());
        assertThat(body.path("email").asString()).matches("ada\\+\\d@example\\.com");
        assertThat(body.path("first_name").asString()).isEqualTo("Ada");
        assertThat(body.path("org").asString()).isEqualTo("Acme");

        JsonNode attempt = attempts(events[0]).get(0);
        assertThat(attempt.path("outcome_code").asString()).isEqualTo("delivered");
        assertThat(attempt.path("request_headers").path("Authorization").asString()).isEqualTo("[redacted]");

        var stale = server.http().put("/api/v1/connections/" + connection + "/mappings/default", scenario.tenant.token(),
                "{\"expected_version\": 0, \"schema\": {\"schema_version\": 1, \"fields\": []}}");
        assertThat(stale.status()).as("a save over a version someone replaced: %s", stale).isEqualTo(409);
        var unknownDest = server.http().put("/api/v1/connections/" + connection + "/mappings/default",
                scenario.tenant.token(), "{\"schema\": {\"schema_version\": 1, \"fields\": [{\"dest\": \"no_such_field\","
                        + " \"source\": {\"type\": \"path\", \"value\": \"email\"}}]}}");
        assertThat(unknownDest.status()).as("%s", unknownDest).isEqualTo(422);
        assertThat(unknownDest.text()).contains("schema.fields[0].dest");
    }

    @Test
    void aTokenTheVendorRejectsIsRefreshedOnceAndTheCallsMadeAgain() {
        // Salesforce gives no expiry: the platform learns from a 401 INVALID_SESSION_ID that the
        // token expired, refreshes it (once, however many deliveries were refused at the same time)
        // and makes each call again with the new one, at the instance the token names.
        String sf = "/sf/services/data/v62.0";
        String connection = oauthConnection("salesforce", "CRM", "{\"oauth\":{\"access_token\":\"sf-stale\","
                + "\"refresh_token\":\"sf-refresh\",\"instance_url\":\"" + vendor.url() + "/sf\"},\"skip_url_test\":true}");
        rule(connection, "trial.started", "{\"action\":\"add_to_campaign\",\"id\":\"701000000000001AAA\"}");
        vendor.onHeader("GET", sf + "/query", "Authorization", "Bearer sf-stale", Response.json(401,
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
        vendor.onJson("GET", sf + "/query", 200, "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":"
                + "{\"type\":\"Contact\"},\"Id\":\"003000000000001AAA\"}]}");
        vendor.onJson("POST", sf + "/sobjects/CampaignMember", 201, "{\"id\":\"00v000000000001AAA\",\"success\":true,\"errors\":[]}");
        vendor.onJson("POST", "/sf/oauth/token", 200, "{\"access_token\":\"sf-fresh\",\"instance_url\":\""
                + vendor.url() + "/sf\",\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\"}");

        UUID[] events = new UUID[4];
        for (int i = 0; i < events.length; i++) {
            events[i] = scenario.emitOk("trial.started", "{\"email\":\"lead" + i + "@example.com\"}");
        }
        for (UUID event : events) {
            awaitEvent(event, "completed");
        }
        assertThat(vendor.requests("POST", "/sf/oauth/token")).as("token refreshes").hasSize(1);
        assertThat(query("?" + vendor.only("POST", "/sf/oauth/token").body()))
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "sf-refresh");
        assertThat(vendor.requests("POST", sf + "/sobjects/CampaignMember")).hasSize(events.length)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer sf-fresh"));
    }

    @Test
    void aRefusedRefreshDeactivatesTheConnectionHoldsItsDeliveriesAndReauthorizingResumesThem() {
        String connection = zoomConnection("stale-token", "revoked-refresh", Instant.now().minusSeconds(60));
        rule(connection, "webinar.signup", "{\"action\":\"add_meeting_registrant\",\"id\":\"" + MEETING + "\"}");
        vendor.onJson("POST", "/zoom/oauth/token", 400, "{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}");

        UUID first = scenario.emitOk("webinar.signup", "{\"email\":\"ada@example.com\",\"first_name\":\"Ada\"}");
        awaitDeactivated(connection, "oauth_reauthorization_required");
        UUID second = scenario.emitOk("webinar.signup", "{\"email\":\"bob@example.com\",\"first_name\":\"Bob\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("POST", "/zoom/meetings/" + MEETING + "/registrants")).as("calls while held").isEmpty();

        JsonNode started = get("/api/v1/connections/oauth/zoom/start?connection=" + connection);
        vendor.onJson("POST", "/zoom/oauth/token", 200,
                "{\"access_token\":\"reauthorized\",\"token_type\":\"bearer\",\"refresh_token\":\"zrt-new\",\"expires_in\":3600}");
        var callback = server.http().get("/api/v1/connections/oauth/zoom/callback?code=again&state="
                + encode(started.path("state").asString()), null);
        assertThat(callback.status()).as("%s", callback).isEqualTo(200);
        assertThat(callback.json().path("connection").path("id").asString()).isEqualTo(connection);

        awaitEvent(first, "completed");
        awaitEvent(second, "completed");
        assertThat(vendor.requests("POST", "/zoom/meetings/" + MEETING + "/registrants"))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer reauthorized")).hasSize(2);
        assertThat(event(first).path("rule_events").get(0).path("attempt_count").asInt())
                .as("the refused attempt is recorded").isEqualTo(2);
    }

    @Test
    void aRevokedBotTokenDeactivatesSlackAndNewTokensResumeWithTheTemplateResolved() {
        String connection = oauthConnection("slack", "Alerts", "{\"oauth\":{\"access_token\":\"xoxb-revoked\"},\"skip_url_test\":true}");
        rule(connection, "user.signup", "{\"action\":\"send_message\",\"id\":\"C0123\","
                + "\"template\":\"New signup: {{email}} ({{user.name}}) on {{plan}}\"}");
        vendor.onJson("POST", "/slack/chat.postMessage", 200, "{\"ok\":false,\"error\":\"token_revoked\"}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\",\"user\":{\"name\":\"Ada\"},\"plan\":\"pro\"}");
        awaitDeactivated(connection, "oauth_authorization_revoked");

        vendor.onJson("POST", "/slack/chat.postMessage", 200,
                "{\"ok\":true,\"channel\":\"C0123\",\"ts\":\"1700000000.000100\",\"message\":{\"text\":\"x\"}}");
        var fixed = server.http().put("/api/v1/connections/" + connection, scenario.tenant.token(),
                "{\"name\":\"Alerts\",\"metadata\":{\"oauth\":{\"access_token\":\"xoxb-new\"},\"skip_url_test\":true}}");
        assertThat(fixed.status()).as("%s", fixed).isEqualTo(200);
        assertThat(fixed.json().path("active").asBoolean()).isTrue();

        awaitEvent(event, "completed");
        var posts = vendor.requests("POST", "/slack/chat.postMessage");
        VendorStub.Request delivered = posts.getLast();
        assertThat(delivered.header("Authorization")).isEqualTo("Bearer xoxb-new");
        JsonNode body = JSON.readTree(delivered.body());
        assertThat(body.path("channel").asString()).isEqualTo("C0123");
        assertThat(body.path("text").asString()).isEqualTo("New signup: ada@example.com (Ada) on pro");
    }

    @Test
    void slackChannelsAreReadToTheLastCursorAndAnUnknownChannelFailsTheDeliveryWithSlacksError() {
        String connection = oauthConnection("slack", "Alerts", "{\"oauth\":{\"access_token\":\"xoxb-live\"},\"skip_url_test\":true}");
        vendor.on("GET", "/slack/conversations.list",
                Response.json(200, "{\"ok\":true,\"channels\":[{\"id\":\"C012AB3CD\",\"name\":\"general\",\"is_channel\":true,"
                        + "\"is_archived\":false,\"is_member\":true,\"is_private\":false}],"
                        + "\"response_metadata\":{\"next_cursor\":\"dGVhbTpD+MDYx/RkE1UEI=\"}}"),
                Response.json(200, "{\"ok\":true,\"channels\":[{\"id\":\"G0AKFJBEU\",\"name\":\"deals\",\"is_channel\":false,"
                        + "\"is_group\":true,\"is_member\":true,\"is_private\":true}],\"response_metadata\":{\"next_cursor\":\"\"}}"));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.path("channels")).as("channels of both pages: %s", actions).isEqualTo(JSON.readTree(
                "[{\"id\":\"C012AB3CD\",\"name\":\"general\"},{\"id\":\"G0AKFJBEU\",\"name\":\"deals\"}]"));
        var pages = vendor.requests("GET", "/slack/conversations.list");
        assertThat(pages).hasSize(2).allSatisfy(p -> assertThat(p.header("Authorization")).isEqualTo("Bearer xoxb-live"));
        assertThat(pages.get(1).queryParameter("cursor")).as("the cursor sent back intact").isEqualTo("dGVhbTpD+MDYx/RkE1UEI=");

        rule(connection, "user.signup", "{\"action\":\"send_message\",\"id\":\"C0GONE\",\"template\":\"Hi {{email}}\"}");
        vendor.onJson("POST", "/slack/chat.postMessage", 200, "{\"ok\":false,\"error\":\"channel_not_found\"}");
        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        awaitEvent(event, "failed");
        JsonNode delivery = event(event).path("rule_events").get(0);
        assertThat(delivery.path("attempt_count").asInt()).as("a final error is not retried: %s", delivery).isEqualTo(1);
        assertThat(delivery.path("last_error").asString()).as("%s", delivery).contains("channel_not_found");
        JsonNode attempt = attempts(event).get(0);
        assertThat(attempt.path("outcome_code").asString()).as("%s", attempt).isEqualTo("rejected_client_error");
        assertThat(attempt.path("request_headers").path("Authorization").asString()).isEqualTo("[redacted]");
        assertStillActive(connection, "an unknown channel leaves the connection active");
    }

    @Test
    void anOAuthTypeCannotBeSavedWithoutItsTokensAndTheCatalogIsDerivedFromTheDeclarations() {
        var refused = server.http().post("/api/v1/connections", scenario.tenant.token(), "{\"workspace\":\""
                + scenario.workspace + "\",\"type\":\"zoom\",\"name\":\"No tokens\",\"metadata\":{}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("metadata.oauth");

        JsonNode catalog = server.http().get("/api/v1/integrations?limit=200", scenario.tenant.token()).json();
        JsonNode zoom = catalog.path("records").valueStream().filter(i -> i.path("type").asString().equals("zoom"))
                .findFirst().orElseThrow();
        assertThat(zoom.path("authentication").path("type").asString()).isEqualTo("oauth");
        assertThat(zoom.path("actions").propertyNames()).containsExactlyInAnyOrder("add_meeting_registrant",
                "add_webinar_registrant");
        assertThat(zoom.path("actions").path("add_meeting_registrant").path("fields").get(0).asString()).isEqualTo("id");

        String connection = zoomConnection("live", null, null);
        var fields = server.http().get("/api/v1/connections/" + connection + "/fields", scenario.tenant.token());
        assertThat(fields.status()).as("%s", fields).isEqualTo(200);
        assertThat(fields.json().path("integration_type").asString()).isEqualTo("zoom");
        assertThat(fields.json().path("catalog_version").asString()).isNotBlank();
        assertThat(fields.json().path("fields").valueStream().map(f -> f.path("key").asString()))
                .contains("email", "first_name", "last_name");
        JsonNode generated = get("/api/v1/connections/" + connection + "/mappings/default");
        assertThat(generated.path("status").asString()).isEqualTo("generated");
        assertThat(generated.path("mapping").path("schema").path("fields").valueStream()
                .map(f -> f.path("dest").asString())).contains("email", "first_name");
    }

    private String zoomConnection(String accessToken, String refreshToken, Instant expiresAt) {
        String oauth = "{\"access_token\":\"" + accessToken + "\""
                + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"")
                + (expiresAt == null ? "" : ",\"expires_at\":\"" + expiresAt + "\"") + "}";
        return oauthConnection("zoom", "Webinars", "{\"oauth\":" + oauth + ",\"skip_url_test\":true}");
    }

    /** An OAuth connection saved through the API, whose answer shows no token. */
    private String oauthConnection(String type, String name, String metadataJson) {
        return createConnection(type, name, metadataJson, "\"access_token\"");
    }

    /** The attempts of the event's first delivery. */
    private JsonNode attempts(UUID event) {
        return attempts(event, event(event).path("rule_events").get(0).path("rule").asString());
    }

    private static Map<String, String> query(String url) {
        String raw = URI.create(url.replace(" ", "%20")).getRawQuery();
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
