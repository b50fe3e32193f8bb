package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AWeber end to end, as a customer uses it: an event sent with the publishable key, a rule of each
 * action with a default mapping (transforms, and the list chosen by a template), the stubbed AWeber
 * receiving exactly the request it documents, the history showing the attempt without the token;
 * lists and the field catalog read from AWeber; a final refusal recorded with AWeber's words; and
 * credentials AWeber refuses deactivating the connection and holding its deliveries. On SQLite and
 * PostgreSQL.
 */
class AWeberEndToEndTest extends OnBothStores {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOKEN = "aw-e2e-access-9c1f3b7d5e";
    static final String BASE = "/aweber/1.0";
    static final String TOKEN_PATH = "/aweber-auth/oauth2/token";
    static final String LISTS = BASE + "/accounts/1234/lists";
    static final String SUBSCRIBERS = LISTS + "/456/subscribers";
    static final String CUSTOM_FIELDS = LISTS + "/456/custom_fields";

    static final String ACCOUNTS = "{\"entries\":[{\"id\":1234,\"self_link\":\"https://api.aweber.com/1.0/accounts/1234\","
            + "\"lists_collection_link\":\"https://api.aweber.com/1.0/accounts/1234/lists\","
            + "\"resource_type_link\":\"https://api.aweber.com/1.0/#account\"}],\"start\":0,\"total_size\":1}";
    static final String ONE_LIST = "{\"entries\":[{\"id\":456,\"name\":\"Newsletter\",\"total_subscribers\":3,"
            + "\"self_link\":\"https://api.aweber.com/1.0/accounts/1234/lists/456\"}],\"start\":0,\"total_size\":1}";

