package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code resend} type end to end, as a customer uses it, on SQLite and PostgreSQL: the key
 * checked on save, events sent with the publishable key, rules of each action with a default
 * mapping, the stubbed Resend API receiving exactly the mapped request, the history showing the
 * attempt without the key, segments, templates and contact properties read from Resend, a final
 * refusal recorded in Resend's words, and a key Resend refuses deactivating the connection and
 * holding its deliveries until a working key is saved.
 */
class ResendEndToEndTest extends VendorEndToEnd {

    static final String KEY = "re_e2e_c1tpEyD8_NKFusih9vKVQknRAQfm";
    static final String SEGMENT = "78261eea-8f8b-4381-83c6-79fa7120f1cf";
    static final String TEMPLATE = "34a080c9-b17d-4187-ad80-5af20266e535";
    static final String PROPERTIES = "/resend/contact-properties";
    static final String DOMAINS = "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\"d91cd9bd-1176-453e-8fc1-"
            + "35364d380206\",\"name\":\"example.com\",\"status\":\"verified\"}]}";
    static final String CONTACT_NOT_FOUND = error(404, "not_found", "Contact not found");

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_PUBLIC_URL", "http://meshes.test", "MESHES_CONNECTOR_RESEND_BASE_URL", vendor.url() + "/resend");
    }

    ResendEndToEndTest() {
        super("Resend");
    }

    @Test
    void theKeyIsCheckedOnSaveAndASendingOnlyKeyIsRefusedAskingForFullAccess() {
        vendor.onJson("GET", "/resend/domains", 401, error(401, "restricted_api_key",
                "This API key is restricted to only send emails"));
        var refused = server.http().post("/api/v1/connections", scenario.tenant.token(),
                connectionBody("re_sending_only_key"));
        assertThat(refused.status()).as("a sending-only key: %s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("connection_credentials_invalid", "restricted_api_key", "Full access")
                .doesNotContain("re_sending_only_key");

        vendor.onJson("GET", "/resend/domains", 200, DOMAINS);
        var created = server.http().post("/api/v1/connections", scenario.tenant.token(), connectionBody(KEY));
        assertThat(created.status()).as("a full-access key: %s", created).isEqualTo(201);
        assertThat(created.text()).as("the answer masks the key").doesNotContain(KEY);
        assertThat(vendor.requests("GET", "/resend/domains")).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer re_sending_only_key", "Bearer " + KEY);
    }

    @Test
    void addToSegmentCreatesTheMappedContactInTheSegment() {
        String connection = resend(KEY);
        vendor.onJson("GET", PROPERTIES, 200, properties("company_name"));
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_segment\",\"id\":\"" + SEGMENT + "\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "user.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "last_name", "source": {"type": "path", "value": "user.last"}, "transforms": [{"type": "default", "value": "Unknown"}]},
                  {"dest": "unsubscribed", "source": {"type": "path", "value": "opted_out"}, "transforms": [{"type": "to_boolean"}]},
                  {"dest": "properties.company_name", "source": {"type": "path", "value": "company"}, "transforms": [{"type": "upper"}]}]}}""");
        vendor.onJson("GET", "/resend/contacts/ada%40example.com", 404, CONTACT_NOT_FOUND);
        vendor.onJson("POST", "/resend/contacts", 201, "{\"object\":\"contact\",\"id\":\"479e3145-dd38-476b-932c-529ceb705947\"}");

        UUID event = scenario.emitOk("user.signup", "{\"user\":{\"email\":\" Ada@Example.COM \",\"first\":\" Ada \"},"
                + "\"opted_out\":\"false\",\"company\":\"acme\"}");

        awaitEvent(event, "completed");
        assertResendHeaders(vendor.only("GET", "/resend/contacts/ada%40example.com"));
        Request create = vendor.only("POST", "/resend/contacts");
        assertResendHeaders(create);
        assertJson(create, "{\"email\":\"ada@example.com\",\"first_name\":\"Ada\",\"last_name\":\"Unknown\","
                + "\"unsubscribed\":false,\"properties\":{\"company_name\":\"ACME\"},\"segments\":[\"" + SEGMENT + "\"]}");
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", KEY);
    }

    @Test
    void removeFromSegmentOfAContactNotInItCompletes() {
        String connection = resend(KEY);
        rule(connection, "user.churned", "{\"action\":\"remove_from_segment\",\"id\":\"" + SEGMENT + "\"}");
        vendor.onJson("DELETE", "/resend/contacts/ada%40example.com/segments/" + SEGMENT, 404, CONTACT_NOT_FOUND);

        UUID event = scenario.emitOk("user.churned", "{\"email\":\"ada@example.com\"}");

        awaitEvent(event, "completed");
        assertResendHeaders(vendor.only("DELETE", "/resend/contacts/ada%40example.com/segments/" + SEGMENT));
        assertThat(event(event).path("rule_events").get(0).path("attempt_count").asInt()).isEqualTo(1);
    }

    @Test
    void sendEmailTemplateSendsTheTemplateWithTheResolvedSubjectAndTheMappedVariables() {
        String connection = resend(KEY);
        vendor.onJson("GET", PROPERTIES, 200, properties("company_name"));
        String rule = rule(connection, "order.shipped", "{\"action\":\"send_email_template\",\"id\":\"" + TEMPLATE + "\","
                + "\"subject\":\"Your {{order.item}} is on its way\",\"from\":\"Acme <orders@acme.com>\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "customer.email"}, "transforms": [{"type": "lower"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "customer.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "properties.company_name", "source": {"type": "literal", "value": "Acme"}}]}}""");
        vendor.onJson("POST", "/resend/emails", 200, "{\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}");

        UUID event = scenario.emitOk("order.shipped", "{\"customer\":{\"email\":\"Jo@Example.com\",\"first\":\" Jo\"},"
                + "\"order\":{\"item\":\"lamp\"},\"total\":49.5}");

        awaitEvent(event, "completed");
        Request send = vendor.only("POST", "/resend/emails");
        assertResendHeaders(send);
        assertThat(send.header("Idempotency-Key")).as("the delivery's id")
                .isEqualTo(event(event).path("rule_events").get(0).path("id").asString());
        assertJson(send, "{\"from\":\"Acme <orders@acme.com>\",\"to\":[\"jo@example.com\"],"
                + "\"subject\":\"Your lamp is on its way\",\"template\":{\"id\":\"" + TEMPLATE + "\",\"variables\":"
                + "{\"total\":49.5,\"email\":\"jo@example.com\",\"first_name\":\"Jo\",\"company_name\":\"Acme\"}}}");
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", KEY);
    }

    @Test
    void segmentsTemplatesAndContactPropertiesAreReadFromResend() {
        String connection = resend(KEY);
        vendor.on("GET", "/resend/segments",
                Response.json(200, "{\"object\":\"list\",\"has_more\":true,\"data\":[{\"id\":\"seg_1\",\"name\":\"Newsletter\"}]}"),
                Response.json(200, "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\"seg_2\",\"name\":\"Beta\"}]}"));
        vendor.onJson("GET", "/resend/templates", 200, "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\""
                + TEMPLATE + "\",\"name\":\"welcome-email\",\"status\":\"published\",\"alias\":\"welcome\"}]}");
        vendor.onJson("GET", PROPERTIES, 200, properties("company_name"));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertSameJson(actions.path("segments"), "[{\"id\":\"seg_1\",\"name\":\"Newsletter\"},{\"id\":\"seg_2\",\"name\":\"Beta\"}]",
                "segments of both pages");
        assertSameJson(actions.path("templates"), "[{\"id\":\"" + TEMPLATE + "\",\"name\":\"welcome-email\"}]", "templates");
        assertThat(vendor.requests("GET", "/resend/segments")).extracting(r -> r.queryParameter("after"))
                .containsExactly(null, "seg_1");

        String fields = "/api/v1/connections/" + connection + "/fields";
        JsonNode catalog = get(fields);
        assertThat(catalog.path("integration_type").asString()).isEqualTo("resend");
        assertThat(keys(catalog)).containsExactly("email", "first_name", "last_name", "unsubscribed",
                "properties.company_name");
        vendor.onJson("GET", PROPERTIES, 200, properties("company_name", "plan"));
        assertThat(keys(get(fields))).as("kept until refreshed").doesNotContain("properties.plan");
        assertThat(keys(get(fields + "?refresh=true"))).contains("properties.plan");
        vendor.requests().forEach(ResendEndToEndTest::assertResendHeaders);
    }

    @Test
    void resendRefusingTheTemplateFailsTheDeliveryWithResendsMessage() {
        String connection = resend(KEY);
        String rule = rule(connection, "order.shipped", "{\"action\":\"send_email_template\",\"id\":\"tpl_draft\"}");
        vendor.onJson("POST", "/resend/emails", 422, error(422, "validation_error", "Template is not published."));

        UUID event = scenario.emitOk("order.shipped", "{\"email\":\"jo@example.com\"}");

        awaitFinalRefusal(event, rule, 422, "Authorization", "validation_error", "Template is not published.");
        assertStillActive(connection, "a refused template leaves the connection active");
    }

    @Test
    void aKeyResendRefusesDeactivatesTheConnectionHoldsItsDeliveriesAndANewKeyResumesThem() {
        String connection = resend("re_deleted_key_0123456789");
        rule(connection, "user.signup", "{\"action\":\"add_to_segment\",\"id\":\"" + SEGMENT + "\"}");
        vendor.onHeader("GET", "/resend/contacts/ada%40example.com", "Authorization", "Bearer re_deleted_key_0123456789",
                Response.json(403, error(403, "invalid_api_key", "API key is invalid")));

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitDeactivated(connection, "authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests()).as("calls: only the refused one").hasSize(1);

        vendor.onJson("GET", "/resend/contacts/ada%40example.com", 200, "{\"object\":\"contact\",\"id\":\"c_1\","
                + "\"email\":\"ada@example.com\",\"unsubscribed\":false}");
        vendor.onJson("POST", "/resend/contacts/c_1/segments/" + SEGMENT, 200,
                "{\"object\":\"contact_segment\",\"contact_id\":\"c_1\",\"segment_id\":\"" + SEGMENT + "\"}");
        saveNewCredentials(connection, "Email", uncheckedKey(KEY), KEY);

        awaitEvent(first, "completed");
        awaitEvent(second, "completed");
        assertThat(vendor.requests("POST", "/resend/contacts/c_1/segments/" + SEGMENT))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY)).hasSize(2);
    }

    // ---------------------------------------------------------------- checks and the API, as a client uses it

    private static void assertResendHeaders(Request request) {
        assertThat(request.header("User-Agent")).as("User-Agent of %s", request).isEqualTo("OpenMeshes/0.1");
        assertThat(request.header("Authorization")).as("auth of %s", request).startsWith("Bearer re_");
    }

    /** A connection whose key is checked on save. */
    private String connectionBody(String key) {
        return connectionBody("resend", "Email", "{\"api_key\":\"" + key + "\"}");
    }

    /** A connection saved without the check on save. */
    private String resend(String key) {
        return createConnection("resend", "Email", uncheckedKey(key), key);
    }

    private static String uncheckedKey(String key) {
        return "{\"api_key\":\"" + key + "\",\"skip_url_test\":true}";
    }

    // ---------------------------------------------------------------- Resend's documented answers

    static String error(int status, String name, String message) {
        return "{\"statusCode\":" + status + ",\"name\":\"" + name + "\",\"message\":\"" + message + "\"}";
    }

    static String properties(String... keys) {
        StringBuilder data = new StringBuilder();
        for (String key : keys) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"prop_").append(key).append("\",\"key\":\"")
                    .append(key).append("\",\"type\":\"string\",\"created_at\":\"2023-10-06 23:47:56.678+00\"}");
        }
        return "{\"object\":\"list\",\"has_more\":false,\"data\":[" + data + "]}";
    }
}
