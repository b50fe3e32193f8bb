package dev.openmeshes.connectors.resend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.Authentication;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Resend connector against a stub answering as Resend's OpenAPI description (resend/resend-openapi
 * resend.yaml) and its error reference document: contacts found or created by email and put in or
 * taken out of segments, and published templates sent with an idempotency key.
 */
class ResendConnectorTest extends ConnectorContractTest {

    private static final String API_KEY = "re_c1tpEyD8_NKFusih9vKVQknRAQfmFcWCv";
    private static final String CONTACT_ID = "e169aa45-1ecf-4183-9955-b1499d5701d3";
    private static final String SEGMENT = "78261eea-8f8b-4381-83c6-79fa7120f1cf";
    private static final String TEMPLATE = "34a080c9-b17d-4187-ad80-5af20266e535";

    // Bodies as resend.yaml documents them (schemas and examples).
    private static final String DOMAINS = """
            {"object":"list","has_more":false,"data":[{"id":"d91cd9bd-1176-453e-8fc1-35364d380206","name":"example.com",
             "status":"verified","created_at":"2023-04-26 20:21:26.347412+00","region":"us-east-1"}]}""";
    private static final String CONTACT = """
            {"object":"contact","id":"e169aa45-1ecf-4183-9955-b1499d5701d3","email":"steve.wozniak@gmail.com",
             "first_name":"Steve","last_name":"Wozniak","created_at":"2023-10-06 23:47:56.678+00","unsubscribed":false,
             "properties":{}}""";
    private static final String CREATED = """
            {"object":"contact","id":"479e3145-dd38-476b-932c-529ceb705947"}""";
    private static final String ADDED = """
            {"object":"contact_segment","contact_id":"e169aa45-1ecf-4183-9955-b1499d5701d3",
             "segment_id":"78261eea-8f8b-4381-83c6-79fa7120f1cf"}""";
    private static final String REMOVED = """
            {"object":"contact_segment","contact_id":"e169aa45-1ecf-4183-9955-b1499d5701d3",
             "segment_id":"78261eea-8f8b-4381-83c6-79fa7120f1cf","deleted":true}""";
    private static final String SENT = """
            {"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"}""";

    // The error reference (resend.com/docs/api-reference/errors): {statusCode, name, message}.
    private static String error(int status, String name, String message) {
        return "{\"statusCode\":" + status + ",\"name\":\"" + name + "\",\"message\":\"" + message + "\"}";
    }

    private static final String CONTACT_NOT_FOUND = error(404, "not_found", "Contact not found");
    private static final String INVALID_KEY = error(403, "invalid_api_key", "API key is invalid");
    private static final String RESTRICTED_KEY = error(401, "restricted_api_key",
            "This API key is restricted to only send emails");

