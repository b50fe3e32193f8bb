package dev.openmeshes.connectors.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SendGrid connector against a stub answering as SendGrid's v3 descriptions (twilio/sendgrid-oai:
 * tsg_mail_v3, tsg_templates_v3, tsg_scopes_v3) and its docs (mail-send errors, rate limits) have it:
 * the key's scopes checked, dynamic templates listed page by page, and one email per event sent
 * through Mail Send, answered 202 with an empty body.
 */
class SendGridConnectorTest extends ConnectorContractTest {

    private static final String API_KEY = "SG.test-key-id.test-key-secret-0123456789";
    private static final String TEMPLATE = "d-2c214ac919e84170b00004bf7a1bf4b6";
    private static final String FROM = "Acme Support <support@acme.example>";

    // Bodies as SendGrid documents them.
    private static final String SCOPES = "{\"scopes\":[\"alerts.read\",\"mail.send\",\"templates.read\","
            + "\"templates.versions.read\"]}";
    private static final String UNAUTHORIZED = "{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}";
    private static final String FORBIDDEN = "{\"errors\":[{\"field\":null,\"message\":\"access forbidden\"}]}";
    // twilio.com/docs/sendgrid/api-reference/mail-send/errors; twilio.com/docs/api/errors/60222 (HTTP 403)
    private static final String UNVERIFIED_SENDER = "{\"errors\":[{\"message\":\"The from address does not match a "
            + "verified Sender Identity. Mail cannot be sent until this error is resolved. Visit "
            + "https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity "
            + "requirements\",\"field\":\"from\",\"help\":null}]}";
    private static final String TOO_LARGE = "{\"errors\":[{\"message\":\"content too large\",\"field\":\"null\"}]}";
    private static final String BAD_TEMPLATE = "{\"errors\":[{\"message\":\"The template_id must be a valid GUID, "
            + "you provided 'd-0000'.\",\"field\":\"template_id\",\"help\":\"http://sendgrid.com/docs/API_Reference/"
            + "Web_API_v3/Mail/errors.html#message.template_id\"}]}";
    private static final String TOO_MANY = "{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}";
    private static final String SERVER_ERROR = "{\"errors\":[{\"message\":\"internal server error\"}]}";

    private static String template(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"generation\":\"dynamic\","
                + "\"updated_at\":\"2026-11-12 12:00:09\",\"versions\":[{\"id\":\"8aefe0ee-f12b-4575-b5b7-c97e21cb36f3\","
                + "\"template_id\":\"" + id + "\",\"active\":1,\"name\":\"v1\",\"subject\":\"{{subject}}\","
                + "\"updated_at\":\"2026-11-12 12:00:09\",\"editor\":\"design\"}]}";
    }

    private static String templatesPage(String next, String... templates) {
        String metadata = "\"_metadata\":{\"self\":\"https://api.sendgrid.com/v3/templates\",\"count\":3"
                + (next == null ? "" : ",\"next\":\"" + next + "\"") + "}";
        return "{\"result\":[" + String.join(",", templates) + "]," + metadata + "}";
    }