    final VendorStub vendor = new VendorStub();
    Scenario scenario;

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_AWEBER_BASE_URL", vendor.url() + BASE,
                "MESHES_CONNECTOR_AWEBER_TOKEN_URL", vendor.url() + TOKEN_PATH,
                "MESHES_OAUTH_AWEBER_CLIENT_ID", "aw-client",
                "MESHES_OAUTH_AWEBER_CLIENT_SECRET", "aw-client-secret");
    }

    @BeforeEach
    void freshTenant() {
        vendor.reset();
        scenario = new Scenario(server, "AWeber " + UUID.randomUUID().toString().substring(0, 8));
        vendor.onJson("GET", BASE + "/accounts", 200, ACCOUNTS);
        vendor.onJson("GET", LISTS, 200, ONE_LIST);
        vendor.onJson("GET", CUSTOM_FIELDS, 200, customFields("plan"));
    }

    @AfterAll
    void stopVendor() {
        vendor.close();
    }

    @Test
    void addToListSubscribesTheMappedPersonToTheListTheTemplateNames() {
        String connection = aweber(null);
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"{{newsletter}}\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "name", "source": {"type": "path", "value": "user.name"}, "transforms": [{"type": "trim"}]},
                  {"dest": "custom_fields.plan", "source": {"type": "path", "value": "plan"}, "transforms": [{"type": "lower"}, {"type": "default", "value": "free"}]}]}}""");
        vendor.on("POST", SUBSCRIBERS, new Response(201, "", Map.of("Location",
                "https://api.aweber.com/1.0/accounts/1234/lists/456/subscribers/789")));

        UUID event = scenario.emitOk("user.signup", "{\"user\":{\"email\":\" Ada@Example.COM \",\"name\":\" Ada Lovelace\"},"
                + "\"plan\":\"PRO\",\"newsletter\":\"456\"}");

        awaitEvent(event, "completed");
        Request add = vendor.only("POST", SUBSCRIBERS);
        assertThat(add.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertJson(add, "{\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\",\"custom_fields\":{\"plan\":\"pro\"},"
                + "\"update_existing\":\"true\"}");
        assertDeliveredAttemptHidesToken(event, rule);
    }

    @Test
    void removeFromListUnsubscribesTheMappedEmail() {
        String connection = aweber(null);
        String rule = rule(connection, "user.churned", "{\"action\":\"remove_from_list\",\"id\":\"456\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "contact.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]}]}}""");
        vendor.onJson("PATCH", SUBSCRIBERS, 209, "{\"id\":789,\"email\":\"jo+vip@example.com\",\"status\":\"unsubscribed\"}");

        UUID event = scenario.emitOk("user.churned", "{\"contact\":{\"email\":\"Jo+VIP@example.com\"}}");

        awaitEvent(event, "completed");
        Request patch = vendor.only("PATCH", SUBSCRIBERS);
        assertThat(patch.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(patch.queryParameter("subscriber_email")).isEqualTo("jo+vip@example.com");
        assertJson(patch, "{\"status\":\"unsubscribed\"}");
        assertDeliveredAttemptHidesToken(event, rule);
    }

    @Test
    void listsAndTheFieldCatalogAreReadFromAWeberAndTheCatalogIsKeptUntilRefreshed() {
        String connection = aweber(null);

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.path("lists")).as("the account's lists: %s", actions)
                .isEqualTo(JSON.readTree("[{\"id\":\"456\",\"name\":\"Newsletter\"}]"));
        assertThat(vendor.requests("GET", LISTS)).allSatisfy(r -> assertThat(r.header("Authorization"))
                .isEqualTo("Bearer " + TOKEN));

        String fields = "/api/v1/connections/" + connection + "/fields";
        JsonNode first = get(fields);
        assertThat(first.path("integration_type").asString()).isEqualTo("aweber");
        assertThat(keys(first)).as("declared fields and the list's own").containsExactly("email", "name",
                "custom_fields.plan");
        int calls = vendor.requests("GET", CUSTOM_FIELDS).size();
        assertThat(calls).as("custom-field reads for the first catalog").isEqualTo(1);

        vendor.onJson("GET", CUSTOM_FIELDS, 200, customFields("plan", "seats"));
        assertThat(keys(get(fields))).as("a plain GET answers the stored catalog").doesNotContain("custom_fields.seats");
        assertThat(vendor.requests("GET", CUSTOM_FIELDS)).hasSize(calls);
        assertThat(keys(get(fields + "?refresh=true"))).as("refresh=true asks AWeber again")
                .contains("custom_fields.seats");
        assertThat(vendor.requests("GET", CUSTOM_FIELDS)).hasSize(calls + 1);
    }

    @Test
    void aFinalRefusalFailsTheDeliveryWithAWebersMessage() {
        String connection = aweber(null);
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"456\"}");
        vendor.onJson("POST", SUBSCRIBERS, 400, "{\"error\":{\"status\":400,\"type\":\"WebServiceError\","
                + "\"message\":\"email: Email address is blocked.\",\"documentation_url\":\"https://api.aweber.com#badrequest\"}}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"blocked@example.com\"}");

        awaitEvent(event, "failed");
        JsonNode delivery = event(event).path("rule_events").get(0);
        assertThat(delivery.path("attempt_count").asInt()).as("a final refusal is not retried: %s", delivery).isEqualTo(1);
        assertThat(delivery.path("last_error").asString()).contains("WebServiceError", "Email address is blocked.");
        JsonNode attempt = attempts(event, rule).get(0);
        assertThat(attempt.path("outcome_code").asString()).as("%s", attempt).isEqualTo("rejected_client_error");
        assertThat(attempt.path("status_code").asInt()).isEqualTo(400);
        assertThat(attempt.path("request_headers").path("Authorization").asString()).isEqualTo("[redacted]");
        assertThat(get("/api/v1/connections/" + connection).path("active").asBoolean()).isTrue();
    }

    @Test
    void anInactiveAWeberAccountDeactivatesTheConnectionAndHoldsItsDeliveries() {
        String connection = aweber(null);
        rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"456\"}");
        vendor.onJson("POST", SUBSCRIBERS, 401, "{\"error\":{\"status\":401,\"type\":\"UnauthorizedError\","
                + "\"message\":\"Invalid Account\",\"documentation_url\":\"https://api.aweber.com/#tag/Troubleshooting\"}}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        JsonNode deactivated = awaitConnection(connection, c -> !c.path("active").asBoolean());
        assertThat(deactivated.path("inactive_reason").asString()).isEqualTo("authentication_invalid");
        assertHeld(event);
        assertThat(vendor.requests("POST", TOKEN_PATH)).as("nothing to refresh").isEmpty();
    }

    @Test
    void aTokenRefusedEvenAfterARefreshIsRevokedAndTheDeliveryHeld() {
        String connection = aweber("aw-refresh-1");
        rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"456\"}");
        vendor.onJson("POST", SUBSCRIBERS, 401, "{\"error\":{\"status\":401,\"type\":\"UnauthorizedError\","
                + "\"message\":\"Invalid Token\",\"documentation_url\":\"https://api.aweber.com/#tag/Troubleshooting\"}}");
        vendor.onJson("POST", TOKEN_PATH, 200, "{\"access_token\":\"aw-fresh-token\",\"expires_in\":7200,"
                + "\"refresh_token\":\"aw-refresh-2\",\"token_type\":\"bearer\"}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        JsonNode deactivated = awaitConnection(connection, c -> !c.path("active").asBoolean());
        assertThat(deactivated.path("inactive_reason").asString()).isEqualTo("oauth_authorization_revoked");
        assertHeld(event);
        Request refresh = vendor.only("POST", TOKEN_PATH);
        assertThat(refresh.header("Authorization")).as("client authentication at AWeber's token endpoint")
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("aw-client:aw-client-secret"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(refresh.body()).contains("grant_type=refresh_token", "refresh_token=aw-refresh-1")
                .doesNotContain("client_secret");
        assertThat(vendor.requests("POST", SUBSCRIBERS)).extracting(r -> r.header("Authorization"))
                .as("the call made again with the refreshed token").containsExactly("Bearer " + TOKEN,
                        "Bearer aw-fresh-token");
    }

    // ---------------------------------------------------------------- helpers

    private static String customFields(String... names) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"name\":\"").append(names[i])
                    .append("\",\"is_subscriber_updateable\":true}");
        }
        return "{\"entries\":[" + entries + "],\"start\":0,\"total_size\":" + names.length + "}";
    }

    private String aweber(String refreshToken) {
        String oauth = "{\"access_token\":\"" + TOKEN + "\""
                + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"") + "}";
        var created = server.http().post("/api/v1/connections", scenario.tenant.token(), "{\"workspace\":\""
                + scenario.workspace + "\",\"type\":\"aweber\",\"name\":\"Newsletter\",\"metadata\":{\"oauth\":" + oauth
                + ",\"skip_url_test\":true}}");
        assertThat(created.status()).as("creating the aweber connection: %s", created).isEqualTo(201);
        assertThat(created.text()).as("the answer shows no token").doesNotContain(TOKEN);
        return created.json().path("connection").path("id").asString();
    }

    private String rule(String connection, String event, String metadataJson) {
        var created = server.http().post("/api/v1/rules", scenario.tenant.token(), "{\"workspace\":\"" + scenario.workspace
                + "\",\"connection\":\"" + connection + "\",\"event\":\"" + event + "\",\"metadata\":" + metadataJson + "}");
        assertThat(created.status()).as("creating the rule: %s", created).isEqualTo(201);
        return created.json().path("rule").path("id").asString();
    }

    private void saveMapping(String connection, String body) {
        var saved = server.http().put("/api/v1/connections/" + connection + "/mappings/default", scenario.tenant.token(), body);
        assertThat(saved.status()).as("saving the mapping: %s", saved).isEqualTo(200);
        assertThat(saved.json().path("status").asString()).isEqualTo("stored");
    }

    private void assertDeliveredAttemptHidesToken(UUID event, String rule) {
        var attempts = server.http().get("/api/v1/events/" + event + "/rules/" + rule + "/attempts", scenario.tenant.token());
        assertThat(attempts.status()).as("attempts: %s", attempts).isEqualTo(200);
        JsonNode attempt = attempts.json().path("records").get(0);
        assertThat(attempt.path("outcome_code").asString()).as("attempt %s", attempt).isEqualTo("delivered");
        assertThat(attempt.path("request_headers").path("Authorization").asString()).isEqualTo("[redacted]");
        assertThat(attempts.text()).as("the attempt history").doesNotContain(TOKEN);
        assertThat(server.http().get("/api/v1/events/" + event, scenario.tenant.token()).text()).doesNotContain(TOKEN);
    }

    /** The refused attempt is recorded just after the connection is deactivated: wait for it. */
    private void assertHeld(UUID event) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JsonNode ruleEvent = event(event).path("rule_events").get(0);
            assertThat(ruleEvent.path("status").asString()).as("a held delivery: %s", ruleEvent).isEqualTo("pending");
            assertThat(ruleEvent.path("held").asBoolean()).as("held: %s", ruleEvent).isTrue();
            assertThat(ruleEvent.path("attempt_count").asInt()).as("the refused attempt recorded: %s", ruleEvent)
                    .isGreaterThanOrEqualTo(1);
            assertThat(ruleEvent.path("next_attempt_at").isNull()).as("no attempt is due while held").isTrue();
        });
    }

    private static void assertJson(Request request, String expected) {
        assertThat(JSON.readTree(request.body())).as("body of %s: expected %s", request, expected)
                .isEqualTo(JSON.readTree(expected));
    }

    private static List<String> keys(JsonNode catalog) {
        return catalog.path("fields").valueStream().map(f -> f.path("key").asString()).toList();
    }

    private JsonNode get(String path) {
        var response = server.http().get(path, scenario.tenant.token());
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        return response.json();
    }

    private JsonNode event(UUID id) {
        return get("/api/v1/events/" + id);
    }

    private JsonNode attempts(UUID event, String rule) {
        return get("/api/v1/events/" + event + "/rules/" + rule + "/attempts").path("records");
    }

    private void awaitEvent(UUID id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(event(id).path("status").asString())
                        .as("event %s: %s; vendor saw %s", id, event(id), vendor.requests()).isEqualTo(status));
    }

    private JsonNode awaitConnection(String id, Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/connections/" + id), condition::test);
    }
}
