package dev.openmeshes.connectors.mailerlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The MailerLite connector against a stub answering as MailerLite's API answers (bodies from the
 * recordings of MailerLite's official Python SDK tests, {@code mailerlite/mailerlite-python}
 * tests/vcr_cassettes, and developers.mailerlite.com): subscribers upserted by email and assigned to
 * a group, or found by email and unassigned.
 */
class MailerLiteConnectorTest extends ConnectorContractTest {

    private static final String API_KEY = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.mailerlite-test-key";
    private static final String SUBSCRIBER = "139791144936539940";
    private static final String GROUP = "139791145237481296";
    private static final String MEMBERSHIP = "/subscribers/" + SUBSCRIBER + "/groups/" + GROUP;

    // subscribers-unassign-subscriber-from-group.yml: POST /api/subscribers (201 created; 200 when updated)
    private static final String SUBSCRIBER_ANSWER = """
            {"data":{"id":"139791144936539940","email":"iathjrivkg@email.com","status":"active","source":"api",
             "sent":0,"opens_count":0,"clicks_count":0,"open_rate":0,"click_rate":0,"ip_address":"1.1.1.1",
             "subscribed_at":"2024-12-04 12:27:04","unsubscribed_at":null,"created_at":"2024-12-04 12:27:04",
             "updated_at":"2024-12-04 12:27:04","fields":{"name":"John","last_name":"Doe","company":null,
             "country":null,"city":null,"phone":null,"state":null,"z_i_p":null},"groups":[],
             "opted_in_at":null,"optin_ip":null}}""";
    // the same recording: POST /api/subscribers/{id}/groups/{group_id} answers 200 with the group
    private static final String GROUP_ANSWER = """
            {"data":{"id":"139791145237481296","name":"IaThJrivKg","active_count":0,"sent_count":0,"opens_count":0,
             "open_rate":{"float":0,"string":"0%"},"clicks_count":0,"click_rate":{"float":0,"string":"0%"},
             "unsubscribed_count":0,"unconfirmed_count":0,"bounced_count":0,"junk_count":0,
             "created_at":"2024-12-04 12:27:04"}}""";
    // developers.mailerlite.com/docs, Authentication and Rate limits
    private static final String UNAUTHENTICATED = "{\"message\":\"Unauthenticated.\"}";
    private static final String TOO_MANY = "{\"message\":\"Too Many Attempts.\"}";
    // the documented error shape {message, errors:{field:[…]}}; the exact words are Laravel's
    private static final String INVALID_EMAIL = """
            {"message":"The email must be a valid email address.",
             "errors":{"email":["The email must be a valid email address."]}}""";
    private static final String NOT_FOUND = "{\"message\":\"Resource not found.\"}";
    private static final String FIELDS = """
            {"data":[{"id":"5","name":"City","key":"city","type":"text","is_default":true,"used_in_automations":false},
                     {"id":"2","name":"Last name","key":"last_name","type":"text","is_default":true,"used_in_automations":false},
                     {"id":"947147","name":"My Field","key":"my_field","type":"text","is_default":false,"used_in_automations":false},
                     {"id":"1","name":"Name","key":"name","type":"text","is_default":true,"used_in_automations":false},
                     {"id":"947148","name":"Seats","key":"seats","type":"number","is_default":false,"used_in_automations":false},
                     {"id":"947149","name":"Renewal","key":"renewal","type":"date","is_default":false,"used_in_automations":false}],
             "links":{"first":"https://connect.mailerlite.com/api/fields?page=1","last":"https://connect.mailerlite.com/api/fields?page=1",
                      "prev":null,"next":null},
             "meta":{"current_page":1,"from":1,"last_page":1,"path":"https://connect.mailerlite.com/api/fields",
                     "per_page":100,"to":6,"total":6}}""";