    private static Response accepted() {
        return new Response(202, "", Map.of("X-Message-Id", "W8ro8T8uSPSqQ1Ud0Yyqsw"));
    }

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new SendGridConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "sendgrid";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of("api_key", API_KEY);
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.onJson("GET", "/v3/scopes", accepted ? 200 : 401, accepted ? SCOPES : UNAUTHORIZED);
    }

    @Override
    protected void stubActionData() {
        vendor.on("GET", "/v3/templates",
                Response.json(200, templatesPage("https://api.sendgrid.com/v3/templates?page_size=200"
                                + "&generations=dynamic&page_token=Qm9va21hcms%3D",
                        template(TEMPLATE, "Welcome"), template("d-8f2b7a2c1d3e4f5a6b7c8d9e0f1a2b3c", "Receipt"))),
                Response.json(200, templatesPage(null, template("d-0a1b2c3d4e5f60718293a4b5c6d7e8f9", "Password reset"))));
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keyed by the inputs' keys").containsOnlyKeys("templates");
        assertThat(data.get("templates")).as("the dynamic templates of both pages, as {id, name}").isEqualTo(List.of(
                Map.of("id", TEMPLATE, "name", "Welcome"),
                Map.of("id", "d-8f2b7a2c1d3e4f5a6b7c8d9e0f1a2b3c", "name", "Receipt"),
                Map.of("id", "d-0a1b2c3d4e5f60718293a4b5c6d7e8f9", "name", "Password reset")));
        List<Request> pages = vendor.requests("GET", "/v3/templates");
        assertThat(pages).as("pages asked for").hasSize(2);
        pages.forEach(page -> {
            assertSendGridHeaders(page);
            assertThat(page.queryParameter("generations")).as("dynamic templates only: %s", page).isEqualTo("dynamic");
            assertThat(page.queryParameter("page_size")).as("the largest page: %s", page).isEqualTo("200");
        });
        assertThat(pages).extracting(p -> p.queryParameter("page_token")).as("the token of _metadata.next, decoded")
                .containsExactly(null, "Qm9va21hcms=");
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("send_email_template: the template to the event's email, the payload as its data",
                        "send_email_template", Map.of("id", TEMPLATE, "from", FROM),
                        Map.of("email", "ada@example.com", "first_name", "Ada", "plan", Map.of("name", "pro")), Map.of(),
                        () -> vendor.on("POST", "/v3/mail/send", accepted()),
                        v -> {
                            Request send = v.only("POST", "/v3/mail/send");
                            assertSendGridHeaders(send);
                            assertMail(send, """
                                    {"personalizations":[{"to":[{"email":"ada@example.com"}],
                                      "dynamic_template_data":{"email":"ada@example.com","first_name":"Ada","plan":{"name":"pro"}},
                                      "custom_args":{"meshes_delivery_id":"%s"}}],
                                     "from":{"email":"support@acme.example","name":"Acme Support"},
                                     "template_id":"d-2c214ac919e84170b00004bf7a1bf4b6"}""");
                            assertThat(v.requests()).as("one call: %s", v.requests()).hasSize(1);
                        }),
                new ActionCase("send_email_template: mapped fields over the payload, the name to the recipient, a subject",
                        "send_email_template", Map.of("id", " " + TEMPLATE + " ", "from", "hello@acme.example",
                                "subject", "Welcome aboard, Jo"),
                        Map.of("email", "payload@example.com", "first_name", "payload", "plan", "free"),
                        Map.of("email", "jo@example.com", "name", "Jo Example", "first_name", "Jo"),
                        () -> vendor.on("POST", "/v3/mail/send", accepted()),
                        v -> assertMail(v.only("POST", "/v3/mail/send"), """
                                {"personalizations":[{"to":[{"email":"jo@example.com","name":"Jo Example"}],
                                  "dynamic_template_data":{"email":"jo@example.com","name":"Jo Example",
                                                           "first_name":"Jo","plan":"free"},
                                  "custom_args":{"meshes_delivery_id":"%s"}}],
                                 "from":{"email":"hello@acme.example"},
                                 "template_id":"d-2c214ac919e84170b00004bf7a1bf4b6",
                                 "subject":"Welcome aboard, Jo"}""")),
                new ActionCase("send_email: the rule's subject and HTML body to the event's email", "send_email",
                        Map.of("subject", "Welcome to Acme, Ada", "from", "\"Acme, Inc.\" <hello@acme.example>",
                                "body", "<p>Hi Ada, your plan is <b>pro</b>.</p>"),
                        Map.of("email", "ada@example.com", "name", "Ada Lovelace"), Map.of(),
                        () -> vendor.on("POST", "/v3/mail/send", accepted()),
                        v -> {
                            Request send = v.only("POST", "/v3/mail/send");
                            assertSendGridHeaders(send);
                            assertMail(send, """
                                    {"personalizations":[{"to":[{"email":"ada@example.com","name":"Ada Lovelace"}],
                                      "custom_args":{"meshes_delivery_id":"%s"}}],
                                     "from":{"email":"hello@acme.example","name":"Acme, Inc."},
                                     "subject":"Welcome to Acme, Ada",
                                     "content":[{"type":"text/html","value":"<p>Hi Ada, your plan is <b>pro</b>.</p>"}]}""");
                        }));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String template = "send_email_template: the template to the event's email, the payload as its data";
        String email = "send_email: the rule's subject and HTML body to the event's email";
        return List.of(
                new ErrorCase("401 authorization required: the key is invalid, the connection deactivated", template,
                        () -> vendor.onJson("POST", "/v3/mail/send", 401, UNAUTHORIZED),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 without a body (a deleted, i.e. revoked, key) is still a refused key", email,
                        () -> vendor.on("POST", "/v3/mail/send", new Response(401, "", Map.of())),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 access forbidden: the key lacks mail.send, the connection deactivated", email,
                        () -> vendor.onJson("POST", "/v3/mail/send", 403, FORBIDDEN),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 from address not a verified sender: this delivery fails, the connection stays",
                        template, () -> vendor.onJson("POST", "/v3/mail/send", 403, UNVERIFIED_SENDER),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 template_id invalid: final", template,
                        () -> vendor.onJson("POST", "/v3/mail/send", 400, BAD_TEMPLATE),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("413 content too large: final", email,
                        () -> vendor.onJson("POST", "/v3/mail/send", 413, TOO_LARGE),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("429 too many requests with X-RateLimit-Reset only: retried", email,
                        () -> vendor.on("POST", "/v3/mail/send", Response.json(429, TOO_MANY)
                                .withHeader("X-RateLimit-Limit", "150").withHeader("X-RateLimit-Remaining", "0")
                                .withHeader("X-RateLimit-Reset", String.valueOf(Instant.now().getEpochSecond() + 5))),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("500 internal server error: retried", template,
                        () -> vendor.onJson("POST", "/v3/mail/send", 500, SERVER_ERROR),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("502 with an HTML page: retried", email,
                        () -> vendor.on("POST", "/v3/mail/send", new Response(502, "<html>Bad Gateway</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ------------------------------------------------------------------

    @Test
    void it_declares_an_api_key_a_region_and_a_per_connection_rate_limit() {
        assertThat(connector.spec().authentication().code()).isEqualTo("api_key");
        assertThat(connector.spec().secretPaths()).as("sealed and redacted").containsExactly("api_key");
        assertThat(connector.spec().rateLimit()).as("Mail Send's 10,000 requests a second")
                .isEqualTo(new ConnectorSpec.RateLimit(10_000, Duration.ofSeconds(1)));
        assertThat(connector.validate(Map.of("api_key", " " + API_KEY + " ")))
                .as("the key kept stripped, the region defaulted")
                .isEqualTo(Map.of("api_key", API_KEY, "region", "global"));
        assertThat(connector.validate(Map.of("api_key", API_KEY, "region", "eu"))).containsEntry("region", "eu");
        assertThatThrownBy(() -> connector.validate(Map.of("api_key", API_KEY, "region", "us")))
                .isInstanceOf(Problem.class).extracting(e -> ((Problem) e).details().getFirst().field())
                .isEqualTo("metadata.region");
    }

    @Test
    void the_catalog_entry_offers_both_actions_with_the_rule_metadata_meshes_documents() {
        Integration integration = connector.spec().toIntegration();
        assertThat(integration.name()).isEqualTo("SendGrid");
        assertThat(integration.authentication()).containsEntry("type", "api_key");
        assertThat(integration.actions()).containsOnlyKeys("send_email_template", "send_email");
        assertThat(integration.actions().get("send_email_template").fields()).containsExactly("id", "from", "subject");
        assertThat(integration.actions().get("send_email").fields()).containsExactly("subject", "from", "body");
        assertThat(integration.actions().get("send_email_template").data().getFirst())
                .containsEntry("key", "templates").containsEntry("field", "id").containsEntry("kind", "simple");
        connector.spec().checkRule(Map.of("action", "send_email_template", "id", TEMPLATE, "from", FROM));
        assertThatThrownBy(() -> connector.spec().checkRule(Map.of("action", "send_email", "subject", "Hi",
                "from", FROM))).isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.body");
    }

    @Test
    void without_a_configured_base_url_each_region_calls_its_own_host_with_the_key_as_bearer() {
        for (var region : Map.of("global", "https://api.sendgrid.com/v3/scopes",
                "eu", "https://api.eu.sendgrid.com/v3/scopes").entrySet()) {
            List<HttpCall> sent = new ArrayList<>();
            var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), "sendgrid", "regional",
                    connector.validate(Map.of("api_key", API_KEY, "region", region.getKey()))),
                    AccessToken.Source.NONE, call -> {
                        sent.add(call);
                        return new HttpExchange(200, Map.of(), SCOPES, Duration.ZERO, null, null, null, false,
                                call.recordedHeaders());
                    }, clock, ConnectorSettings.defaults("sendgrid"));

            assertThat(connector.check(context)).as("check in region %s", region.getKey()).isNull();
            assertThat(sent).singleElement().satisfies(call -> {
                assertThat(call.method()).isEqualTo("GET");
                assertThat(call.url()).isEqualTo(region.getValue());
                assertThat(call.headers()).containsEntry("Authorization", "Bearer " + API_KEY);
                assertThat(call.recordedHeaders()).containsEntry("Authorization", HttpCall.REDACTED);
            });
        }
    }

    @Test
    void a_key_without_a_needed_scope_is_refused_naming_it() {
        vendor.onJson("GET", "/v3/scopes", 200, "{\"scopes\":[\"mail.send\",\"alerts.read\"]}");
        DeliveryResult refused = connector.check(context());
        assertThat(refused).as("the check's failure").isNotNull();
        assertThat(List.of(refused.outcome(), refused.verdict())).as("%s", refused)
                .containsExactly(Outcome.AUTH_FAILED, Verdict.CREDENTIALS_INVALID);
        assertThat(refused.message()).contains("templates.read").doesNotContain("mail.send and").doesNotContain(API_KEY);
        assertSendGridHeaders(vendor.only("GET", "/v3/scopes"));
    }

    @Test
    void a_refused_key_on_the_check_names_the_region_as_a_likely_cause() {
        stubCredentialCheck(false);
        DeliveryResult refused = connector.check(context());
        assertThat(refused.verdict()).isEqualTo(Verdict.CREDENTIALS_INVALID);
        assertThat(refused.message()).contains("401", "authorization required", "metadata.region")
                .doesNotContain(API_KEY);
        vendor.reset();
        vendor.onJson("GET", "/v3/scopes", 403, FORBIDDEN);
        assertThat(connector.check(context()).verdict()).as("a key that may not read its own scopes")
                .isEqualTo(Verdict.CREDENTIALS_INVALID);
    }

    @Test
    void a_rate_limit_waits_until_sendgrids_reset_time() {
        long reset = Instant.now().getEpochSecond() + 30;
        vendor.answerEverything(Response.json(429, TOO_MANY).withHeader("X-RateLimit-Reset", String.valueOf(reset)));
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(result.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.retryAfter()).as("until X-RateLimit-Reset %s", reset)
                .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
        assertThat(result.message()).contains("too many requests");
    }

    @Test
    void a_delivered_email_records_the_call_with_the_key_redacted_and_sendgrids_message_id() {
        DeliveryResult result = assertFirstCaseDeliveredRedacting("Authorization", 202);
        assertThat(result.message()).isEqualTo("SendGrid: send the email: HTTP 202, message W8ro8T8uSPSqQ1Ud0Yyqsw");
        assertNoSecretIn(result);
    }

    @Test
    void a_final_refusal_keeps_sendgrids_own_words_and_field() {
        ActionCase c = actionCases().getFirst();
        vendor.onJson("POST", "/v3/mail/send", 403, UNVERIFIED_SENDER);
        DeliveryResult result = deliver(c);
        assertThat(result.message()).startsWith("SendGrid: send the email: HTTP 403 The from address does not match "
                + "a verified Sender Identity.").contains("(field from)", "verified sender");
        assertThat(result.responseBody()).as("the vendor's answer kept for the history").contains("Sender Identity");
        vendor.onJson("POST", "/v3/mail/send", 413, TOO_LARGE);
        assertThat(deliver(c).message()).isEqualTo("SendGrid: send the email: HTTP 413 content too large — the email "
                + "is too large to send");
    }

    @Test
    void an_event_without_a_usable_email_is_a_final_mapping_error_and_calls_nobody() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of(), Map.of("email", "  "),
                Map.of("email", "not-an-email"), Map.of("email", "a b@example.com"),
                Map.of("user", Map.of("email", "nested@example.com")))) {
            DeliveryResult result = deliverUnstubbed("send_email", Map.of("subject", "Hi",
                    "from", FROM, "body", "<p>Hi</p>"), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("payload %s: %s", payload, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
            assertThat(result.message()).contains("email");
        }
        assertThat(vendor.requests()).as("nothing sent to SendGrid").isEmpty();
    }

    @Test
    void a_rule_that_cannot_make_an_email_is_a_final_failure_and_calls_nobody() {
        Map<String, Object> ada = Map.of("email", "ada@example.com");
        for (var rule : List.<Map.Entry<String, Map<String, Object>>>of(
                Map.entry("send_email_template", Map.of("from", FROM)),
                Map.entry("send_email_template", Map.of("id", "not-dynamic", "from", FROM)),
                Map.entry("send_email_template", Map.of("id", TEMPLATE, "from", "Acme Support")),
                Map.entry("send_email_template", Map.of("id", TEMPLATE)),
                Map.entry("send_email", Map.of("subject", "Hi", "from", "<>", "body", "x")),
                Map.entry("send_email", Map.of("subject", "Hi", "from", FROM)),
                Map.entry("send_email", Map.of("subject", " ", "from", FROM, "body", "<p>Hi</p>")),
                Map.entry("send_email", Map.of("subject", "Hi", "from", FROM, "body", "")))) {
            DeliveryResult result = deliverUnstubbed(rule.getKey(), rule.getValue(), ada);
            assertThat(List.of(result.delivered(), result.retryable())).as("%s: %s", rule, result)
                    .containsExactly(false, false);
            assertThat(result.message()).as("%s", rule).containsAnyOf("metadata.", "empty");
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void from_is_read_as_an_address_or_a_name_and_an_address() {
        assertThat(MailAddress.parse("hello@acme.example")).isEqualTo(new MailAddress("hello@acme.example", null));
        assertThat(MailAddress.parse(" Acme <hello@acme.example> "))
                .isEqualTo(new MailAddress("hello@acme.example", "Acme"));
        assertThat(MailAddress.parse("\"Acme, Inc.\" <hello@acme.example>"))
                .isEqualTo(new MailAddress("hello@acme.example", "Acme, Inc."));
        assertThat(MailAddress.parse("<hello@acme.example>")).isEqualTo(new MailAddress("hello@acme.example", null));
        for (String notAnAddress : new String[] {null, "", "Acme", "Acme <>", "a@b", "two@@acme.example",
                "Acme <hello@acme.example"}) {
            assertThat(MailAddress.parse(notAnAddress)).as("'%s'", notAnAddress).isNull();
        }
    }

    @Test
    void fields_are_the_recipient_and_what_the_template_is_given() {
        List<FieldDefinition> fields = connector.fields(context());
        assertThat(fields).extracting(FieldDefinition::key).containsExactly("email", "name", "first_name", "last_name");
        assertThat(fields.getFirst().constraints().isRequired()).as("email is required").isTrue();
        assertThat(fields.getFirst().constraints().format()).isEqualTo("email");
        assertThat(vendor.requests()).as("SendGrid has no custom fields to read").isEmpty();
    }

    @Test
    void a_next_page_without_a_token_or_with_a_repeated_one_ends_the_reading_with_an_error() {
        vendor.onJson("GET", "/v3/templates", 200, templatesPage("https://api.sendgrid.com/v3/templates?page_size=200",
                template(TEMPLATE, "Welcome")));
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class,
                e -> assertThat(e.getMessage()).contains("page_token"));
        vendor.reset();
        vendor.onJson("GET", "/v3/templates", 200, templatesPage(
                "https://api.sendgrid.com/v3/templates?page_token=same", template(TEMPLATE, "Welcome")));
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class);
        assertThat(vendor.requests("GET", "/v3/templates")).as("the first page, then the token once").hasSize(2);
    }

    @Test
    void a_failed_template_listing_is_a_vendor_exception_carrying_the_verdict() {
        vendor.onJson("GET", "/v3/templates", 403, FORBIDDEN);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.result().verdict()).isEqualTo(Verdict.CREDENTIALS_INVALID);
            assertThat(e.getMessage()).contains("list templates", "access forbidden").doesNotContain(API_KEY);
        });
    }

    @Test
    void each_send_carries_its_own_delivery_id() {
        vendor.on("POST", "/v3/mail/send", accepted());
        UUID deliveryId = UUID.randomUUID();
        var request = new DeliveryRequest(deliveryId, UUID.randomUUID(), UUID.randomUUID(), "user.signup", "user", "u_1",
                "{\"email\":\"ada@example.com\"}", Map.of("email", "ada@example.com"), Instant.now(), 3, "send_email",
                Map.of("action", "send_email", "subject", "Hi", "from", FROM, "body", "<p>Hi</p>"), Map.of());
        assertThat(connector.deliver(context(), request).delivered()).isTrue();
        JsonNode sent = VendorJson.read(vendor.only("POST", "/v3/mail/send").body());
        assertThat(sent.path("personalizations").path(0).path("custom_args").path("meshes_delivery_id").asString())
                .as("the id stable across attempts").isEqualTo(deliveryId.toString());
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertSendGridHeaders(Request request) {
        assertThat(request.header("Authorization")).as("bearer key of %s", request).isEqualTo("Bearer " + API_KEY);
        assertJsonHeaders(request);
    }

    /** The body, with {@code %s} standing for the delivery id the send carries (a fresh one per delivery). */
    private static void assertMail(Request request, String expected) {
        JsonNode seen = VendorJson.read(request.body());
        String deliveryId = seen.path("personalizations").path(0).path("custom_args").path("meshes_delivery_id").asString();
        assertThat(UUID.fromString(deliveryId)).as("the delivery id in custom_args of %s", request).isNotNull();
        assertThat(seen).as("body of %s", request).isEqualTo(VendorJson.read(expected.formatted(deliveryId)));
    }
}
