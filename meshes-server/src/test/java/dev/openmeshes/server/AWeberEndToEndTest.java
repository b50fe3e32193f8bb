package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * AWeber end to end, as a customer uses it: an event sent with the publishable key, a rule of each
 * action with a default mapping (transforms, and the list chosen by a template), the stubbed AWeber
 * receiving exactly the request it documents, the history showing the attempt without the token;
 * lists and the field catalog read from AWeber; a final refusal recorded with AWeber's words; and
 * credentials AWeber refuses deactivating the connection and holding its deliveries. On SQLite and
 * PostgreSQL.
 */
class AWeberEndToEndTest extends VendorEndToEnd {

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

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_AWEBER_BASE_URL", vendor.url() + BASE,
                "MESHES_CONNECTOR_AWEBER_TOKEN_URL", vendor.url() + TOKEN_PATH,
                "MESHES_OAUTH_AWEBER_CLIENT_ID", "aw-client",
                "MESHES_OAUTH_AWEBER_CLIENT_SECRET", "aw-client-secret");
    }

    AWeberEndToEndTest() {
        super("AWeber");
    }

    @BeforeEach
    void stubTheAccount() {
        vendor.onJson("GET", BASE + "/accounts", 200, ACCOUNTS);
        vendor.onJson("GET", LISTS, 200, ONE_LIST);
        vendor.onJson("GET", CUSTOM_FIELDS, 200, customFields("plan"));
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
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", TOKEN);
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
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", TOKEN);
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

        awaitFinalRefusal(event, rule, 400, "Authorization", "WebServiceError", "Email address is blocked.");
        assertStillActive(connection, "a blocked address leaves the connection active");
    }

    @Test
    void anInactiveAWeberAccountDeactivatesTheConnectionAndHoldsItsDeliveries() {
        String connection = aweber(null);
        rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"456\"}");
        vendor.onJson("POST", SUBSCRIBERS, 401, "{\"error\":{\"status\":401,\"type\":\"UnauthorizedError\","
                + "\"message\":\"Invalid Account\",\"documentation_url\":\"https://api.aweber.com/#tag/Troubleshooting\"}}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        awaitDeactivated(connection, "authentication_invalid");
        awaitHeldWithTheRefusedAttempt(event);
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

        awaitDeactivated(connection, "oauth_authorization_revoked");
        awaitHeldWithTheRefusedAttempt(event);
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
        return createConnection("aweber", "Newsletter", "{\"oauth\":" + oauth + ",\"skip_url_test\":true}", TOKEN);
    }
}
