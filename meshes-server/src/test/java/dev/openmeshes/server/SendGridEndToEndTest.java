package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SendGrid end to end, as a customer uses it: a connection saved with an API key the server checks
 * at SendGrid, rules of both actions, a default mapping with transforms, an event sent with the
 * publishable key, and the stubbed SendGrid receiving exactly the Mail Send bodies it documents; the
 * history shows each attempt without the key. Templates and the field catalog come from the vendor;
 * an unverified sender fails only the delivery, with SendGrid's words; a key SendGrid refuses makes
 * the connection inactive and holds its deliveries until a working key is saved. On SQLite and PostgreSQL.
 */
class SendGridEndToEndTest extends VendorEndToEnd {

    static final String API_KEY = "SG.e2e-key-id.e2e-key-secret-abcdefghijklmnop";
    static final String NEW_KEY = "SG.e2e-key-id.e2e-replacement-secret-qrstuvwxyz";
    static final String TEMPLATE = "d-2c214ac919e84170b00004bf7a1bf4b6";
    static final String SCOPES = "/sendgrid/v3/scopes";
    static final String MAIL_SEND = "/sendgrid/v3/mail/send";
    static final String TEMPLATES = "/sendgrid/v3/templates";

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_CONNECTOR_SENDGRID_BASE_URL", vendor.url() + "/sendgrid");
    }

    SendGridEndToEndTest() {
        super("SendGrid");
    }

    @Test
    void bothActionsSendTheMappedEmailAndTheHistoryHidesTheKey() {
        String connection = sendgrid(API_KEY);
        assertThat(vendor.only("GET", SCOPES).header("Authorization")).as("the key checked on save")
                .isEqualTo("Bearer " + API_KEY);
        String templateRule = rule(connection, "user.signup", "{\"action\":\"send_email_template\",\"id\":\"" + TEMPLATE
                + "\",\"from\":\"Acme <hello@acme.example>\"}");
        String emailRule = rule(connection, "user.signup", "{\"action\":\"send_email\",\"from\":\"hello@acme.example\","
                + "\"subject\":\"Welcome, {{user.first}}\",\"body\":\"<p>Your plan: <b>{{plan}}</b></p>\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "name", "source": {"type": "path", "value": "user.name"}, "transforms": [{"type": "trim"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "user.first"}, "transforms": [{"type": "upper"}]},
                  {"dest": "last_name", "source": {"type": "path", "value": "user.last"}, "transforms": [{"type": "default", "value": "Unknown"}]}]}}""");
        vendor.on("POST", MAIL_SEND, new Response(202, "", Map.of("X-Message-Id", "W8ro8T8uSPSqQ1Ud0Yyqsw")));

        UUID event = scenario.emitOk("user.signup", "{\"user\":{\"email\":\" Ada@Example.COM \",\"name\":\" Ada Lovelace\","
                + "\"first\":\"Ada\"},\"plan\":\"pro\"}");

        JsonNode delivered = awaitEvent(event, "completed");
        List<Request> sends = vendor.requests("POST", MAIL_SEND);
        assertThat(sends).as("one email per rule").hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + API_KEY));
        Request templated = sends.stream().filter(r -> r.body().contains("template_id")).findFirst().orElseThrow();
        Request plain = sends.stream().filter(r -> !r.body().contains("template_id")).findFirst().orElseThrow();
        assertJson(templated, """
                {"personalizations":[{"to":[{"email":"ada@example.com","name":"Ada Lovelace"}],
                  "dynamic_template_data":{"user":{"email":" Ada@Example.COM ","name":" Ada Lovelace","first":"Ada"},
                    "plan":"pro","email":"ada@example.com","name":"Ada Lovelace","first_name":"ADA","last_name":"Unknown"},
                  "custom_args":{"meshes_delivery_id":"%s"}}],
                 "from":{"email":"hello@acme.example","name":"Acme"},
                 "template_id":"d-2c214ac919e84170b00004bf7a1bf4b6"}""".formatted(deliveryId(delivered, templateRule)));
        assertJson(plain, """
                {"personalizations":[{"to":[{"email":"ada@example.com","name":"Ada Lovelace"}],
                  "custom_args":{"meshes_delivery_id":"%s"}}],
                 "from":{"email":"hello@acme.example"},
                 "subject":"Welcome, Ada",
                 "content":[{"type":"text/html","value":"<p>Your plan: <b>pro</b></p>"}]}"""
                .formatted(deliveryId(delivered, emailRule)));
        for (String rule : List.of(templateRule, emailRule)) {
            assertDeliveredAttemptHidesSecret(event, rule, "Authorization", API_KEY);
            assertThat(attempts(event, rule).get(0).path("status_code").asInt()).as("SendGrid's answer").isEqualTo(202);
        }
        assertThat(get("/api/v1/connections/" + connection).toString()).as("the connection as answered")
                .doesNotContain(API_KEY);
    }

    @Test
    void templatesAndTheFieldCatalogAreReadFromSendGrid() {
        String connection = sendgrid(API_KEY);
        vendor.on("GET", "/sendgrid/v3/templates",
                Response.json(200, "{\"result\":[{\"id\":\"" + TEMPLATE + "\",\"name\":\"Welcome\",\"generation\":\"dynamic\","
                        + "\"updated_at\":\"2026-11-12 12:00:09\",\"versions\":[]}],\"_metadata\":{\"self\":"
                        + "\"https://api.sendgrid.com/v3/templates\",\"next\":\"https://api.sendgrid.com/v3/templates?"
                        + "page_size=200&page_token=Qm9va21hcms%3D\",\"count\":2}}"),
                Response.json(200, "{\"result\":[{\"id\":\"d-0a1b2c3d4e5f60718293a4b5c6d7e8f9\",\"name\":\"Receipt\","
                        + "\"generation\":\"dynamic\",\"updated_at\":\"2026-11-12 12:00:09\",\"versions\":[]}],"
                        + "\"_metadata\":{\"self\":\"https://api.sendgrid.com/v3/templates\",\"count\":2}}"));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.path("templates")).as("templates of both pages: %s", actions).isEqualTo(JSON.readTree(
                "[{\"id\":\"" + TEMPLATE + "\",\"name\":\"Welcome\"},"
                        + "{\"id\":\"d-0a1b2c3d4e5f60718293a4b5c6d7e8f9\",\"name\":\"Receipt\"}]"));
        List<Request> pages = vendor.requests("GET", TEMPLATES);
        assertThat(pages).hasSize(2).allSatisfy(p -> {
            assertThat(p.header("Authorization")).isEqualTo("Bearer " + API_KEY);
            assertThat(p.queryParameter("generations")).isEqualTo("dynamic");
            assertThat(p.queryParameter("page_size")).isEqualTo("200");
        });
        assertThat(pages.get(1).queryParameter("page_token")).as("the next page's token").isEqualTo("Qm9va21hcms=");

        JsonNode fields = get("/api/v1/connections/" + connection + "/fields");
        assertThat(fields.path("integration_type").asString()).isEqualTo("sendgrid");
        assertThat(fields.path("catalog_version").asString()).isNotBlank();
        assertThat(keys(fields))
                .containsExactly("email", "name", "first_name", "last_name");
    }

    @Test
    void anUnverifiedSenderFailsTheDeliveryWithSendGridsMessageAndLeavesTheConnectionActive() {
        String connection = sendgrid(API_KEY);
        String rule = rule(connection, "user.signup", "{\"action\":\"send_email\",\"from\":\"noreply@unverified.example\","
                + "\"subject\":\"Hi\",\"body\":\"<p>Hi</p>\"}");
        vendor.onJson("POST", MAIL_SEND, 403, "{\"errors\":[{\"message\":\"The from address does not match a verified "
                + "Sender Identity. Mail cannot be sent until this error is resolved.\",\"field\":\"from\",\"help\":null}]}");

        UUID event = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");

        awaitFinalRefusal(event, rule, 403, "Authorization",
                "The from address does not match a verified Sender Identity");
        assertStillActive(connection, "the sender is to blame, not the key");
    }

    @Test
    void aKeySendGridRefusesDeactivatesTheConnectionHoldsItsDeliveriesAndANewKeyResumesThem() {
        String connection = sendgrid(API_KEY);
        rule(connection, "user.signup", "{\"action\":\"send_email_template\",\"id\":\"" + TEMPLATE
                + "\",\"from\":\"hello@acme.example\"}");
        vendor.onHeader("POST", MAIL_SEND, "Authorization", "Bearer " + API_KEY,
                Response.json(401, "{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}"));
        vendor.on("POST", MAIL_SEND, new Response(202, "", Map.of()));

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitDeactivated(connection, "authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("POST", MAIL_SEND)).as("only the refused send").hasSize(1);

        vendor.onJson("GET", SCOPES, 200, "{\"scopes\":[\"mail.send\",\"templates.read\"]}");
        saveNewCredentials(connection, "Email", metadata(NEW_KEY), NEW_KEY);

        awaitEvent(first, "completed");
        awaitEvent(second, "completed");
        assertThat(vendor.requests("POST", MAIL_SEND).subList(1, 3)).as("both sends with the new key")
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + NEW_KEY));
        assertThat(scenario.event(first).path("rule_events").get(0).path("attempt_count").asInt())
                .as("the refused attempt is recorded").isEqualTo(2);
    }

    @Test
    void aKeyWithoutTheTemplateScopeIsRefusedOnSaveNamingIt() {
        vendor.onJson("GET", SCOPES, 200, "{\"scopes\":[\"mail.send\"]}");
        var refused = server.http().post("/api/v1/connections", scenario.tenant.token(), 
                connectionBody("sendgrid", "Email", metadata(API_KEY)));
        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("templates.read").doesNotContain(API_KEY);
        var missing = server.http().post("/api/v1/connections", scenario.tenant.token(), 
                connectionBody("sendgrid", "Email", "{}"));
        assertThat(missing.status()).as("%s", missing).isEqualTo(400);
        assertThat(missing.text()).contains("metadata.api_key");
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    /** A connection saved with the key, checked at SendGrid's {@code /v3/scopes}. */
    private String sendgrid(String key) {
        vendor.onJson("GET", SCOPES, 200, "{\"scopes\":[\"mail.send\",\"templates.read\",\"alerts.read\"]}");
        return createConnection("sendgrid", "Email", metadata(key), key);
    }

    private static String metadata(String key) {
        return "{\"api_key\":\"" + key + "\"}";
    }

    private static String deliveryId(JsonNode event, String rule) {
        return event.path("rule_events").valueStream().filter(r -> r.path("rule").asString().equals(rule))
                .findFirst().orElseThrow().path("id").asString();
    }
}
