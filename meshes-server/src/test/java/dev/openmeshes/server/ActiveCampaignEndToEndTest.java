package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
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
 * ActiveCampaign end to end, as a customer uses it: a connection whose API key is checked on save,
 * events sent with the publishable key, a rule of each action, a default mapping with transforms,
 * and the stubbed account (MESHES_CONNECTOR_ACTIVECAMPAIGN_BASE_URL) receiving exactly the mapped
 * requests; the history showing each attempt without the key; lists, tags and custom fields read
 * from the account; a final refusal recorded in ActiveCampaign's words; and a key the account
 * refuses deactivating the connection and holding its deliveries until a new key is saved. On
 * SQLite and PostgreSQL.
 */
class ActiveCampaignEndToEndTest extends OnBothStores {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String API_KEY = "e2e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String NEW_KEY = "e2e9f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291";
    static final String AC = "/activecampaign";
    static final String CONTACT = "10";

    static final String USERS_ME = "{\"user\":{\"username\":\"jdoe\",\"firstName\":\"John\",\"lastName\":\"Doe\","
            + "\"email\":\"johndoe@example.com\",\"phone\":\"\",\"signature\":null,\"id\":\"1\"}}";
    static final String SYNCED = "{\"fieldValues\":[],\"contact\":{\"email\":\"ada@example.com\",\"firstName\":\"Ada\","
            + "\"cdate\":\"2022-04-14T10:03:23-05:00\",\"fieldValues\":[],\"id\":\"" + CONTACT + "\",\"organization\":\"\"}}";
    static final String FOUND = "{\"scoreValues\":[],\"contacts\":[{\"email\":\"ada@example.com\",\"id\":\"" + CONTACT
            + "\"}],\"meta\":{\"total\":\"1\"}}";
    static final String CONTACT_LIST = "{\"contactList\":{\"contact\":\"10\",\"list\":\"2\",\"status\":1,\"id\":\"9\"}}";
    static final String CONTACT_TAG = "{\"contactTag\":{\"cdate\":\"2017-06-08T16:11:53-05:00\",\"contact\":\"10\","
            + "\"id\":\"5\",\"tag\":\"20\"}}";
    static final String PLAN = "{\"title\":\"Plan\",\"descript\":null,\"type\":\"text\",\"isrequired\":\"0\","
            + "\"perstag\":\"PLAN\",\"visible\":\"1\",\"id\":\"3\"}";
    static final String SEATS = "{\"title\":\"Seats\",\"descript\":null,\"type\":\"number\",\"isrequired\":\"0\","
            + "\"perstag\":\"SEATS\",\"visible\":\"1\",\"id\":\"6\"}";

