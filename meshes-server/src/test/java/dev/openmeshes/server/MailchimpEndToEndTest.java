package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
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
 * Mailchimp end to end, as a customer uses it: the key checked on save, an event sent with the
 * workspace's publishable key, rules of both actions with a default mapping and a template, the
 * stubbed Marketing API receiving exactly the member request it documents, the history showing
 * the attempt without the key; audiences and merge fields read from the vendor; a final refusal
 * kept with Mailchimp's words; and a refused key deactivating the connection and holding its
 * deliveries. On SQLite and PostgreSQL.
 */
class MailchimpEndToEndTest extends OnBothStores {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String KEY = "5f4dcc3b5aa765d61d8327deb882cf99-us6";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("openmeshes:" + KEY)
            .getBytes(StandardCharsets.UTF_8));
    static final String LIST = "a1b2c3d4e5";
    static final String LISTS = "/mailchimp/lists";
    static final String MERGE_FIELDS = "/mailchimp/lists/" + LIST + "/merge-fields";

    final VendorStub vendor = new VendorStub();
    Scenario scenario;

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_MAILCHIMP_BASE_URL", vendor.url() + "/mailchimp");
    }

    @BeforeEach
    void freshTenant() {
        vendor.reset();
        scenario = new Scenario(server, "Mailchimp " + UUID.randomUUID().toString().substring(0, 8));
        vendor.onJson("GET", "/mailchimp/ping", 200, "{\"health_status\":\"Everything's Chimpy!\"}");
        vendor.onJson("GET", LISTS, 200, "{\"lists\":[{\"id\":\"" + LIST + "\",\"name\":\"Newsletter\"}],\"total_items\":1}");
        vendor.onJson("GET", MERGE_FIELDS, 200, mergeFields("FNAME", "PLAN"));
    }

    @AfterAll
    void stopVendor() {
        vendor.close();
    }

    @Test
    void addToListChecksTheKeyOnSaveAndUpsertsTheMappedMember() {
        String connection = mailchimp();
        assertThat(vendor.only("GET", "/mailchimp/ping").header("Authorization")).as("the check on save").isEqualTo(BASIC);
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"" + LIST + "\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "merge_fields.FNAME", "source": {"type": "path", "value": "user.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "merge_fields.PLAN", "source": {"type": "path", "value": "plan"}, "transforms": [{"type": "lower"}, {"type": "default", "value": "free"}]},
                  {"dest": "ip_signup", "source": {"type": "path", "value": "ip_address"}, "transforms": [{"type": "substring", "start": 0, "length": 11}]}]}}""");
        String member = "/mailchimp/lists/" + LIST + "/members/" + md5("ada@example.com");
        vendor.onJson("PUT", member, 200, "{\"id\":\"" + md5("ada@example.com") + "\",\"email_address\":\"ada@example.com\","
                + "\"status\":\"subscribed\",\"list_id\":\"" + LIST + "\"}");

        UUID event = scenario.emitOk("user.signup", "{\"user\":{\"email\":\"  Ada@Example.COM \",\"first\":\" Ada \"},"
                + "\"plan\":\"PRO\",\"ip_address\":\"203.0.113.9:4711\"}");

        awaitEvent(event, "completed");
        Request put = vendor.only("PUT", member);
        assertThat(put.header("Authorization")).as("Basic auth with the key as password").isEqualTo(BASIC);
        assertJson(put, """
                {"email_address":"ada@example.com","status_if_new":"subscribed","status":"subscribed",
                 "merge_fields":{"FNAME":"Ada","PLAN":"pro"},"ip_signup":"203.0.113.9"}""");
        assertDeliveredAttemptHidesTheKey(event, rule);
    }

    @Test
    void removeFromListTakesTheAudienceFromItsTemplateAndANonMemberIsDone() {
        String connection = mailchimp();
        String rule = rule(connection, "user.churned", "{\"action\":\"remove_from_list\",\"id\":\"{{account.audience}}\"}");
        String member = "/mailchimp/lists/" + LIST + "/members/" + md5("gone@example.com");
        vendor.onJson("PATCH", member, 404, problem(404, "Resource Not Found", "The requested resource could not be found."));

        UUID event = scenario.emitOk("user.churned", "{\"email\":\"gone@example.com\",\"account\":{\"audience\":\"" + LIST + "\"}}");

        awaitEvent(event, "completed");
        Request patch = vendor.only("PATCH", member);
        assertThat(patch.header("Authorization")).isEqualTo(BASIC);
        assertJson(patch, "{\"status\":\"unsubscribed\"}");
        assertDeliveredAttemptHidesTheKey(event, rule);
    }

    @Test
    void audiencesAndTheMergeFieldCatalogAreReadFromMailchimp() {
        String connection = mailchimp();

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.path("lists")).as("audiences: %s", actions)
                .isEqualTo(JSON.readTree("[{\"id\":\"" + LIST + "\",\"name\":\"Newsletter\"}]"));
        Request lists = vendor.requests("GET", LISTS).getFirst();
        assertThat(lists.header("Authorization")).isEqualTo(BASIC);
        assertThat(lists.queryParameter("count")).isEqualTo("1000");

        JsonNode catalog = get("/api/v1/connections/" + connection + "/fields");
        assertThat(catalog.path("integration_type").asString()).isEqualTo("mailchimp");
        assertThat(catalog.path("fields").valueStream().map(f -> f.path("key").asString()))
                .as("declared fields and the audience's merge fields: %s", catalog)
                .containsExactly("email", "ip_signup", "merge_fields.FNAME", "merge_fields.PLAN");
        assertThat(vendor.only("GET", MERGE_FIELDS).header("Authorization")).isEqualTo(BASIC);
        assertThat(get("/api/v1/connections/" + connection).toString()).as("the connection as answered")
                .doesNotContain(KEY);
    }

    @Test
    void anAddressInComplianceStateFailsTheDeliveryAtOnceWithMailchimpsWords() {
        String connection = mailchimp();
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"" + LIST + "\"}");
        vendor.onJson("PUT", "/mailchimp/lists/" + LIST + "/members/" + md5("ada@example.com"), 400,
                problem(400, "Member In Compliance State", "ada@example.com is in a compliance state due to unsubscribe, "
                        + "bounce, or compliance review and cannot be subscribed."));

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        awaitEvent(event, "failed");
        JsonNode delivery = scenario.event(event).path("rule_events").get(0);
        assertThat(delivery.path("attempt_count").asInt()).as("a final refusal is not retried: %s", delivery).isEqualTo(1);
        assertThat(delivery.path("last_error").asString()).as("%s", delivery)
                .contains("Member In Compliance State", "cannot be subscribed", "signup form");
        JsonNode attempt = attempts(event, rule).get(0);
        assertThat(attempt.path("outcome_code").asString()).as("%s", attempt).isEqualTo("rejected_client_error");
        assertThat(attempt.path("status_code").asInt()).isEqualTo(400);
        assertThat(attempt.path("request_headers").path("Authorization").asString()).isEqualTo("[redacted]");
        assertThat(get("/api/v1/connections/" + connection).path("active").asBoolean())
                .as("a refused address leaves the connection active").isTrue();
    }

    @Test
    void aKeyMailchimpRefusesDeactivatesTheConnectionAndHoldsItsDeliveries() {
        String connection = mailchimp();
        rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"" + LIST + "\"}");
        vendor.onJson("PUT", "/mailchimp/lists/" + LIST + "/members/" + md5("ada@example.com"), 401,
                problem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter."));

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        JsonNode deactivated = awaitConnection(connection, c -> !c.path("active").asBoolean());
        assertThat(deactivated.path("inactive_reason").asString()).isEqualTo("authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> true);
        for (UUID event : new UUID[] {first, second}) {
            JsonNode ruleEvent = scenario.event(event).path("rule_events").get(0);
            assertThat(ruleEvent.path("status").asString()).as("a held delivery: %s", ruleEvent).isEqualTo("pending");
            assertThat(ruleEvent.path("held").asBoolean()).as("held: %s", ruleEvent).isTrue();
        }
        assertThat(vendor.requests("PUT", "/mailchimp/lists/" + LIST + "/members/" + md5("bob@example.com")))
                .as("calls while held").isEmpty();

        vendor.onJson("GET", "/mailchimp/ping", 401, problem(401, "API Key Invalid", "Your API key may be invalid."));
        var refusedOnSave = server.http().post("/api/v1/connections", scenario.tenant.token(), connectionBody());
        assertThat(refusedOnSave.status()).as("a refused key on save: %s", refusedOnSave).isEqualTo(422);
        assertThat(refusedOnSave.text()).contains("connection_credentials_invalid", "API Key Invalid").doesNotContain(KEY);
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    private String connectionBody() {
        return "{\"workspace\":\"" + scenario.workspace + "\",\"type\":\"mailchimp\",\"name\":\"Newsletter\","
                + "\"metadata\":{\"data_center\":\"us6\",\"api_key\":\"" + KEY + "\"}}";
    }

    private String mailchimp() {
        var created = server.http().post("/api/v1/connections", scenario.tenant.token(), connectionBody());
        assertThat(created.status()).as("creating the connection: %s", created).isEqualTo(201);
        assertThat(created.text()).as("the answer shows no key").doesNotContain(KEY);
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

    private JsonNode get(String path) {
        var response = server.http().get(path, scenario.tenant.token());
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        return response.json();
    }

    private JsonNode attempts(UUID event, String rule) {
        return get("/api/v1/events/" + event + "/rules/" + rule + "/attempts").path("records");
    }

    private void assertDeliveredAttemptHidesTheKey(UUID event, String rule) {
        var attempts = server.http().get("/api/v1/events/" + event + "/rules/" + rule + "/attempts", scenario.tenant.token());
        JsonNode attempt = attempts.json().path("records").get(0);
        assertThat(attempt.path("outcome_code").asString()).as("attempt %s", attempt).isEqualTo("delivered");
        assertThat(attempt.path("request_headers").path("Authorization").asString()).isEqualTo("[redacted]");
        assertThat(attempts.text()).as("the attempt history").doesNotContain(KEY).doesNotContain(BASIC.substring(6));
        assertThat(server.http().get("/api/v1/events/" + event, scenario.tenant.token()).text()).doesNotContain(KEY);
    }

    private void awaitEvent(UUID id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(scenario.event(id).path("status").asString())
                        .as("event %s: %s; vendor saw %s", id, scenario.event(id), vendor.requests()).isEqualTo(status));
    }

    private JsonNode awaitConnection(String id, Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/connections/" + id), condition::test);
    }

    private static void assertJson(Request request, String expected) {
        assertThat(JSON.readTree(request.body())).as("body of %s: expected %s", request, expected)
                .isEqualTo(JSON.readTree(expected));
    }

    // ---------------------------------------------------------------- Mailchimp's documented answers

    static String problem(int status, String title, String detail) {
        return "{\"type\":\"https://mailchimp.com/developer/marketing/docs/errors/\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\",\"instance\":\"995c5cb0-3280-4a6e-808b-3b096d0bb219\"}";
    }

    static String mergeFields(String... tags) {
        StringBuilder fields = new StringBuilder();
        for (String tag : tags) {
            fields.append(fields.isEmpty() ? "" : ",").append("{\"merge_id\":").append(fields.length() + 1)
                    .append(",\"tag\":\"").append(tag).append("\",\"name\":\"").append(tag).append("\",\"type\":\"text\",")
                    .append("\"required\":false,\"options\":{\"size\":25},\"list_id\":\"").append(LIST).append("\"}");
        }
        return "{\"merge_fields\":[" + fields + "],\"list_id\":\"" + LIST + "\",\"total_items\":" + tags.length + "}";
    }

    /** Mailchimp's member id: MD5 of the lower-cased address. */
    static String md5(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