    /** A page of {@code GET /groups} as groups-list.yml records it. */
    private static String groupsPage(int page, int lastPage, String... idAndName) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            data.add("{\"id\":\"" + idAndName[i] + "\",\"name\":\"" + idAndName[i + 1] + "\",\"active_count\":1,"
                    + "\"sent_count\":4,\"opens_count\":4,\"open_rate\":{\"float\":1,\"string\":\"100%\"},"
                    + "\"clicks_count\":2,\"click_rate\":{\"float\":0.5,\"string\":\"50%\"},\"unsubscribed_count\":0,"
                    + "\"unconfirmed_count\":0,\"bounced_count\":0,\"junk_count\":0,\"created_at\":\"2023-09-23 08:12:28\"}");
        }
        return "{\"data\":[" + String.join(",", data) + "],\"links\":{\"first\":\"https://connect.mailerlite.com/api/"
                + "groups?page=1\",\"prev\":null,\"next\":" + (page < lastPage ? "\"https://connect.mailerlite.com/api/"
                + "groups?page=" + (page + 1) + "\"" : "null") + "},\"meta\":{\"current_page\":" + page + ",\"from\":1,"
                + "\"last_page\":" + lastPage + ",\"path\":\"https://connect.mailerlite.com/api/groups\",\"per_page\":100,"
                + "\"to\":3,\"total\":3}}";
    }

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new MailerLiteConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "mailerlite";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of("api_key", API_KEY);
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.onJson("GET", "/groups", accepted ? 200 : 401, accepted ? groupsPage(1, 1, GROUP, "Newsletter")
                : UNAUTHENTICATED);
    }

    @Override
    protected void stubActionData() {
        vendor.on("GET", "/groups",
                Response.json(200, groupsPage(1, 2, "100093655191127682", "Grupa 1", "107641605251400900", "Grupa2")),
                Response.json(200, groupsPage(2, 2, "165971156405323676", "Test group")));
        vendor.onJson("GET", "/fields", 200, FIELDS);
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keyed by the inputs' keys").containsOnlyKeys("groups");
        assertThat(data.get("groups")).as("every group of both pages, as {id, name}").isEqualTo(List.of(
                Map.of("id", "100093655191127682", "name", "Grupa 1"), Map.of("id", "107641605251400900", "name", "Grupa2"),
                Map.of("id", "165971156405323676", "name", "Test group")));
        List<Request> pages = vendor.requests("GET", "/groups");
        assertThat(pages).as("pages asked for, to meta.last_page").extracting(Request::query)
                .containsExactly("limit=100&page=1", "limit=100&page=2");
        pages.forEach(MailerLiteConnectorTest::assertMailerLiteHeaders);
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("add_to_group: upserts the subscriber with the mapped fields, then assigns it",
                        "add_to_group", Map.of("id", GROUP), Map.of("email", "payload@example.com", "name", "not mapped"),
                        Map.of("email", "jo@example.com", "name", "Jo", "last_name", "Example", "seats", 5),
                        () -> {
                            vendor.onJson("POST", "/subscribers", 201, SUBSCRIBER_ANSWER);
                            vendor.onJson("POST", MEMBERSHIP, 200, GROUP_ANSWER);
                        },
                        v -> {
                            Request upsert = v.only("POST", "/subscribers");
                            assertMailerLiteHeaders(upsert);
                            assertThat(upsert.query()).isNull();
                            assertJson(upsert, """
                                    {"email":"jo@example.com","fields":{"name":"Jo","last_name":"Example","seats":5}}""");
                            assertAssigned(v);
                            assertThat(v.requests()).as("the upsert and the assignment, in order")
                                    .extracting(Request::path).containsExactly("/subscribers", MEMBERSHIP);
                        }),
                new ActionCase("add_to_group: an existing subscriber (200 on upsert) is assigned the same way",
                        "add_to_group", Map.of("id", GROUP), Map.of("email", " jo+tag@example.com "), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/subscribers", 200, SUBSCRIBER_ANSWER);
                            vendor.onJson("POST", MEMBERSHIP, 200, GROUP_ANSWER);
                        },
                        v -> {
                            assertJson(v.only("POST", "/subscribers"), "{\"email\":\"jo+tag@example.com\"}");
                            assertAssigned(v);
                        }),
                new ActionCase("add_to_group: a subscriber already in the group is a success (200 again)",
                        "add_to_group", Map.of("id", GROUP), Map.of("email", "jo@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/subscribers", 200, SUBSCRIBER_ANSWER);
                            vendor.onJson("POST", MEMBERSHIP, 200, GROUP_ANSWER);
                        },
                        v -> assertAssigned(v)),
                new ActionCase("remove_from_group: finds the subscriber by email and unassigns it",
                        "remove_from_group", Map.of("id", GROUP), Map.of("email", "jo@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/subscribers/jo@example.com", 200, SUBSCRIBER_ANSWER);
                            vendor.on("DELETE", MEMBERSHIP, new Response(204, "", Map.of()));
                        },
                        v -> {
                            Request find = v.only("GET", "/subscribers/jo@example.com");
                            assertMailerLiteHeaders(find);
                            Request delete = v.only("DELETE", MEMBERSHIP);
                            assertMailerLiteHeaders(delete);
                            assertThat(delete.body()).as("DELETE carries no body").isEmpty();
                            assertThat(v.requests("POST", "/subscribers")).as("never creates a subscriber to remove it")
                                    .isEmpty();
                        }),
                new ActionCase("remove_from_group: no subscriber with the email (404) leaves nothing to remove",
                        "remove_from_group", Map.of("id", GROUP), Map.of("email", "nobody@example.com"), Map.of(),
                        () -> vendor.onJson("GET", "/subscribers/nobody@example.com", 404, NOT_FOUND),
                        v -> assertThat(v.requests()).as("only the lookup").extracting(Request::path)
                                .containsExactly("/subscribers/nobody@example.com")),
                new ActionCase("remove_from_group: a subscriber not in the group (404 on unassign) is done",
                        "remove_from_group", Map.of("id", GROUP), Map.of("email", "jo@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/subscribers/jo@example.com", 200, SUBSCRIBER_ANSWER);
                            vendor.onJson("DELETE", MEMBERSHIP, 404, NOT_FOUND);
                        },
                        v -> assertThat(v.requests("DELETE", MEMBERSHIP)).hasSize(1)),
                new ActionCase("remove_from_group: an email with + and a group id with / stay one encoded segment each",
                        "remove_from_group", Map.of("id", "7/../../groups"), Map.of("email", "jo+tag@example.com"),
                        Map.of(),
                        () -> {
                            vendor.onJson("GET", "/subscribers/jo%2Btag@example.com", 200, SUBSCRIBER_ANSWER);
                            vendor.on("DELETE", "/subscribers/" + SUBSCRIBER + "/groups/7%2F..%2F..%2Fgroups",
                                    new Response(204, "", Map.of()));
                        },
                        v -> assertThat(v.requests()).as("the encoded lookup and DELETE").extracting(Request::path)
                                .containsExactly("/subscribers/jo%2Btag@example.com",
                                        "/subscribers/" + SUBSCRIBER + "/groups/7%2F..%2F..%2Fgroups")));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String add = "add_to_group: upserts the subscriber with the mapped fields, then assigns it";
        String remove = "remove_from_group: finds the subscriber by email and unassigns it";
        return List.of(
                new ErrorCase("401 Unauthenticated on the upsert: the key is invalid, the connection deactivated", add,
                        () -> vendor.onJson("POST", "/subscribers", 401, UNAUTHENTICATED),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 on the assignment: a key revoked since the upsert", add,
                        () -> vendor.onJson("POST", MEMBERSHIP, 401, UNAUTHENTICATED),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 on the lookup by email", remove,
                        () -> vendor.onJson("GET", "/subscribers/jo@example.com", 401, UNAUTHENTICATED),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 without a body is still a refused key", remove,
                        () -> vendor.on("DELETE", MEMBERSHIP, new Response(401, "", Map.of())),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("422 validation error on the upsert: final", add,
                        () -> vendor.onJson("POST", "/subscribers", 422, INVALID_EMAIL),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 on the assignment (no such group): final", add,
                        () -> vendor.onJson("POST", MEMBERSHIP, 404, NOT_FOUND),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 on the lookup that is not MailerLite's JSON (a wrong base URL): final", remove,
                        () -> vendor.on("GET", "/subscribers/jo@example.com", new Response(404, "<html>Not Found</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("403 on the assignment: final, the key itself still works", add,
                        () -> vendor.onJson("POST", MEMBERSHIP, 403, "{\"message\":\"This action is unauthorized.\"}"),
                        Outcome.AUTH_FAILED, false, null),
                new ErrorCase("429 Too Many Attempts with Retry-After: retried", remove,
                        () -> vendor.on("DELETE", MEMBERSHIP, Response.json(429, TOO_MANY)
                                .withHeader("X-RateLimit-Limit", "120").withHeader("X-RateLimit-Remaining", "0")
                                .withHeader("Retry-After", "42")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("500 on the upsert: retried", add,
                        () -> vendor.onJson("POST", "/subscribers", 500, "{\"message\":\"Server Error\"}"),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("502 with an HTML page on the lookup: retried", remove,
                        () -> vendor.on("GET", "/subscribers/jo@example.com", new Response(502,
                                "<html>Bad gateway</html>", Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("200 on the upsert without a subscriber id: retried, nothing assigned", add,
                        () -> vendor.on("POST", "/subscribers", new Response(200, "<html>maintenance</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void it_declares_a_secret_api_key_and_the_accounts_rate_limit() {
        assertThat(connector.spec().authentication()).isInstanceOf(Authentication.ApiKey.class);
        assertThat(connector.spec().secretPaths()).as("sealed and redacted").containsExactly("api_key");
        assertThat(connector.spec().rateLimit()).as("120 requests a minute per account")
                .isEqualTo(new ConnectorSpec.RateLimit(120, Duration.ofMinutes(1)));
        Integration integration = connector.spec().toIntegration();
        assertThat(integration.name()).isEqualTo("MailerLite");
        assertThat(integration.authentication()).containsEntry("type", "api_key");
        assertThat(integration.authentication().get("fields")).asList().singleElement().satisfies(field ->
                assertThat((Map<String, Object>) field).containsEntry("key", "api_key").containsEntry("type", "password")
                        .containsEntry("required", true).containsKey("helpText"));
        assertEachActionPicksAnIdFrom(integration, "groups", "add_to_group", "remove_from_group");
    }

    @Test
    void validation_requires_the_api_key_and_refuses_one_that_is_not_text() {
        assertThat(connector.validate(Map.of("api_key", "  " + API_KEY + " "))).containsEntry("api_key", API_KEY);
        for (Map<String, Object> metadata : List.<Map<String, Object>>of(Map.of(), Map.of("api_key", " "),
                Map.of("api_key", 42))) {
            assertThatThrownBy(() -> connector.validate(metadata)).as("metadata %s", metadata)
                    .isInstanceOf(Problem.class)
                    .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.api_key");
        }
    }

    @Test
    void without_a_configured_base_url_it_calls_the_production_api_with_its_version_prefix() {
        List<HttpCall> sent = new ArrayList<>();
        var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "mailerlite", "production", connector.validate(validMetadata())), () -> {
                    throw new IllegalStateException("no OAuth token for an API key type");
                }, call -> {
                    sent.add(call);
                    return new HttpExchange(200, Map.of(), groupsPage(1, 1), Duration.ZERO, null, null, null, false, Map.of());
                }, clock, ConnectorSettings.defaults("mailerlite"));

        assertThat(connector.check(context)).as("the check's failure (null when it passed)").isNull();
        assertThat(sent).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.url()).isEqualTo("https://connect.mailerlite.com/api/groups?limit=1");
            assertThat(call.headers()).containsEntry("Authorization", "Bearer " + API_KEY)
                    .containsEntry("Accept", "application/json").containsEntry("Content-Type", "application/json");
            assertThat(call.recordedHeaders()).as("what the history keeps")
                    .containsEntry("Authorization", HttpCall.REDACTED);
        });
    }

    @Test
    void the_credential_check_asks_for_one_group_and_names_a_refused_key() {
        stubCredentialCheck(false);
        DeliveryResult refused = connector.check(context());
        assertThat(refused.verdict()).as("%s", refused).isEqualTo(Verdict.CREDENTIALS_INVALID);
        assertThat(refused.message()).as("what the user reads")
                .isEqualTo("MailerLite: check the API key: HTTP 401 Unauthenticated. — the API key is invalid or was "
                        + "revoked; enter a new one");
        Request check = vendor.only("GET", "/groups");
        assertMailerLiteHeaders(check);
        assertThat(check.query()).isEqualTo("limit=1");
    }

    @Test
    void a_validation_error_keeps_mailerlites_words_and_the_field_they_are_about() {
        DeliveryResult result = deliverFirstCaseWith(() -> vendor.onJson("POST", "/subscribers", 422, INVALID_EMAIL));
        assertThat(result.message()).isEqualTo("MailerLite: create or update the subscriber: HTTP 422 The email must "
                + "be a valid email address. (email: The email must be a valid email address.)");
        assertThat(result.statusCode()).isEqualTo(422);
        assertThat(result.responseBody()).as("the vendor's answer kept for the history").contains("errors");
        assertThat(vendor.requests(("POST"), MEMBERSHIP)).as("nothing assigned after a refused upsert").isEmpty();
    }

    @Test
    void a_rate_limit_waits_as_long_as_retry_after_says() {
        assertRateLimitWaitsForRetryAfter(TOO_MANY, 42, "429", "Too Many Attempts.");
    }

    @Test
    void a_delivered_result_records_the_call_with_the_key_redacted() {
        DeliveryResult result = assertFirstCaseDeliveredRedacting("Authorization", 200);
        assertThat(result.message()).isEqualTo("MailerLite: add subscriber " + SUBSCRIBER + " to group " + GROUP
                + ": HTTP 200").doesNotContain(API_KEY);
    }

    @Test
    void an_event_without_an_email_address_is_a_final_mapping_error_and_calls_nobody() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of(), Map.of("email", "  "),
                Map.of("email", "not-an-email"), Map.of("email", "two@@example.com"),
                Map.of("user", Map.of("email", "nested@example.com")))) {
            DeliveryResult result = deliverUnstubbed("add_to_group", Map.of("id", GROUP), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("payload %s: %s", payload, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
            assertThat(result.message()).contains("email");
        }
        assertThat(vendor.requests()).as("nothing sent to MailerLite").isEmpty();
    }

    @Test
    void a_rule_without_its_group_is_a_final_failure_and_calls_nobody() {
        for (Map<String, Object> metadata : List.<Map<String, Object>>of(Map.of(), Map.of("id", " "),
                Map.of("value", GROUP))) {
            DeliveryResult result = deliverUnstubbed("remove_from_group", metadata, Map.of("email", "jo@example.com"));
            assertThat(List.of(result.delivered(), result.retryable())).as("metadata %s: %s", metadata, result)
                    .containsExactly(false, false);
            assertThat(result.message()).contains("metadata.id");
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void the_mapped_email_wins_over_the_payloads() {
        vendor.onJson("GET", "/subscribers/mapped@example.com", 404, NOT_FOUND);
        DeliveryResult result = deliver(new ActionCase("mapped", "remove_from_group", Map.of("id", GROUP),
                Map.of("email", "payload@example.com"), Map.of("email", "mapped@example.com"), () -> {}, v -> {}));
        assertThat(result.delivered()).as("%s", result).isTrue();
        assertThat(vendor.requests()).extracting(Request::path).containsExactly("/subscribers/mapped@example.com");
    }

    @Test
    void fields_add_the_accounts_subscriber_fields_to_the_declared_ones() {
        stubActionData();
        List<FieldDefinition> fields = connector.fields(context());

        assertThat(fields).extracting(FieldDefinition::key)
                .containsExactly("email", "name", "last_name", "city", "my_field", "seats", "renewal");
        assertThat(fields.getFirst().constraints().isRequired()).as("email is required").isTrue();
        assertThat(fields).filteredOn(f -> f.key().equals("my_field")).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FieldDefinition.Type.STRING);
            assertThat(f.label()).isEqualTo("My Field");
            assertThat(f.providerMeta()).containsEntry("key", "my_field").containsEntry("id", "947147")
                    .containsEntry("type", "text").containsEntry("custom", true);
        });
        assertThat(fields).filteredOn(f -> f.key().equals("city")).singleElement()
                .satisfies(f -> assertThat(f.providerMeta()).containsEntry("custom", false));
        assertThat(fields).filteredOn(f -> f.key().equals("seats")).singleElement()
                .extracting(FieldDefinition::type).isEqualTo(FieldDefinition.Type.NUMBER);
        assertThat(fields).filteredOn(f -> f.key().equals("renewal")).singleElement()
                .extracting(FieldDefinition::type).isEqualTo(FieldDefinition.Type.DATE);
        Request list = vendor.only("GET", "/fields");
        assertMailerLiteHeaders(list);
        assertThat(list.query()).isEqualTo("limit=100&page=1");
    }

    @Test
    void a_page_that_claims_more_pages_but_is_empty_ends_the_reading() {
        vendor.on("GET", "/groups", Response.json(200, groupsPage(1, 9, GROUP, "Newsletter")),
                Response.json(200, groupsPage(2, 9)));
        assertThat(connector.actionData(context()).get("groups")).asList().hasSize(1);
        assertThat(vendor.requests("GET", "/groups")).as("the first page, then the empty one").hasSize(2);
    }

    @Test
    void a_failed_list_call_is_a_vendor_exception_carrying_the_verdict() {
        vendor.onJson("GET", "/groups", 401, UNAUTHENTICATED);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.result().verdict()).isEqualTo(Verdict.CREDENTIALS_INVALID);
            assertThat(e.getMessage()).contains("list groups", "Unauthenticated.").doesNotContain(API_KEY);
        });
        vendor.reset();
        vendor.onJson("GET", "/fields", 503, "{\"message\":\"Service Unavailable\"}");
        assertThatThrownBy(() -> connector.fields(context())).isInstanceOfSatisfying(VendorException.class,
                e -> assertThat(e.result().retryable()).isTrue());
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertMailerLiteHeaders(Request request) {
        assertThat(request.header("Authorization")).as("bearer key of %s", request).isEqualTo("Bearer " + API_KEY);
        assertThat(request.header("Accept")).as("Accept of %s", request).isEqualTo("application/json");
        assertThat(request.header("Content-Type")).as("Content-Type of %s", request).startsWith("application/json");
        assertThat(request.headers().get("content-type")).as("one Content-Type on %s", request).hasSize(1);
    }

    private static void assertAssigned(VendorStub v) {
        Request assign = v.only("POST", MEMBERSHIP);
        assertMailerLiteHeaders(assign);
        assertThat(assign.body()).as("the assignment carries no body").isEmpty();
    }
}