    private static String page(boolean hasMore, String... idAndName) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            data.add("{\"id\":\"" + idAndName[i] + "\",\"name\":\"" + idAndName[i + 1]
                    + "\",\"created_at\":\"2023-10-06 23:47:56.678+00\"}");
        }
        return "{\"object\":\"list\",\"has_more\":" + hasMore + ",\"data\":[" + String.join(",", data) + "]}";
    }

    private static final String CONTACT_PROPERTIES = """
            {"object":"list","has_more":false,"data":[
              {"id":"b6d24b8e-af0b-4c3c-be0c-359bbd97381e","key":"company_name","type":"string","fallback_value":"Acme",
               "created_at":"2023-10-06 23:47:56.678+00"},
              {"id":"c7e35c9f-b01c-4d4d-8f1d-46acce08492f","key":"seats","type":"number","fallback_value":1,
               "created_at":"2023-10-06 23:47:56.678+00"}]}""";

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new ResendConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "resend";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of("api_key", API_KEY);
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.onJson("GET", "/domains", accepted ? 200 : 403, accepted ? DOMAINS : INVALID_KEY);
    }

    @Override
    protected void stubActionData() {
        vendor.on("GET", "/segments", Response.json(200, page(true, "seg_1", "Newsletter", "seg_2", "Beta")),
                Response.json(200, page(false, "seg_3", "Customers")));
        vendor.onJson("GET", "/templates", 200, page(false, TEMPLATE, "welcome-email"));
        vendor.onJson("GET", "/contact-properties", 200, CONTACT_PROPERTIES);
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keyed by the inputs' keys").containsOnlyKeys("segments", "templates");
        assertThat(data.get("segments")).as("segments of both pages, as {id, name}").isEqualTo(List.of(
                Map.of("id", "seg_1", "name", "Newsletter"), Map.of("id", "seg_2", "name", "Beta"),
                Map.of("id", "seg_3", "name", "Customers")));
        assertThat(data.get("templates")).isEqualTo(List.of(Map.of("id", TEMPLATE, "name", "welcome-email")));
        List<Request> pages = vendor.requests("GET", "/segments");
        pages.forEach(ResendConnectorTest::assertResendHeaders);
        assertThat(pages).extracting(r -> r.queryParameter("limit")).containsExactly("100", "100");
        assertThat(pages).extracting(r -> r.queryParameter("after")).as("the cursor: the last id of the page before")
                .containsExactly(null, "seg_2");
        assertThat(vendor.only("GET", "/templates").queryParameter("limit")).isEqualTo("100");
    }

    @Override
    protected List<ActionCase> actionCases() {
        String addPath = "/contacts/" + CONTACT_ID + "/segments/" + SEGMENT;
        return List.of(
                new ActionCase("add_to_segment: adds the contact found by email", "add_to_segment", Map.of("id", SEGMENT),
                        Map.of("email", "steve.wozniak@gmail.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/contacts/steve.wozniak%40gmail.com", 200, CONTACT);
                            vendor.onJson("POST", addPath, 200, ADDED);
                        },
                        v -> {
                            assertResendHeaders(v.only("GET", "/contacts/steve.wozniak%40gmail.com"));
                            Request add = v.only("POST", addPath);
                            assertResendHeaders(add);
                            assertThat(add.body()).as("the segment call carries no body").isEmpty();
                            assertThat(v.requests("POST", "/contacts")).as("no contact created for a found one").isEmpty();
                            assertThat(v.requests()).hasSize(2);
                        }),
                new ActionCase("add_to_segment: creates the contact in the segment, with the mapped fields, when none has "
                        + "the email", "add_to_segment", Map.of("id", SEGMENT),
                        Map.of("email", "payload@example.com", "first_name", "Payload"),
                        Map.of("email", "jo@example.com", "first_name", " Jo ", "last_name", "Example",
                                "unsubscribed", false, "properties.company_name", "Acme", "properties.seats", 12,
                                "unknown_field", "dropped"),
                        () -> {
                            vendor.onJson("GET", "/contacts/jo%40example.com", 404, CONTACT_NOT_FOUND);
                            vendor.onJson("POST", "/contacts", 201, CREATED);
                        },
                        v -> {
                            Request create = v.only("POST", "/contacts");
                            assertResendHeaders(create);
                            assertJson(create, """
                                    {"email":"jo@example.com","first_name":"Jo","last_name":"Example","unsubscribed":false,
                                     "properties":{"company_name":"Acme","seats":12},"segments":["%s"]}""".formatted(SEGMENT));
                            assertThat(v.requests()).as("find, then create in the segment: %s", v.requests()).hasSize(2);
                        }),
                new ActionCase("add_to_segment: an email with + is one encoded path segment", "add_to_segment",
                        Map.of("id", SEGMENT), Map.of("email", " jo+tag@example.com "), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/contacts/jo%2Btag%40example.com", 200, CONTACT);
                            vendor.onJson("POST", addPath, 200, ADDED);
                        },
                        v -> assertThat(v.requests("GET", "/contacts/jo%2Btag%40example.com")).hasSize(1)),
                new ActionCase("remove_from_segment: removes the contact by email", "remove_from_segment",
                        Map.of("id", SEGMENT), Map.of("email", "steve.wozniak@gmail.com"), Map.of(),
                        () -> vendor.onJson("DELETE", "/contacts/steve.wozniak%40gmail.com/segments/" + SEGMENT, 200, REMOVED),
                        v -> {
                            Request delete = v.only("DELETE", "/contacts/steve.wozniak%40gmail.com/segments/" + SEGMENT);
                            assertResendHeaders(delete);
                            assertThat(delete.body()).isEmpty();
                            assertThat(v.requests()).as("one call, no lookup: %s", v.requests()).hasSize(1);
                        }),
                new ActionCase("remove_from_segment: a contact not in the segment (404) is done", "remove_from_segment",
                        Map.of("id", SEGMENT), Map.of("email", "nobody@example.com"), Map.of(),
                        () -> vendor.onJson("DELETE", "/contacts/nobody%40example.com/segments/" + SEGMENT, 404,
                                CONTACT_NOT_FOUND),
                        v -> assertThat(v.requests()).hasSize(1)),
                new ActionCase("send_email_template: sends the template with the rule's from and subject", "send_email_template",
                        Map.of("id", TEMPLATE, "subject", "Welcome, Jo", "from", "Acme <hello@acme.com>"),
                        Map.of("email", "jo@example.com", "plan", "pro", "seats", 3, "trial", true,
                                "user", Map.of("name", "nested, left out"), "EMAIL", "reserved, left out"),
                        Map.of("first_name", "Jo", "properties.company_name", "Acme", "plan", "PRO"),
                        () -> vendor.onJson("POST", "/emails", 200, SENT),
                        v -> {
                            Request send = v.only("POST", "/emails");
                            assertResendHeaders(send);
                            assertThat(send.header("Idempotency-Key")).as("the delivery id").matches(
                                    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
                            assertJson(send, """
                                    {"from":"Acme <hello@acme.com>","to":["jo@example.com"],"subject":"Welcome, Jo",
                                     "template":{"id":"%s","variables":{"email":"jo@example.com","plan":"PRO","seats":3,
                                       "trial":"true","first_name":"Jo","company_name":"Acme"}}}""".formatted(TEMPLATE));
                        }),
                new ActionCase("send_email_template: without from and subject the template's own are used",
                        "send_email_template", Map.of("id", TEMPLATE, "subject", " "),
                        Map.of("email", "jo@example.com"), Map.of(),
                        () -> vendor.onJson("POST", "/emails", 200, SENT),
                        v -> assertJson(v.only("POST", "/emails"), """
                                {"to":["jo@example.com"],"template":{"id":"%s","variables":{"email":"jo@example.com"}}}"""
                                .formatted(TEMPLATE))));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String found = "add_to_segment: adds the contact found by email";
        String created = "add_to_segment: creates the contact in the segment, with the mapped fields, when none has the email";
        String removed = "remove_from_segment: removes the contact by email";
        String sent = "send_email_template: sends the template with the rule's from and subject";
        String addPath = "/contacts/" + CONTACT_ID + "/segments/" + SEGMENT;
        String removePath = "/contacts/steve.wozniak%40gmail.com/segments/" + SEGMENT;
        return List.of(
                new ErrorCase("403 invalid_api_key: the key is refused, the connection deactivated", found,
                        () -> vendor.onJson("GET", "/contacts/steve.wozniak%40gmail.com", 403, INVALID_KEY),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("400 validation_error 'API key is invalid' (a deleted key): deactivated", removed,
                        () -> vendor.onJson("DELETE", removePath, 400, error(400, "validation_error", "API key is invalid")),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 validation_error 'API key is invalid' on sending (a revoked key): deactivated", sent,
                        () -> vendor.onJson("POST", "/emails", 401, error(401, "validation_error", "API key is invalid")),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 restricted_api_key: a sending-only key cannot manage segments", found,
                        () -> vendor.onJson("GET", "/contacts/steve.wozniak%40gmail.com", 401, RESTRICTED_KEY),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 missing_api_key", removed,
                        () -> vendor.onJson("DELETE", removePath, 401, error(401, "missing_api_key", "Missing API key")),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 validation_error (testing address only): final, the key still works", sent,
                        () -> vendor.onJson("POST", "/emails", 403, error(403, "validation_error",
                                "You can only send testing emails to your own email address (you@example.com).")),
                        Outcome.AUTH_FAILED, false, null),
                new ErrorCase("422 validation_error on sending: final", sent,
                        () -> vendor.onJson("POST", "/emails", 422, error(422, "validation_error",
                                "Invalid `from` field. The email address needs to follow the `email@example.com` format.")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("422 missing_required_field on create: final", created,
                        () -> vendor.onJson("POST", "/contacts", 422, error(422, "missing_required_field",
                                "Missing `email` field.")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 not_found for an unknown segment on adding: final", found,
                        () -> vendor.onJson("POST", addPath, 404, error(404, "not_found", "Segment not found")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 that is not Resend's error body (a wrong base URL): final, nothing removed", removed,
                        () -> vendor.on("DELETE", removePath, new Response(404, "<html>Not Found</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("429 rate_limit_exceeded with retry-after: retried", sent,
                        () -> vendor.on("POST", "/emails", Response.json(429, error(429, "rate_limit_exceeded",
                                        "Too many requests. You can only make 2 requests per second."))
                                .withHeader("retry-after", "1").withHeader("ratelimit-limit", "2")
                                .withHeader("ratelimit-remaining", "0").withHeader("ratelimit-reset", "1")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("429 daily_quota_exceeded: retried once the quota resets", sent,
                        () -> vendor.onJson("POST", "/emails", 429, error(429, "daily_quota_exceeded",
                                "You have reached your daily email sending quota.")),
                        Outcome.REJECTED_CLIENT_ERROR, true, null),
                new ErrorCase("429 monthly_quota_exceeded: final", sent,
                        () -> vendor.onJson("POST", "/emails", 429, error(429, "monthly_quota_exceeded",
                                "You have reached your monthly email sending quota.")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("409 concurrent_idempotent_requests: retried", sent,
                        () -> vendor.onJson("POST", "/emails", 409, error(409, "concurrent_idempotent_requests",
                                "Same idempotency key used while original request is still in progress.")),
                        Outcome.REJECTED_CLIENT_ERROR, true, null),
                new ErrorCase("409 invalid_idempotent_request: final", sent,
                        () -> vendor.onJson("POST", "/emails", 409, error(409, "invalid_idempotent_request",
                                "Same idempotency key used with a different request payload.")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("500 application_error: retried", created,
                        () -> vendor.onJson("POST", "/contacts", 500, error(500, "application_error",
                                "An unexpected error occurred.")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("503 with an HTML page: retried", removed,
                        () -> vendor.on("DELETE", removePath, new Response(503, "<html>Service Unavailable</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ------------------------------------------------------------------

    @Test
    void it_declares_a_secret_api_key_and_one_delivery_a_second_for_resends_two_requests_a_second() {
        assertThat(connector.spec().authentication()).isInstanceOf(Authentication.ApiKey.class);
        assertThat(connector.spec().secretPaths()).containsExactly("api_key");
        assertThat(connector.spec().fields()).singleElement().satisfies(field -> {
            assertThat(field.mandatory()).isTrue();
            assertThat(field.label()).isEqualTo("API Token");
            assertThat(field.helpText()).contains("Full access", "re_");
        });
        assertThat(connector.spec().rateLimit()).as("two calls at most per delivery")
                .isEqualTo(new ConnectorSpec.RateLimit(1, Duration.ofSeconds(1)));
    }

    @Test
    void the_catalog_entry_offers_the_three_actions_with_their_pickers_and_entries() {
        Integration integration = connector.spec().toIntegration();
        assertThat(integration.name()).isEqualTo("Resend");
        assertThat(integration.authentication()).containsEntry("type", "api_key");
        assertThat(integration.actions()).containsOnlyKeys("add_to_segment", "remove_from_segment", "send_email_template");
        for (String segmentAction : List.of("add_to_segment", "remove_from_segment")) {
            assertThat(integration.actions().get(segmentAction).fields()).containsExactly("id");
            assertThat(integration.actions().get(segmentAction).data()).singleElement().satisfies(input -> assertThat(input)
                    .containsEntry("key", "segments").containsEntry("kind", "simple").containsEntry("required", true));
        }
        Integration.Action send = integration.actions().get("send_email_template");
        assertThat(send.fields()).containsExactly("id", "subject", "from");
        assertThat(send.data()).extracting(d -> d.get("key"), d -> d.get("required")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("templates", true), org.assertj.core.groups.Tuple.tuple("subject", false),
                org.assertj.core.groups.Tuple.tuple("from", false));
    }

    @Test
    void a_rule_of_send_email_template_needs_only_its_template() {
        connector.spec().checkRule(Map.of("action", "send_email_template", "id", TEMPLATE));
        assertThatThrownBy(() -> connector.spec().checkRule(Map.of("action", "send_email_template")))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.id");
    }

    @Test
    void without_a_configured_base_url_it_calls_api_resend_com_with_the_key_and_a_user_agent() {
        List<HttpCall> sent = new ArrayList<>();
        var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "resend", "production", connector.validate(validMetadata())), () -> {
                    throw new IllegalStateException("no OAuth token for an API key type");
                }, call -> {
                    sent.add(call);
                    return new HttpExchange(200, Map.of(), DOMAINS, Duration.ZERO, null, null, null, false,
                            call.recordedHeaders());
                }, clock, ConnectorSettings.defaults("resend"));

        assertThat(connector.check(context)).isNull();
        assertThat(sent).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.url()).isEqualTo("https://api.resend.com/domains");
            assertThat(call.headers()).containsEntry("Authorization", "Bearer " + API_KEY)
                    .containsEntry("User-Agent", "OpenMeshes/0.1");
            assertThat(call.recordedHeaders()).containsEntry("Authorization", HttpCall.REDACTED);
        });
    }

    @Test
    void a_sending_only_key_fails_the_check_asking_for_a_full_access_key() {
        vendor.onJson("GET", "/domains", 401, RESTRICTED_KEY);
        DeliveryResult refused = connector.check(context());
        assertThat(refused.verdict()).as("%s", refused).isEqualTo(Verdict.CREDENTIALS_INVALID);
        assertThat(refused.message()).contains("restricted_api_key", "Full access");
        assertNoSecretIn(refused);
        assertResendHeaders(vendor.only("GET", "/domains"));
    }

    @Test
    void an_invalid_key_fails_the_check_with_resends_words_and_no_secret() {
        stubCredentialCheck(false);
        DeliveryResult refused = connector.check(context());
        assertThat(refused.message()).isEqualTo("Resend: check the API key: HTTP 403 invalid_api_key (API key is invalid)"
                + " — the API key was deleted or is wrong; save the connection with a valid key");
        assertThat(refused.requestHeaders()).containsEntry("Authorization", HttpCall.REDACTED);
        assertThat(refused.toString()).doesNotContain(API_KEY);
    }

    @Test
    void the_api_key_is_required_by_name() {
        assertThatThrownBy(() -> connector.validate(Map.of())).isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.api_key");
    }

    @Test
    void a_rate_limit_honours_resends_retry_after() {
        vendor.on("POST", "/emails", Response.json(429, error(429, "rate_limit_exceeded", "Too many requests."))
                .withHeader("retry-after", "3"));
        DeliveryResult result = deliver(actionCases().get(5));
        assertThat(result.retryAfter()).as("%s", result).isEqualTo(Duration.ofSeconds(3));
        assertThat(result.message()).contains("rate_limit_exceeded", "Too many requests.");
    }

    @Test
    void a_daily_quota_waits_until_midnight_utc_not_for_the_next_scheduled_attempt() {
        vendor.on("POST", "/emails", Response.json(429, error(429, "daily_quota_exceeded",
                "You have reached your daily email sending quota.")).withHeader("retry-after", "1"));
        Instant before = Instant.now();
        DeliveryResult result = deliver(actionCases().get(5));
        Instant midnight = LocalDate.ofInstant(before, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(result.retryAfter()).as("%s", result)
                .isBetween(Duration.between(Instant.now(), midnight), Duration.between(before, midnight));
        assertThat(result.outcome()).as("not a connection-wide pause: segments are not limited by the quota")
                .isNotEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.message()).contains("daily_quota_exceeded", "resets");
    }

    @Test
    void a_final_refusal_keeps_resends_message_and_body() {
        vendor.onJson("POST", "/emails", 422, error(422, "validation_error", "Template not found or not published."));
        DeliveryResult result = deliver(actionCases().get(5));
        assertThat(result.message()).isEqualTo("Resend: send template " + TEMPLATE
                + ": HTTP 422 validation_error (Template not found or not published.)");
        assertThat(result.responseBody()).contains("not published");
        assertThat(result.statusCode()).isEqualTo(422);
    }

    @Test
    void the_idempotency_key_is_the_same_delivery_id_on_every_attempt() {
        vendor.onJson("POST", "/emails", 200, SENT);
        UUID delivery = UUID.randomUUID();
        for (int attempt = 1; attempt <= 2; attempt++) {
            connector.deliver(context(), new DeliveryRequest(delivery, UUID.randomUUID(), UUID.randomUUID(), "user.signup",
                    null, null, "{\"email\":\"jo@example.com\"}", Map.of("email", "jo@example.com"), Instant.now(), attempt,
                    "send_email_template", Map.of("action", "send_email_template", "id", TEMPLATE), Map.of()));
        }
        assertThat(vendor.requests("POST", "/emails")).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly(delivery.toString(), delivery.toString());
    }

    @Test
    void a_mapped_unsubscribed_that_is_no_boolean_is_a_mapping_error_and_creates_nothing() {
        vendor.onJson("GET", "/contacts/jo%40example.com", 404, CONTACT_NOT_FOUND);
        DeliveryResult result = deliver(new ActionCase("bad unsubscribed", "add_to_segment", Map.of("id", SEGMENT),
                Map.of("email", "jo@example.com"), Map.of("unsubscribed", "maybe"), () -> {}, v -> {}));
        assertThat(List.of(result.outcome(), result.retryable())).as("%s", result).containsExactly(Outcome.MAPPING_ERROR, false);
        assertThat(result.message()).contains("unsubscribed", "to_boolean");
        assertThat(vendor.requests("POST", "/contacts")).isEmpty();
    }

    @Test
    void a_mapped_unsubscribed_text_is_sent_as_a_boolean() {
        vendor.onJson("GET", "/contacts/jo%40example.com", 404, CONTACT_NOT_FOUND);
        vendor.onJson("POST", "/contacts", 201, CREATED);
        DeliveryResult result = deliver(new ActionCase("text unsubscribed", "add_to_segment", Map.of("id", SEGMENT),
                Map.of("email", "jo@example.com"), Map.of("unsubscribed", "TRUE"), () -> {}, v -> {}));
        assertThat(result.delivered()).as("%s", result).isTrue();
        assertJson(vendor.only("POST", "/contacts"), """
                {"email":"jo@example.com","unsubscribed":true,"segments":["%s"]}""".formatted(SEGMENT));
    }

    @Test
    void an_event_without_an_email_address_is_a_final_mapping_error_and_calls_nobody() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of(), Map.of("email", " "),
                Map.of("email", "not-an-email"), Map.of("user", Map.of("email", "nested@example.com")))) {
            DeliveryResult result = deliverUnstubbed("send_email_template", Map.of("id", TEMPLATE), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("payload %s: %s", payload, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void a_rule_without_its_segment_or_template_is_a_final_failure_and_calls_nobody() {
        for (String action : List.of("add_to_segment", "remove_from_segment", "send_email_template")) {
            DeliveryResult result = deliverUnstubbed(action, Map.of("id", " "), Map.of("email", "jo@example.com"));
            assertThat(List.of(result.delivered(), result.retryable())).as("%s: %s", action, result)
                    .containsExactly(false, false);
            assertThat(result.message()).contains("metadata.id");
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void fields_add_the_accounts_contact_properties_to_the_declared_ones() {
        stubActionData();
        List<FieldDefinition> fields = connector.fields(context());
        assertThat(fields).extracting(FieldDefinition::key).containsExactly("email", "first_name", "last_name",
                "unsubscribed", "properties.company_name", "properties.seats");
        assertThat(fields.getFirst().constraints().isRequired()).isTrue();
        assertThat(fields.get(3).type()).isEqualTo(FieldDefinition.Type.BOOLEAN);
        assertThat(fields.get(4)).satisfies(f -> {
            assertThat(f.type()).isEqualTo(FieldDefinition.Type.STRING);
            assertThat(f.providerMeta()).containsEntry("name", "company_name").containsEntry("type", "string")
                    .containsEntry("custom", true).containsEntry("id", "b6d24b8e-af0b-4c3c-be0c-359bbd97381e");
        });
        assertThat(fields.get(5).type()).isEqualTo(FieldDefinition.Type.NUMBER);
        Request properties = vendor.only("GET", "/contact-properties");
        assertResendHeaders(properties);
        assertThat(properties.queryParameter("limit")).isEqualTo("100");
    }

    @Test
    void a_page_whose_last_id_repeats_ends_the_reading_instead_of_looping() {
        vendor.onJson("GET", "/segments", 200, page(true, "seg_1", "Newsletter"));
        vendor.onJson("GET", "/templates", 200, page(false));
        assertThat(connector.actionData(context()).get("segments")).asList().hasSize(2);
        assertThat(vendor.requests("GET", "/segments")).as("the first page, then its cursor once").hasSize(2);
    }

    @Test
    void a_failed_list_call_is_a_vendor_exception_carrying_the_verdict_without_the_key() {
        vendor.onJson("GET", "/segments", 403, INVALID_KEY);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.result().verdict()).isEqualTo(Verdict.CREDENTIALS_INVALID);
            assertThat(e.getMessage()).contains("list segments", "invalid_api_key").doesNotContain(API_KEY);
        });
        vendor.reset();
        vendor.onJson("GET", "/contact-properties", 500, error(500, "internal_server_error", "Unexpected error"));
        assertThatThrownBy(() -> connector.fields(context())).isInstanceOfSatisfying(VendorException.class,
                e -> assertThat(e.result().retryable()).isTrue());
    }

    @Test
    void no_result_of_any_case_records_the_api_key() {
        List<ErrorCase> errors = errorCases();
        Map<String, ActionCase> byName = new LinkedHashMap<>();
        actionCases().forEach(c -> byName.put(c.name(), c));
        for (ErrorCase e : errors) {
            vendor.reset();
            byName.get(e.actionCase()).stubVendor().run();
            e.stubError().run();
            DeliveryResult result = deliver(byName.get(e.actionCase()));
            assertThat(result.toString()).as("%s", e.name()).doesNotContain(API_KEY);
            assertThat(result.requestHeaders()).as("%s", e.name()).containsEntry("Authorization", HttpCall.REDACTED);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertResendHeaders(Request request) {
        assertThat(request.header("Authorization")).as("bearer key of %s", request).isEqualTo("Bearer " + API_KEY);
        assertThat(request.header("User-Agent")).as("User-Agent of %s (Resend refuses requests without)", request)
                .isEqualTo("OpenMeshes/0.1");
        assertJsonHeaders(request);
    }
}
