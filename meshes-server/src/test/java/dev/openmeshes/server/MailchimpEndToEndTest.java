package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Mailchimp end to end, as a customer uses it: the key checked on save, an event sent with the
 * workspace's publishable key, rules of both actions with a default mapping and a template, the
 * stubbed Marketing API receiving exactly the member request it documents, the history showing
 * the attempt without the key; audiences and merge fields read from the vendor; a final refusal
 * kept with Mailchimp's words; and a refused key deactivating the connection and holding its
 * deliveries. On SQLite and PostgreSQL.
 */
class MailchimpEndToEndTest extends VendorEndToEnd {

    static final String KEY = "5f4dcc3b5aa765d61d8327deb882cf99-us6";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("openmeshes:" + KEY)
            .getBytes(StandardCharsets.UTF_8));
    static final String METADATA = "{\"data_center\":\"us6\",\"api_key\":\"" + KEY + "\"}";
    static final String LIST = "a1b2c3d4e5";
    static final String LISTS = "/mailchimp/lists";
    static final String MERGE_FIELDS = "/mailchimp/lists/" + LIST + "/merge-fields";

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_MAILCHIMP_BASE_URL", vendor.url() + "/mailchimp");
    }

    MailchimpEndToEndTest() {
        super("Mailchimp");
    }

    @BeforeEach
    void stubTheAccount() {
        vendor.onJson("GET", "/mailchimp/ping", 200, "{\"health_status\":\"Everything's Chimpy!\"}");
        vendor.onJson("GET", LISTS, 200, "{\"lists\":[{\"id\":\"" + LIST + "\",\"name\":\"Newsletter\"}],\"total_items\":1}");
        vendor.onJson("GET", MERGE_FIELDS, 200, mergeFields("FNAME", "PLAN"));
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
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", KEY, BASIC.substring(6));
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
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", KEY, BASIC.substring(6));
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
        assertThat(keys(catalog))
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

        awaitFinalRefusal(event, rule, 400, "Authorization",
                "Member In Compliance State", "cannot be subscribed", "signup form");
        assertStillActive(connection, "a refused address leaves the connection active");
    }

    @Test
    void aKeyMailchimpRefusesDeactivatesTheConnectionAndHoldsItsDeliveries() {
        String connection = mailchimp();
        rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"" + LIST + "\"}");
        vendor.onJson("PUT", "/mailchimp/lists/" + LIST + "/members/" + md5("ada@example.com"), 401,
                problem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter."));

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitDeactivated(connection, "authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("PUT", "/mailchimp/lists/" + LIST + "/members/" + md5("bob@example.com")))
                .as("calls while held").isEmpty();

        vendor.onJson("GET", "/mailchimp/ping", 401, problem(401, "API Key Invalid", "Your API key may be invalid."));
        var refusedOnSave = server.http().post("/api/v1/connections", scenario.tenant.token(),
                connectionBody("mailchimp", "Newsletter", METADATA));
        assertThat(refusedOnSave.status()).as("a refused key on save: %s", refusedOnSave).isEqualTo(422);
        assertThat(refusedOnSave.text()).contains("connection_credentials_invalid", "API Key Invalid").doesNotContain(KEY);
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    private String mailchimp() {
        return createConnection("mailchimp", "Newsletter", METADATA, KEY);
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
