package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code mailerlite} type end to end, as a customer uses it: the API key checked on save, an
 * event sent with the workspace's publishable key, a rule of each action with a default mapping and
 * transforms, the stubbed MailerLite receiving exactly the requests it documents, the history
 * showing the attempt without the key; groups and the field catalog read from MailerLite; a final
 * refusal recorded with MailerLite's words; and a key MailerLite refuses deactivating the connection
 * and holding its deliveries until a new key is saved. On SQLite and PostgreSQL.
 */
class MailerLiteEndToEndTest extends VendorEndToEnd {

    static final String KEY = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e2e-mailerlite-key";
    static final String BASE = "/mailerlite";
    static final String SUBSCRIBER = "139791144936539940";
    static final String GROUP = "139791145237481296";
    static final String MEMBERSHIP = BASE + "/subscribers/" + SUBSCRIBER + "/groups/" + GROUP;
    static final String UNAUTHENTICATED = "{\"message\":\"Unauthenticated.\"}";
    // Answers as the recordings of MailerLite's Python SDK tests show them (trimmed).
    static final String SUBSCRIBER_ANSWER = "{\"data\":{\"id\":\"" + SUBSCRIBER + "\",\"email\":\"ada@example.com\","
            + "\"status\":\"active\",\"source\":\"api\",\"fields\":{\"name\":\"Ada\",\"last_name\":\"Unknown\"},\"groups\":[]}}";
    static final String GROUP_ANSWER = "{\"data\":{\"id\":\"" + GROUP + "\",\"name\":\"Newsletter\",\"active_count\":1,"
            + "\"created_at\":\"2024-12-04 12:27:04\"}}";

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_MAILERLITE_BASE_URL", vendor.url() + BASE);
    }

    MailerLiteEndToEndTest() {
        super("MailerLite");
    }

    @BeforeEach
    void stubTheAccount() {
        vendor.onJson("GET", BASE + "/groups", 200, groups(1, 1, GROUP, "Newsletter"));
        vendor.onJson("GET", BASE + "/fields", 200, fields(field("1", "Name", "name", true),
                field("2", "Last name", "last_name", true), field("3", "Company", "company", true)));
    }

    @Test
    void addToGroupChecksTheKeyOnSaveUpsertsTheMappedSubscriberAndAssignsIt() {
        String connection = mailerlite();
        Request check = vendor.only("GET", BASE + "/groups");
        assertThat(check.header("Authorization")).as("the check on save").isEqualTo("Bearer " + KEY);
        assertThat(check.queryParameter("limit")).isEqualTo("1");

        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_group\",\"id\":\"" + GROUP + "\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "name", "source": {"type": "path", "value": "user.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "last_name", "source": {"type": "path", "value": "user.last"}, "transforms": [{"type": "default", "value": "Unknown"}]},
                  {"dest": "company", "source": {"type": "path", "value": "org"}, "transforms": [{"type": "upper"}]}]}}""");
        vendor.onJson("POST", BASE + "/subscribers", 201, SUBSCRIBER_ANSWER);
        vendor.onJson("POST", MEMBERSHIP, 200, GROUP_ANSWER);

        UUID event = scenario.emitOk("user.signup", "{\"user\":{\"email\":\"  Ada@Example.COM \",\"first\":\" Ada \"},"
                + "\"org\":\"acme\"}");

        awaitEvent(event, "completed");
        Request upsert = vendor.only("POST", BASE + "/subscribers");
        assertMailerLiteHeaders(upsert, KEY);
        assertJson(upsert, "{\"email\":\"ada@example.com\",\"fields\":{\"name\":\"Ada\",\"last_name\":\"Unknown\","
                + "\"company\":\"ACME\"}}");
        Request assign = vendor.only("POST", MEMBERSHIP);
        assertMailerLiteHeaders(assign, KEY);
        assertThat(assign.body()).as("the assignment carries no body").isEmpty();
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", KEY);
    }

    @Test
    void removeFromGroupFindsTheSubscriberByTheMappedEmailAndUnassignsIt() {
        String connection = mailerlite();
        String rule = rule(connection, "user.unsubscribed", "{\"action\":\"remove_from_group\",\"id\":\"" + GROUP + "\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "contact.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]}]}}""");
        vendor.onJson("GET", BASE + "/subscribers/ada+news@example.com".replace("+", "%2B"), 200, SUBSCRIBER_ANSWER);
        vendor.on("DELETE", MEMBERSHIP, new Response(204, "", Map.of()));

        UUID event = scenario.emitOk("user.unsubscribed", "{\"contact\":{\"email\":\" Ada+News@Example.com\"}}");

        awaitEvent(event, "completed");
        assertMailerLiteHeaders(vendor.only("GET", BASE + "/subscribers/ada%2Bnews@example.com"), KEY);
        Request unassign = vendor.only("DELETE", MEMBERSHIP);
        assertMailerLiteHeaders(unassign, KEY);
        assertThat(vendor.requests("POST", BASE + "/subscribers")).as("no subscriber created to remove it").isEmpty();
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", KEY);
    }

    @Test
    void groupsAndTheFieldCatalogAreReadFromMailerLite() {
        String connection = mailerlite();
        vendor.on("GET", BASE + "/groups", Response.json(200, groups(1, 2, GROUP, "Newsletter")),
                Response.json(200, groups(2, 2, "165971156405323676", "Customers")));
        vendor.onJson("GET", BASE + "/fields", 200, fields(field("1", "Name", "name", true),
                field("947147", "Plan", "plan", false)));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.path("groups")).as("groups of both pages: %s", actions).isEqualTo(JSON.readTree(
                "[{\"id\":\"" + GROUP + "\",\"name\":\"Newsletter\"},{\"id\":\"165971156405323676\",\"name\":\"Customers\"}]"));
        assertThat(vendor.requests("GET", BASE + "/groups")).as("the check on save, then both pages")
                .extracting(r -> r.query()).containsExactly("limit=1", "limit=100&page=1", "limit=100&page=2");

        JsonNode catalog = get("/api/v1/connections/" + connection + "/fields");
        assertThat(catalog.path("integration_type").asString()).isEqualTo("mailerlite");
        assertThat(keys(catalog))
                .as("declared fields, then the account's own").containsExactly("email", "name", "last_name", "plan");
        JsonNode plan = catalog.path("fields").get(3);
        assertThat(plan.path("label").asString()).isEqualTo("Plan");
        assertThat(plan.path("provider_meta").path("custom").asBoolean()).isTrue();
        assertThat(vendor.only("GET", BASE + "/fields").header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aValidationErrorFailsTheDeliveryOnceWithMailerLitesWords() {
        String connection = mailerlite();
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_group\",\"id\":\"" + GROUP + "\"}");
        vendor.onJson("POST", BASE + "/subscribers", 422, "{\"message\":\"The email must be a valid email address.\","
                + "\"errors\":{\"email\":[\"The email must be a valid email address.\"]}}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example\"}");

        awaitFinalRefusal(event, rule, 422, "Authorization",
                "HTTP 422", "email: The email must be a valid email address.");
        assertThat(vendor.requests("POST", MEMBERSHIP)).as("nothing assigned").isEmpty();
        assertStillActive(connection, "a refused subscriber leaves the connection active");
    }

    @Test
    void aRefusedKeyIsNotSavedAndOneRevokedLaterDeactivatesTheConnectionAndHoldsItsDeliveries() {
        vendor.onHeader("GET", BASE + "/groups", "Authorization", "Bearer wrong-key", Response.json(401, UNAUTHENTICATED));
        var refused = server.http().post("/api/v1/connections", scenario.tenant.token(),
                connectionBody("mailerlite", "Newsletter", metadata("wrong-key")));
        assertThat(refused.status()).as("saving a key MailerLite refuses: %s", refused).isEqualTo(422);
        assertThat(refused.error()).isEqualTo("connection_credentials_invalid");
        assertThat(refused.text()).contains("Unauthenticated.").doesNotContain("wrong-key");

        String connection = mailerlite();
        rule(connection, "user.signup", "{\"action\":\"add_to_group\",\"id\":\"" + GROUP + "\"}");
        vendor.onHeader("POST", BASE + "/subscribers", "Authorization", "Bearer " + KEY,
                Response.json(401, UNAUTHENTICATED));
        vendor.onJson("POST", BASE + "/subscribers", 201, SUBSCRIBER_ANSWER);
        vendor.onJson("POST", MEMBERSHIP, 200, GROUP_ANSWER);

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitDeactivated(connection, "authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("POST", BASE + "/subscribers")).as("calls: the refused one only").hasSize(1);
        assertThat(server.http().get("/api/v1/events/" + first, scenario.tenant.token()).text()).doesNotContain(KEY);

        String newKey = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e2e-new-key";
        saveNewCredentials(connection, "Newsletter", metadata(newKey), newKey);

        awaitEvent(first, "completed");
        awaitEvent(second, "completed");
        assertThat(vendor.requests("POST", MEMBERSHIP)).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + newKey));
        assertThat(event(first).path("rule_events").get(0).path("attempt_count").asInt())
                .as("the refused attempt is recorded").isEqualTo(2);
    }

    // ---------------------------------------------------------------- MailerLite's headers

    private static void assertMailerLiteHeaders(Request request, String key) {
        assertThat(request.header("Authorization")).as("auth of %s", request).isEqualTo("Bearer " + key);
        assertThat(request.header("Accept")).as("Accept of %s", request).isEqualTo("application/json");
        assertThat(request.header("Content-Type")).as("Content-Type of %s", request).startsWith("application/json");
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    private String mailerlite() {
        return createConnection("mailerlite", "Newsletter", metadata(KEY), KEY);
    }

    private static String metadata(String key) {
        return "{\"api_key\":\"" + key + "\"}";
    }

    // ---------------------------------------------------------------- MailerLite's answers

    static String groups(int page, int lastPage, String... idAndName) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < idAndName.length; i += 2) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(idAndName[i]).append("\",\"name\":\"")
                    .append(idAndName[i + 1]).append("\",\"active_count\":1,\"created_at\":\"2023-09-23 08:12:28\"}");
        }
        return "{\"data\":[" + data + "],\"meta\":{\"current_page\":" + page + ",\"last_page\":" + lastPage
                + ",\"per_page\":100}}";
    }

    static String field(String id, String name, String key, boolean isDefault) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"key\":\"" + key + "\",\"type\":\"text\","
                + "\"is_default\":" + isDefault + ",\"used_in_automations\":false}";
    }

    static String fields(String... fields) {
        return "{\"data\":[" + String.join(",", fields) + "],\"meta\":{\"current_page\":1,\"last_page\":1,\"per_page\":100}}";
    }
}