    final VendorStub vendor = new VendorStub();
    Scenario scenario;

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_ACTIVECAMPAIGN_BASE_URL", vendor.url() + AC);
    }

    @BeforeEach
    void freshTenant() {
        vendor.reset();
        scenario = new Scenario(server, "AC " + UUID.randomUUID().toString().substring(0, 8));
        vendor.onJson("GET", AC + "/users/me", 200, USERS_ME);
        vendor.onJson("GET", AC + "/fields", 200, fields(PLAN));
    }

    @AfterAll
    void stopVendor() {
        vendor.close();
    }

    @Test
    void eachActionSendsTheMappedContactAndTheHistoryShowsTheAttemptWithoutTheKey() {
        String connection = activeCampaign();
        assertThat(vendor.only("GET", AC + "/users/me").header("Api-Token")).as("the key checked on save")
                .isEqualTo(API_KEY);
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "user.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "last_name", "source": {"type": "path", "value": "user.last"}, "transforms": [{"type": "default", "value": "Unknown"}]},
                  {"dest": "phone", "source": {"type": "path", "value": "user.phone"}, "transforms": [{"type": "substring", "start": 0, "length": 13}]},
                  {"dest": "fieldValues.3", "source": {"type": "path", "value": "plan"}, "transforms": [{"type": "lower"}]}]}}""");
        String sync = rule(connection, "user.signup", "{\"action\":\"sync_contact\"}");
        String subscribe = rule(connection, "newsletter.joined", "{\"action\":\"add_to_list\",\"id\":\"2\"}");
        String unsubscribe = rule(connection, "newsletter.left", "{\"action\":\"remove_from_list\",\"id\":\"2\"}");
        // The tag comes from the event: the rule's template is resolved from the payload.
        String tag = rule(connection, "plan.upgraded", "{\"action\":\"add_tag\",\"id\":\"{{plan_tag.id}}\"}");
        String untag = rule(connection, "plan.downgraded", "{\"action\":\"remove_tag\",\"id\":\"20\"}");
        vendor.onJson("POST", AC + "/contact/sync", 201, SYNCED);
        vendor.onJson("GET", AC + "/contacts", 200, FOUND);
        vendor.onJson("POST", AC + "/contactLists", 200, CONTACT_LIST);
        vendor.onJson("GET", AC + "/contacts/10/contactTags", 200, "{\"contactTags\":[],\"meta\":{\"total\":\"0\"}}");
        vendor.onJson("POST", AC + "/contactTags", 201, CONTACT_TAG);
        String person = "{\"user\":{\"email\":\"  Ada@Example.COM \",\"first\":\" Ada \",\"phone\":\"+353871234567 ext 9\"},"
                + "\"plan\":\"GOLD\",\"plan_tag\":{\"id\":\"20\"}}";

        UUID signedUp = scenario.emitOk("user.signup", person);
        awaitEvent(signedUp, "completed");
        assertJson(vendor.only("POST", AC + "/contact/sync"), """
                {"contact":{"email":"ada@example.com","firstName":"Ada","lastName":"Unknown","phone":"+353871234567",
                 "fieldValues":[{"field":"3","value":"gold"}]}}""");
        assertDeliveredAttemptHidesTheKey(signedUp, sync);

        vendor.reset();
        stubAll();
        UUID joined = scenario.emitOk("newsletter.joined", person);
        awaitEvent(joined, "completed");
        assertThat(vendor.requests()).extracting(Request::path).containsExactly(AC + "/contact/sync", AC + "/contactLists");
        assertJson(vendor.only("POST", AC + "/contactLists"),
                "{\"contactList\":{\"list\":\"2\",\"contact\":\"10\",\"status\":\"1\"}}");
        assertDeliveredAttemptHidesTheKey(joined, subscribe);

        vendor.reset();
        stubAll();
        UUID left = scenario.emitOk("newsletter.left", person);
        awaitEvent(left, "completed");
        assertThat(vendor.only("GET", AC + "/contacts").queryParameter("email")).as("looked up by the mapped email")
                .isEqualTo("ada@example.com");
        assertJson(vendor.only("POST", AC + "/contactLists"),
                "{\"contactList\":{\"list\":\"2\",\"contact\":\"10\",\"status\":\"2\"}}");
        assertDeliveredAttemptHidesTheKey(left, unsubscribe);

        vendor.reset();
        stubAll();
        UUID upgraded = scenario.emitOk("plan.upgraded", person);
        awaitEvent(upgraded, "completed");
        assertJson(vendor.only("POST", AC + "/contactTags"), "{\"contactTag\":{\"contact\":10,\"tag\":20}}");
        assertDeliveredAttemptHidesTheKey(upgraded, tag);

        vendor.reset();
        stubAll();
        vendor.onJson("GET", AC + "/contacts/10/contactTags", 200, "{\"contactTags\":[{\"contact\":\"10\",\"tag\":\"20\","
                + "\"id\":\"5\"}],\"meta\":{\"total\":\"1\"}}");
        vendor.onJson("DELETE", AC + "/contactTags/5", 200, "{}");
        UUID downgraded = scenario.emitOk("plan.downgraded", person);
        awaitEvent(downgraded, "completed");
        assertThat(vendor.only("DELETE", AC + "/contactTags/5").header("Api-Token")).isEqualTo(API_KEY);
        assertDeliveredAttemptHidesTheKey(downgraded, untag);
    }

    @Test
    void listsTagsAndCustomFieldsAreReadFromTheAccountAndTheCatalogIsKeptUntilRefreshed() {
        String connection = activeCampaign();
        vendor.onJson("GET", AC + "/lists", 200, "{\"lists\":[{\"stringid\":\"newsletter\",\"name\":\"Newsletter\","
                + "\"id\":\"2\"}],\"meta\":{\"total\":\"1\"}}");
        vendor.onJson("GET", AC + "/tags", 200, "{\"tags\":[{\"tagType\":\"contact\",\"tag\":\"VIP\",\"id\":\"20\"},"
                + "{\"tagType\":\"template\",\"tag\":\"Welcome\",\"id\":\"21\"}],\"meta\":{\"total\":\"2\"}}");

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertSameJson(actions.path("lists"), "[{\"id\":\"2\",\"name\":\"Newsletter\"}]", "the account's lists");
        assertSameJson(actions.path("tags"), "[{\"id\":\"20\",\"name\":\"VIP\"}]", "contact tags only");
        assertThat(vendor.only("GET", AC + "/lists").header("Api-Token")).isEqualTo(API_KEY);

        String fields = "/api/v1/connections/" + connection + "/fields";
        JsonNode first = get(fields);
        assertThat(first.path("integration_type").asString()).isEqualTo("activecampaign");
        assertThat(keys(first)).as("declared fields and the account's own")
                .containsExactly("email", "first_name", "last_name", "phone", "fieldValues.3");
        int calls = vendor.requests("GET", AC + "/fields").size();
        vendor.onJson("GET", AC + "/fields", 200, fields(PLAN, SEATS));
        assertThat(keys(get(fields))).as("a plain GET answers the stored catalog").doesNotContain("fieldValues.6");
        assertThat(vendor.requests("GET", AC + "/fields")).hasSize(calls);
        JsonNode refreshed = get(fields + "?refresh=true");
        assertThat(keys(refreshed)).as("refresh=true asks the account again").contains("fieldValues.3", "fieldValues.6");
        assertThat(refreshed.path("fields").valueStream().filter(f -> f.path("key").asString().equals("fieldValues.6"))
                .findFirst().orElseThrow().path("type").asString()).isEqualTo("number");
    }

    @Test
    void aFinalRefusalFailsTheDeliveryOnceWithActiveCampaignsWords() {
        String connection = activeCampaign();
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"2\"}");
        vendor.onJson("POST", AC + "/contact/sync", 201, SYNCED);
        vendor.onJson("POST", AC + "/contactLists", 422, "{\"errors\":[{\"title\":\"The list is not valid\","
                + "\"detail\":\"List 2 does not exist\",\"source\":{\"pointer\":\"/data/attributes/list\"}}]}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        JsonNode delivery = awaitEvent(event, "failed").path("rule_events").get(0);
        assertThat(delivery.path("attempt_count").asInt()).as("a final refusal is not retried: %s", delivery).isEqualTo(1);
        assertThat(delivery.path("last_error").asString()).as("last_error of %s", delivery)
                .contains("The list is not valid (List 2 does not exist)");
        JsonNode attempt = attempts(event, rule).get(0);
        assertThat(attempt.path("outcome_code").asString()).as("attempt %s", attempt).isEqualTo("rejected_client_error");
        assertThat(attempt.path("status_code").asInt()).isEqualTo(422);
        assertThat(attempt.path("request_headers").path("Api-Token").asString()).isEqualTo("[redacted]");
    }

    @Test
    void aKeyTheAccountRefusesIsNotSavedAndOneRefusedLaterHoldsTheDeliveriesUntilANewKeyIsSaved() {
        vendor.onJson("GET", AC + "/users/me", 403, "{\"message\":\"Forbidden\"}");
        var refused = server.http().post("/api/v1/connections", scenario.tenant.token(), connectionBody(API_KEY));
        assertThat(refused.status()).as("saving a refused key: %s", refused).isEqualTo(422);
        assertThat(refused.error()).as("%s", refused).isEqualTo("connection_credentials_invalid");
        assertThat(refused.text()).as("the vendor's refusal, named").contains("the API key was refused");
        assertThat(refused.text()).doesNotContain(API_KEY);

        vendor.onJson("GET", AC + "/users/me", 200, USERS_ME);
        String connection = activeCampaign();
        rule(connection, "user.signup", "{\"action\":\"sync_contact\"}");
        vendor.onJson("POST", AC + "/contact/sync", 401, "{\"message\":\"Unauthorized\"}");

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        JsonNode deactivated = awaitConnection(connection, c -> !c.path("active").asBoolean());
        assertThat(deactivated.path("inactive_reason").asString()).isEqualTo("authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> true);
        for (UUID event : List.of(first, second)) {
            JsonNode ruleEvent = scenario.event(event).path("rule_events").get(0);
            assertThat(ruleEvent.path("status").asString()).as("a held delivery: %s", ruleEvent).isEqualTo("pending");
            assertThat(ruleEvent.path("held").asBoolean()).as("held: %s", ruleEvent).isTrue();
        }
        assertThat(vendor.requests("POST", AC + "/contact/sync")).as("calls: only the refused one").hasSize(1);

        vendor.onHeader("POST", AC + "/contact/sync", "Api-Token", NEW_KEY, VendorStub.Response.json(201, SYNCED));
        var fixed = server.http().put("/api/v1/connections/" + connection, scenario.tenant.token(),
                "{\"name\":\"Marketing\",\"metadata\":{\"api_url\":\"https://acct.api-us1.com\",\"api_key\":\"" + NEW_KEY + "\"}}");
        assertThat(fixed.status()).as("%s", fixed).isEqualTo(200);
        assertThat(fixed.json().path("active").asBoolean()).isTrue();
        assertThat(fixed.text()).doesNotContain(NEW_KEY);

        awaitEvent(first, "completed");
        awaitEvent(second, "completed");
        assertThat(vendor.requests("POST", AC + "/contact/sync")).as("the held deliveries, with the new key")
                .hasSize(3).last().satisfies(r -> assertThat(r.header("Api-Token")).isEqualTo(NEW_KEY));
    }

    // ---------------------------------------------------------------- helpers

    private void stubAll() {
        vendor.onJson("POST", AC + "/contact/sync", 201, SYNCED);
        vendor.onJson("GET", AC + "/contacts", 200, FOUND);
        vendor.onJson("POST", AC + "/contactLists", 200, CONTACT_LIST);
        vendor.onJson("GET", AC + "/contacts/10/contactTags", 200, "{\"contactTags\":[],\"meta\":{\"total\":\"0\"}}");
        vendor.onJson("POST", AC + "/contactTags", 201, CONTACT_TAG);
    }

    private static String fields(String... custom) {
        return "{\"fieldOptions\":[],\"fieldRels\":[],\"fields\":[" + String.join(",", custom) + "],\"meta\":{\"total\":\""
                + custom.length + "\"}}";
    }

    private String connectionBody(String key) {
        return "{\"workspace\":\"" + scenario.workspace + "\",\"type\":\"activecampaign\",\"name\":\"Marketing\",\"metadata\":{\"api_url\":\"https://acct.api-us1.com\","
                + "\"api_key\":\"" + key + "\"}}";
    }

    /** A connection saved through the API, its key checked by {@code GET /users/me} (no skip_url_test). */
    private String activeCampaign() {
        var created = server.http().post("/api/v1/connections", scenario.tenant.token(), connectionBody(API_KEY));
        assertThat(created.status()).as("creating the connection: %s", created).isEqualTo(201);
        assertThat(created.text()).as("the answer shows no key").doesNotContain(API_KEY);
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

    private void assertDeliveredAttemptHidesTheKey(UUID event, String rule) {
        JsonNode attempt = attempts(event, rule).get(0);
        assertThat(attempt.path("outcome_code").asString()).as("attempt %s", attempt).isEqualTo("delivered");
        assertThat(attempt.path("request_headers").path("Api-Token").asString()).as("attempt %s", attempt)
                .isEqualTo("[redacted]");
        var history = server.http().get("/api/v1/events/" + event + "/rules/" + rule + "/attempts", scenario.tenant.token());
        assertThat(history.text()).as("the attempt history").doesNotContain(API_KEY);
        assertThat(server.http().get("/api/v1/events/" + event, scenario.tenant.token()).text()).doesNotContain(API_KEY);
    }

    private JsonNode attempts(UUID event, String rule) {
        return get("/api/v1/events/" + event + "/rules/" + rule + "/attempts").path("records");
    }

    private JsonNode get(String path) {
        var response = server.http().get(path, scenario.tenant.token());
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitEvent(UUID id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(scenario.event(id).path("status").asString())
                        .as("event %s: %s; vendor saw %s", id, scenario.event(id), vendor.requests()).isEqualTo(status));
        return scenario.event(id);
    }

    private JsonNode awaitConnection(String id, Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/connections/" + id), condition::test);
    }

    private static void assertSameJson(JsonNode seen, String expected, String what) {
        assertThat(seen).as("%s: expected %s, seen %s", what, expected, seen).isEqualTo(JSON.readTree(expected));
    }

    private static void assertJson(Request request, String expected) {
        assertThat(request.header("Api-Token")).as("key of %s", request).isEqualTo(API_KEY);
        assertThat(JSON.readTree(request.body())).as("body of %s: expected %s", request, expected)
                .isEqualTo(JSON.readTree(expected));
    }

    private static List<String> keys(JsonNode catalog) {
        return catalog.path("fields").valueStream().map(f -> f.path("key").asString()).toList();
    }
}
