package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ActiveCampaign end to end, as a customer uses it: a connection whose API key is checked on save,
 * events sent with the publishable key, a rule of each action, a default mapping with transforms,
 * and the stubbed account (MESHES_CONNECTOR_ACTIVECAMPAIGN_BASE_URL) receiving exactly the mapped
 * requests; the history showing each attempt without the key; lists, tags and custom fields read
 * from the account; a final refusal recorded in ActiveCampaign's words; and a key the account
 * refuses deactivating the connection and holding its deliveries until a new key is saved. On
 * SQLite and PostgreSQL.
 */
class ActiveCampaignEndToEndTest extends VendorEndToEnd {

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

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_ACTIVECAMPAIGN_BASE_URL", vendor.url() + AC);
    }

    ActiveCampaignEndToEndTest() {
        super("AC");
    }

    @BeforeEach
    void stubTheAccount() {
        vendor.onJson("GET", AC + "/users/me", 200, USERS_ME);
        vendor.onJson("GET", AC + "/fields", 200, fields(PLAN));
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
        stubAll();
        String person = "{\"user\":{\"email\":\"  Ada@Example.COM \",\"first\":\" Ada \",\"phone\":\"+353871234567 ext 9\"},"
                + "\"plan\":\"GOLD\",\"plan_tag\":{\"id\":\"20\"}}";

        UUID signedUp = scenario.emitOk("user.signup", person);
        awaitEvent(signedUp, "completed");
        assertKeyedJson(vendor.only("POST", AC + "/contact/sync"), """
                {"contact":{"email":"ada@example.com","firstName":"Ada","lastName":"Unknown","phone":"+353871234567",
                 "fieldValues":[{"field":"3","value":"gold"}]}}""");
        assertDeliveredAttemptHidesSecret(signedUp, sync, "Api-Token", API_KEY);

        vendor.reset();
        stubAll();
        UUID joined = scenario.emitOk("newsletter.joined", person);
        awaitEvent(joined, "completed");
        assertThat(vendor.requests()).extracting(Request::path).containsExactly(AC + "/contact/sync", AC + "/contactLists");
        assertKeyedJson(vendor.only("POST", AC + "/contactLists"),
                "{\"contactList\":{\"list\":\"2\",\"contact\":\"10\",\"status\":\"1\"}}");
        assertDeliveredAttemptHidesSecret(joined, subscribe, "Api-Token", API_KEY);

        vendor.reset();
        stubAll();
        UUID left = scenario.emitOk("newsletter.left", person);
        awaitEvent(left, "completed");
        assertThat(vendor.only("GET", AC + "/contacts").queryParameter("email")).as("looked up by the mapped email")
                .isEqualTo("ada@example.com");
        assertKeyedJson(vendor.only("POST", AC + "/contactLists"),
                "{\"contactList\":{\"list\":\"2\",\"contact\":\"10\",\"status\":\"2\"}}");
        assertDeliveredAttemptHidesSecret(left, unsubscribe, "Api-Token", API_KEY);

        vendor.reset();
        stubAll();
        UUID upgraded = scenario.emitOk("plan.upgraded", person);
        awaitEvent(upgraded, "completed");
        assertKeyedJson(vendor.only("POST", AC + "/contactTags"), "{\"contactTag\":{\"contact\":10,\"tag\":20}}");
        assertDeliveredAttemptHidesSecret(upgraded, tag, "Api-Token", API_KEY);

        vendor.reset();
        stubAll();
        vendor.onJson("GET", AC + "/contacts/10/contactTags", 200, "{\"contactTags\":[{\"contact\":\"10\",\"tag\":\"20\","
                + "\"id\":\"5\"}],\"meta\":{\"total\":\"1\"}}");
        vendor.onJson("DELETE", AC + "/contactTags/5", 200, "{}");
        UUID downgraded = scenario.emitOk("plan.downgraded", person);
        awaitEvent(downgraded, "completed");
        assertThat(vendor.only("DELETE", AC + "/contactTags/5").header("Api-Token")).isEqualTo(API_KEY);
        assertDeliveredAttemptHidesSecret(downgraded, untag, "Api-Token", API_KEY);
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

        awaitFinalRefusal(event, rule, 422, "Api-Token", "The list is not valid (List 2 does not exist)");
    }

    @Test
    void aKeyTheAccountRefusesIsNotSavedAndOneRefusedLaterHoldsTheDeliveriesUntilANewKeyIsSaved() {
        vendor.onJson("GET", AC + "/users/me", 403, "{\"message\":\"Forbidden\"}");
        var refused = server.http().post("/api/v1/connections", scenario.tenant.token(),
                connectionBody("activecampaign", "Marketing", metadata(API_KEY)));
        assertThat(refused.status()).as("saving a refused key: %s", refused).isEqualTo(422);
        assertThat(refused.error()).as("%s", refused).isEqualTo("connection_credentials_invalid");
        assertThat(refused.text()).as("the vendor's refusal, named").contains("the API key was refused");
        assertThat(refused.text()).doesNotContain(API_KEY);

        vendor.onJson("GET", AC + "/users/me", 200, USERS_ME);
        String connection = activeCampaign();
        rule(connection, "user.signup", "{\"action\":\"sync_contact\"}");
        vendor.onJson("POST", AC + "/contact/sync", 401, "{\"message\":\"Unauthorized\"}");

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitDeactivated(connection, "authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("POST", AC + "/contact/sync")).as("calls: only the refused one").hasSize(1);

        vendor.onHeader("POST", AC + "/contact/sync", "Api-Token", NEW_KEY, VendorStub.Response.json(201, SYNCED));
        saveNewCredentials(connection, "Marketing", metadata(NEW_KEY), NEW_KEY);

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

    private static String metadata(String key) {
        return "{\"api_url\":\"https://acct.api-us1.com\",\"api_key\":\"" + key + "\"}";
    }

    /** A connection saved through the API, its key checked by {@code GET /users/me} (no skip_url_test). */
    private String activeCampaign() {
        return createConnection("activecampaign", "Marketing", metadata(API_KEY), API_KEY);
    }

    /** A request sent with the account's key and the JSON body {@code expected}. */
    private static void assertKeyedJson(Request request, String expected) {
        assertThat(request.header("Api-Token")).as("key of %s", request).isEqualTo(API_KEY);
        assertJson(request, expected);
    }
}
