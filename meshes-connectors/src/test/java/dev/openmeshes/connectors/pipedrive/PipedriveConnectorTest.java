package dev.openmeshes.connectors.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Pipedrive connector against a stub of the company's API host, answering with the bodies
 * Pipedrive's OpenAPI descriptions (v2 persons and person fields, v1 users/me) document:
 * {@code {success: true, data, additional_data?: {next_cursor}}} on success and
 * {@code {success: false, error, error_info}} on failure.
 */
class PipedriveConnectorTest extends ConnectorContractTest {

    private static final String TOKEN = "v1u:AQIBAHj.pipedrive-access-token-never-recorded";
    private static final String EMAIL = "jane+crm@example.com";
    private static final long PERSON = 42;
    /** Custom fields are keyed by 40-character hashes. */
    private static final String PLAN = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String SEATS = "0f1e2d3c4b5a69788796a5b4c3d2e1f001234567";
    private static final String TOPICS = "9a8b7c6d5e4f30211203f4e5d6c7b8a9ffeeddcc";
    private static final String HOME = "1234567890abcdef1234567890abcdef12345678";

    private static final String SEARCH = "/api/v2/persons/search";
    private static final String PERSONS = "/api/v2/persons";
    private static final String PERSON_PATH = "/api/v2/persons/" + PERSON;
    private static final String FIELDS = "/api/v2/personFields";

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new PipedriveConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "pipedrive";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of(); // OAuth: the platform holds the tokens, the connection has no fields
    }

    @Override
    protected AccessToken token() {
        return new AccessToken(TOKEN, null, Map.of("api_domain", "https://acme.pipedrive.com"));
    }

    // --- the vendor's documented answers ---

    private static Response json(int status, String body) {
        return Response.json(status, body);
    }

    private static Response error(int status, String error) {
        return json(status, "{\"success\":false,\"error\":\"" + error + "\",\"errorCode\":" + status + ",\"error_info\":"
                + "\"Please check developers.pipedrive.com for more information about Pipedrive API.\","
                + "\"data\":null,\"additional_data\":null}");
    }

    private static final Response UNAUTHORIZED = error(401, "unauthorized access");

    private static Response found(long id) {
        return json(200, """
                {"success":true,"data":{"items":[{"result_score":1.2,"item":{"id":%d,"type":"person","name":"Jane Doe",
                 "phones":[],"emails":["jane+crm@example.com"],"visible_to":3,"owner":{"id":1},"organization":null,
                 "custom_fields":[],"notes":[]}}]},"additional_data":{"next_cursor":null}}""".formatted(id));
    }

    private static final Response NOBODY = json(200,
            "{\"success\":true,\"data\":{\"items\":[]},\"additional_data\":{\"next_cursor\":null}}");

    private static Response person(long id, long... labels) {
        StringBuilder ids = new StringBuilder();
        for (long label : labels) {
            ids.append(ids.isEmpty() ? "" : ",").append(label);
        }
        return json(200, """
                {"success":true,"data":{"id":%d,"name":"Jane Doe","first_name":"Jane","last_name":"Doe","owner_id":1,
                 "org_id":null,"add_time":"2026-11-30T09:00:00Z","update_time":"2026-11-30T09:00:00Z",
                 "emails":[{"value":"jane+crm@example.com","primary":true,"label":"work"}],"phones":[],
                 "is_deleted":false,"visible_to":3,"label_ids":[%s],"picture_id":null,"custom_fields":{}}}"""
                .formatted(id, ids));
    }

    private static String field(String code, String name, String type, boolean custom, String options) {
        return "{\"field_name\":\"" + name + "\",\"field_code\":\"" + code + "\",\"field_type\":\"" + type + "\","
                + "\"options\":" + options + ",\"subfields\":null,\"is_custom_field\":" + custom
                + ",\"is_optional_response_field\":false}";
    }

    private static final String PLAN_FIELD = field(PLAN, "Plan", "enum", true,
            "[{\"id\":11,\"label\":\"Free\",\"color\":null},{\"id\":12,\"label\":\"Pro\",\"color\":null}]");
    private static final String SEATS_FIELD = field(SEATS, "Seats", "int", true, "null");
    private static final String TOPICS_FIELD = field(TOPICS, "Topics", "set", true,
            "[{\"id\":21,\"label\":\"Pricing\"},{\"id\":22,\"label\":\"Security\"},{\"id\":23,\"label\":\"API\"}]");
    private static final String HOME_FIELD = field(HOME, "Home address", "address", true, "null");
    private static final String OWNER_FIELD = field("owner_id", "Owner", "user", false, "null");
    private static final String LABEL_FIELD = field("label_ids", "Labels", "set", false,
            "[{\"id\":5,\"label\":\"Hot lead\",\"color\":\"red\"},{\"id\":6,\"label\":\"Customer\",\"color\":\"green\"}]");

    private static Response one(String field) {
        return json(200, "{\"success\":true,\"data\":" + field + "}");
    }

    private static Response page(String cursor, String... fields) {
        return json(200, "{\"success\":true,\"data\":[" + String.join(",", fields) + "],\"additional_data\":"
                + "{\"next_cursor\":" + (cursor == null ? "null" : "\"" + cursor + "\"") + "}}");
    }

    // --- what the requests must be ---

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Request request) {
        return VendorJson.mapper().readValue(request.body(), Map.class);
    }

    private static void assertAuthorized(Request request) {
        assertThat(request.header("Authorization")).as("Authorization of %s", request).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Accept")).as("Accept of %s", request).isEqualTo("application/json");
    }

    private static void assertJsonBody(Request request, Map<String, Object> expected) {
        assertAuthorized(request);
        assertThat(request.header("Content-Type")).as("Content-Type of %s", request).startsWith("application/json");
        assertThat(body(request)).as("body of %s", request).isEqualTo(expected);
    }

    /** The one person search, exact on email, for this address. */
    private static void assertSearchedFor(VendorStub vendor, String email) {
        Request search = vendor.only("GET", SEARCH);
        assertAuthorized(search);
        assertThat(List.of(search.queryParameter("term"), search.queryParameter("fields"),
                search.queryParameter("exact_match"), search.queryParameter("limit")))
                .as("search query %s", search.query()).containsExactly(email, "email", "true", "1");
    }

    private static void assertNoWrites(VendorStub vendor) {
        assertThat(vendor.requests().stream().filter(r -> !r.method().equals("GET")).toList())
                .as("writes to the vendor").isEmpty();
    }

    private static Map<String, Object> primary(String value) {
        return Map.of("value", value, "primary", true, "label", "work");
    }

    private static Map<String, Object> event(String email) {
        return Map.of("email", email, "plan", "pro");
    }

    // --- the contract ---

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.on("GET", "/api/v1/users/me", accepted
                ? json(200, "{\"success\":true,\"data\":{\"id\":123,\"name\":\"Jane Admin\",\"email\":\"jane@acme.test\","
                + "\"activated\":true,\"company_id\":77,\"company_name\":\"Acme\",\"company_domain\":\"acme\"}}")
                : UNAUTHORIZED);
    }

    @Override
    protected void stubActionData() {
        vendor.on("GET", FIELDS,
                page("eyJmaWVsZCI6ImlkIiwiaWQiOjd9", field("name", "Name", "varchar", false, "null"),
                        field("email", "Email", "varchar", false, "null"), LABEL_FIELD, OWNER_FIELD, PLAN_FIELD),
                page(null, SEATS_FIELD, TOPICS_FIELD, HOME_FIELD));
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data.get("properties")).as("settable person fields of both pages, with their options").isEqualTo(List.of(
                Map.of("id", "name", "name", "Name", "options", List.of()),
                Map.of("id", "owner_id", "name", "Owner", "options", List.of()),
                Map.of("id", PLAN, "name", "Plan", "options", List.of(Map.of("value", "11", "label", "Free"),
                        Map.of("value", "12", "label", "Pro"))),
                Map.of("id", SEATS, "name", "Seats", "options", List.of()),
                Map.of("id", TOPICS, "name", "Topics", "options", List.of(Map.of("value", "21", "label", "Pricing"),
                        Map.of("value", "22", "label", "Security"), Map.of("value", "23", "label", "API")))));
        assertThat(data.get("labels")).as("the options of the label_ids field").isEqualTo(List.of(
                Map.of("id", "5", "name", "Hot lead"), Map.of("id", "6", "name", "Customer")));
        List<Request> pages = vendor.requests("GET", FIELDS);
        assertThat(pages).as("person field pages read").hasSize(2);
        pages.forEach(PipedriveConnectorTest::assertAuthorized);
        assertThat(pages.stream().map(p -> p.queryParameter("limit")).toList()).containsExactly("500", "500");
        assertThat(pages.get(0).queryParameter("cursor")).as("first page").isNull();
        assertThat(pages.get(1).queryParameter("cursor")).as("the next page by the answer's cursor")
                .isEqualTo("eyJmaWVsZCI6ImlkIiwiaWQiOjd9");
    }

    @Override
    protected List<ActionCase> actionCases() {
        Map<String, Object> planPro = Map.of("id", PLAN, "value", "12");
        Map<String, Object> hotLead = Map.of("id", "5");
        return List.of(
                new ActionCase("sync_person: an existing person gets the mapped fields", "sync_person", Map.of(),
                        event("ignored@example.com"), mapped("email", EMAIL, "name", "Jane Doe", "phone", "+372 5555 1234",
                                "owner_id", 7, PLAN, "Pro", SEATS, "12"), () -> {
                            vendor.on("GET", SEARCH, found(PERSON));
                            vendor.on("GET", FIELDS + "/" + PLAN, one(PLAN_FIELD));
                            vendor.on("GET", FIELDS + "/" + SEATS, one(SEATS_FIELD));
                            vendor.on("PATCH", PERSON_PATH, person(PERSON));
                        }, v -> {
                            assertSearchedFor(v, EMAIL);
                            assertThat(v.only("GET", SEARCH).query()).as("raw query: + and @ are encoded")
                                    .contains("term=jane%2Bcrm%40example.com");
                            assertAuthorized(v.only("GET", FIELDS + "/" + PLAN));
                            assertJsonBody(v.only("PATCH", PERSON_PATH), Map.of("name", "Jane Doe",
                                    "phones", List.of(primary("+372 5555 1234")), "owner_id", 7,
                                    "custom_fields", Map.of(PLAN, 12, SEATS, 12)));
                            assertThat(v.requests("POST", PERSONS)).as("persons created").isEmpty();
                        }),
                new ActionCase("sync_person: a new person is created with the mapped fields", "sync_person", Map.of(),
                        event(EMAIL), mapped("email", "Jane.Doe@Example.com", "name", " Jane Doe ", "org_id", "3"), () -> {
                            vendor.on("GET", SEARCH, NOBODY);
                            vendor.on("POST", PERSONS, person(PERSON));
                        }, v -> {
                            assertSearchedFor(v, "Jane.Doe@Example.com");
                            assertJsonBody(v.only("POST", PERSONS), Map.of("name", "Jane Doe",
                                    "emails", List.of(primary("Jane.Doe@Example.com")), "org_id", 3));
                        }),
                new ActionCase("sync_person: a new person without a mapped name is named by its email", "sync_person",
                        Map.of(), event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", SEARCH, NOBODY);
                            vendor.on("POST", PERSONS, person(PERSON));
                        }, v -> assertJsonBody(v.only("POST", PERSONS), Map.of("name", EMAIL,
                                "emails", List.of(primary(EMAIL))))),
                new ActionCase("sync_person: an existing person and nothing mapped is left as it is", "sync_person",
                        Map.of(), event(EMAIL), Map.of(), () -> vendor.on("GET", SEARCH, found(PERSON)),
                        PipedriveConnectorTest::assertNoWrites),
                new ActionCase("update_person_field: an enum custom field set to the picked option", "update_person_field",
                        planPro, event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", FIELDS + "/" + PLAN, one(PLAN_FIELD));
                            vendor.on("GET", SEARCH, found(PERSON));
                            vendor.on("PATCH", PERSON_PATH, person(PERSON));
                        }, v -> {
                            assertAuthorized(v.only("GET", FIELDS + "/" + PLAN));
                            assertSearchedFor(v, EMAIL);
                            assertJsonBody(v.only("PATCH", PERSON_PATH), Map.of("custom_fields", Map.of(PLAN, 12)));
                        }),
                new ActionCase("update_person_field: a new person is created with a built-in field", "update_person_field",
                        Map.of("id", "owner_id", "value", "7"), event(EMAIL), mapped("name", "Jane Doe"), () -> {
                            vendor.on("GET", FIELDS + "/owner_id", one(OWNER_FIELD));
                            vendor.on("GET", SEARCH, NOBODY);
                            vendor.on("POST", PERSONS, person(PERSON));
                        }, v -> assertJsonBody(v.only("POST", PERSONS), Map.of("name", "Jane Doe",
                                "emails", List.of(primary(EMAIL)), "owner_id", 7))),
                new ActionCase("add_label_to_person: the label joins the person's labels", "add_label_to_person", hotLead,
                        event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", SEARCH, found(PERSON));
                            vendor.on("GET", PERSON_PATH, person(PERSON, 6));
                            vendor.on("PATCH", PERSON_PATH, person(PERSON, 6, 5));
                        }, v -> {
                            assertAuthorized(v.only("GET", PERSON_PATH));
                            assertJsonBody(v.only("PATCH", PERSON_PATH), Map.of("label_ids", List.of(6, 5)));
                        }),
                new ActionCase("add_label_to_person: a person with the label already is left as it is",
                        "add_label_to_person", hotLead, event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", SEARCH, found(PERSON));
                            vendor.on("GET", PERSON_PATH, person(PERSON, 5, 6));
                        }, PipedriveConnectorTest::assertNoWrites),
                new ActionCase("add_label_to_person: a new person is created with the label", "add_label_to_person",
                        hotLead, event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", SEARCH, NOBODY);
                            vendor.on("POST", PERSONS, person(PERSON, 5));
                        }, v -> assertJsonBody(v.only("POST", PERSONS), Map.of("name", EMAIL,
                                "emails", List.of(primary(EMAIL)), "label_ids", List.of(5)))),
                new ActionCase("remove_label_from_person: the label leaves the person's labels", "remove_label_from_person",
                        hotLead, event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", SEARCH, found(PERSON));
                            vendor.on("GET", PERSON_PATH, person(PERSON, 5, 6));
                            vendor.on("PATCH", PERSON_PATH, person(PERSON, 6));
                        }, v -> assertJsonBody(v.only("PATCH", PERSON_PATH), Map.of("label_ids", List.of(6)))),
                new ActionCase("remove_label_from_person: a person without the label is left as it is",
                        "remove_label_from_person", hotLead, event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", SEARCH, found(PERSON));
                            vendor.on("GET", PERSON_PATH, person(PERSON, 6));
                        }, PipedriveConnectorTest::assertNoWrites),
                new ActionCase("remove_label_from_person: no person, nothing to remove", "remove_label_from_person",
                        hotLead, event(EMAIL), Map.of(), () -> vendor.on("GET", SEARCH, NOBODY), v -> {
                            assertNoWrites(v);
                            assertThat(v.requests()).as("requests: only the search").hasSize(1);
                        }));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String existing = "sync_person: an existing person gets the mapped fields";
        String created = "sync_person: a new person is created with the mapped fields";
        String field = "update_person_field: an enum custom field set to the picked option";
        String label = "add_label_to_person: the label joins the person's labels";
        return List.of(
                new ErrorCase("401 on the search: the token expired (the platform refreshes it once)", existing,
                        () -> vendor.on("GET", SEARCH, UNAUTHORIZED), Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("401 on the update", field, () -> vendor.on("PATCH", PERSON_PATH, UNAUTHORIZED),
                        Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("403 Scope and URL mismatch: the app must be installed again", label,
                        () -> vendor.on("GET", PERSON_PATH, error(403, "Scope and URL mismatch")),
                        Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED),
                new ErrorCase("403 request not allowed: final", created,
                        () -> vendor.on("POST", PERSONS, error(403, "You do not have permission to add persons")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("402 company account not open: final", created,
                        () -> vendor.on("POST", PERSONS, error(402, "Company account is not open")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 a value the field refuses: final", field,
                        () -> vendor.on("PATCH", PERSON_PATH, error(400, "Validation failed: custom_fields." + PLAN
                                + ": Option with ID 12 does not exist")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 the field was deleted: final", field,
                        () -> vendor.on("GET", FIELDS + "/" + PLAN, error(404, "Field not found")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 the person was deleted after the search: final", label,
                        () -> vendor.on("GET", PERSON_PATH, error(404, "Person not found")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("429 the daily token budget is spent: retried", label,
                        () -> vendor.on("PATCH", PERSON_PATH, error(429, "Request over limit")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("500 on create: retried", created,
                        () -> vendor.on("POST", PERSONS, error(500, "Internal server error")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("503 maintenance page from the edge: retried", existing,
                        () -> vendor.on("GET", SEARCH, new Response(503, "<html><body>Scheduled maintenance</body></html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("200 that is not JSON: retried, not taken as no person", created,
                        () -> vendor.on("GET", SEARCH, new Response(200, "<html>maintenance</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ---

    private DeliveryResult deliver(String action, Map<String, Object> metadata, Map<String, Object> payload,
                                   Map<String, Object> mapped) {
        return deliver(new ActionCase(action, action, metadata, payload, mapped, () -> {}, v -> {}));
    }

    @Test
    void messages_keep_pipedrives_error_and_error_info_and_never_the_token() {
        vendor.on("GET", SEARCH, NOBODY);
        vendor.on("POST", PERSONS, error(400, "Invalid field value"));
        DeliveryResult result = deliver("sync_person", Map.of(), event(EMAIL), Map.of());
        assertThat(result.message()).isEqualTo("Pipedrive: create the person: HTTP 400 Invalid field value (Please "
                + "check developers.pipedrive.com for more information about Pipedrive API.)");
        assertThat(result.statusCode()).isEqualTo(400);
        assertThat(result.requestHeaders().get("Authorization")).as("recorded Authorization").isEqualTo("[redacted]");
        assertNoSecretIn(result);
    }

    @Test
    void a_burst_limit_without_retry_after_waits_for_the_window_pipedrive_names() {
        vendor.on("GET", SEARCH, error(429, "Request over limit").withHeader("x-ratelimit-limit", "10")
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", "2"));
        DeliveryResult result = deliver("sync_person", Map.of(), event(EMAIL), Map.of());
        assertThat(List.of(result.outcome(), result.retryable(), result.retryAfter()))
                .as("%s", result).containsExactly(Outcome.RATE_LIMITED, true, Duration.ofSeconds(2));
        assertThat(result.message()).contains("Request over limit", "daily token budget");
    }

    @Test
    void option_values_are_sent_as_option_ids_whether_picked_by_id_or_mapped_by_label() {
        vendor.on("GET", FIELDS + "/" + TOPICS, one(TOPICS_FIELD));
        vendor.on("GET", FIELDS + "/" + PLAN, one(PLAN_FIELD));
        vendor.on("GET", SEARCH, found(PERSON));
        vendor.on("PATCH", PERSON_PATH, person(PERSON));
        assertThat(deliver("update_person_field", Map.of("id", TOPICS, "value", "21, security"), event(EMAIL),
                Map.of()).delivered()).isTrue();
        assertThat(body(vendor.only("PATCH", PERSON_PATH))).as("a set field: an array of option ids")
                .isEqualTo(Map.of("custom_fields", Map.of(TOPICS, List.of(21, 22))));
        vendor.reset();
        vendor.on("GET", FIELDS + "/" + PLAN, one(PLAN_FIELD));
        vendor.on("GET", SEARCH, found(PERSON));
        vendor.on("PATCH", PERSON_PATH, person(PERSON));
        assertThat(deliver("sync_person", Map.of(), event(EMAIL), mapped(PLAN, "free")).delivered()).isTrue();
        assertThat(body(vendor.only("PATCH", PERSON_PATH))).as("an enum mapped by its label, in any case")
                .isEqualTo(Map.of("custom_fields", Map.of(PLAN, 11)));
        vendor.reset();
        vendor.on("GET", FIELDS + "/" + TOPICS, one(TOPICS_FIELD));
        vendor.on("GET", SEARCH, found(PERSON));
        vendor.on("PATCH", PERSON_PATH, person(PERSON));
        assertThat(deliver("sync_person", Map.of(), event(EMAIL), mapped(TOPICS, List.of("Pricing", "API")))
                .delivered()).isTrue();
        assertThat(body(vendor.only("PATCH", PERSON_PATH))).as("a set mapped from an array of labels")
                .isEqualTo(Map.of("custom_fields", Map.of(TOPICS, List.of(21, 23))));
    }

    @Test
    void a_new_person_takes_the_name_the_rule_sets_and_blank_mapped_values_are_not_written() {
        vendor.on("GET", FIELDS + "/name", one(field("name", "Name", "varchar", false, "null")));
        vendor.on("GET", SEARCH, NOBODY);
        vendor.on("POST", PERSONS, person(PERSON));
        assertThat(deliver("update_person_field", Map.of("id", "name", "value", "Ada Lovelace"), event(EMAIL),
                mapped("name", "Jane Doe")).delivered()).isTrue();
        assertThat(body(vendor.only("POST", PERSONS))).as("the field the rule sets wins over the mapped name")
                .isEqualTo(Map.of("name", "Ada Lovelace", "emails", List.of(primary(EMAIL))));
        vendor.reset();
        vendor.on("GET", SEARCH, found(PERSON));
        assertThat(deliver("sync_person", Map.of(), event(EMAIL), mapped("name", "  ", "phone", "")).delivered())
                .isTrue();
        assertNoWrites(vendor);
    }

    @Test
    void a_value_the_field_cannot_take_is_refused_before_anything_is_written() {
        vendor.on("GET", FIELDS + "/" + PLAN, one(PLAN_FIELD));
        vendor.on("GET", FIELDS + "/" + SEATS, one(SEATS_FIELD));
        vendor.on("GET", FIELDS + "/" + HOME, one(HOME_FIELD));
        vendor.on("GET", SEARCH, found(PERSON));
        assertRefusedWithoutWrites(deliver("update_person_field", Map.of("id", PLAN, "value", "Enterprise"),
                event(EMAIL), Map.of()), "has no option 'Enterprise'");
        assertRefusedWithoutWrites(deliver("sync_person", Map.of(), event(EMAIL), mapped(SEATS, "a dozen")),
                "takes a number");
        assertRefusedWithoutWrites(deliver("update_person_field", Map.of("id", HOME, "value", "Main St 1"),
                event(EMAIL), Map.of()), "cannot be set");
        assertThat(vendor.requests("GET", SEARCH)).as("no person is looked up for a value that cannot be written")
                .isEmpty();
    }

    @Test
    void rule_metadata_or_events_that_cannot_work_are_refused_before_any_call() {
        assertRefusedWithoutCalls(deliver("sync_person", Map.of(), Map.of("name", "Jane"), Map.of()), "no email");
        assertRefusedWithoutCalls(deliver("sync_person", Map.of(), Map.of("email", "jane at example"), Map.of()),
                "not an email address");
        assertRefusedWithoutCalls(deliver("add_label_to_person", Map.of("id", "hot"), event(EMAIL), Map.of()),
                "not a label id");
        assertRefusedWithoutCalls(deliver("update_person_field", Map.of("id", PLAN), event(EMAIL), Map.of()),
                "metadata.value");
        assertRefusedWithoutCalls(deliver("update_person_field", Map.of("id", "../users/me", "value", "x"),
                event(EMAIL), Map.of()), "not a person field code");
    }

    private void assertRefusedWithoutCalls(DeliveryResult result, String reason) {
        assertRefused(result, reason);
        assertThat(vendor.requests()).as("calls made").isEmpty();
    }

    private void assertRefusedWithoutWrites(DeliveryResult result, String reason) {
        assertRefused(result, reason);
        assertNoWrites(vendor);
    }

    private static void assertRefused(DeliveryResult result, String reason) {
        assertThat(result.delivered()).as("delivered: %s", result).isFalse();
        assertThat(result.retryable()).as("retrying cannot help: %s", result).isFalse();
        assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.MAPPING_ERROR);
        assertThat(result.message()).as("why").startsWith("Pipedrive ").contains(reason);
    }

    @Test
    void without_a_configured_base_url_calls_go_to_the_api_domain_of_the_token() {
        AccessToken token = new AccessToken(TOKEN, null, Map.of("api_domain", vendor.url() + "/"));
        ConnectorContext context = new ConnectorContext(context().connection(), () -> token, http, clock,
                ConnectorSettings.defaults("pipedrive"));
        vendor.on("GET", SEARCH, found(PERSON));
        vendor.on("GET", PERSON_PATH, person(PERSON));
        vendor.on("PATCH", PERSON_PATH, person(PERSON, 5));
        DeliveryResult result = deliver(new ActionCase("api_domain", "add_label_to_person", Map.of("id", "5"),
                event(EMAIL), Map.of(), () -> {}, v -> {}), context);
        assertThat(result.delivered()).as("%s; vendor saw %s", result, vendor.requests()).isTrue();
        assertThat(body(vendor.only("PATCH", PERSON_PATH))).isEqualTo(Map.of("label_ids", List.of(5)));
        stubCredentialCheck(true);
        assertThat(connector.check(context)).isNull();
    }

    @Test
    void a_token_without_api_domain_asks_for_a_new_authorization() {
        AccessToken token = new AccessToken(TOKEN, null, Map.of());
        ConnectorContext context = new ConnectorContext(context().connection(), () -> token, http, clock,
                ConnectorSettings.defaults("pipedrive"));
        DeliveryResult result = deliver(new ActionCase("no domain", "sync_person", Map.of(), event(EMAIL), Map.of(),
                () -> {}, v -> {}), context);
        assertThat(result.verdict()).as("%s", result).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThat(result.retryable()).isFalse();
        assertThat(connector.check(context).verdict()).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThatThrownBy(() -> connector.actionData(context)).isInstanceOf(VendorException.class);
        assertThat(vendor.requests()).as("calls made").isEmpty();
    }

    @Test
    void the_credential_check_asks_v1_for_the_current_user_and_reports_what_pipedrive_said() {
        stubCredentialCheck(true);
        assertThat(connector.check(context())).isNull();
        assertAuthorized(vendor.only("GET", "/api/v1/users/me"));
        vendor.reset();
        stubCredentialCheck(false);
        DeliveryResult failed = connector.check(context());
        assertThat(failed.verdict()).isEqualTo(Verdict.TOKEN_EXPIRED);
        assertThat(failed.message()).startsWith("Pipedrive: check the token: HTTP 401 unauthorized access");
    }

    @Test
    void action_data_that_cannot_be_read_is_a_vendor_exception_with_the_verdict() {
        vendor.on("GET", FIELDS, UNAUTHORIZED);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .satisfies(e -> assertThat(((VendorException) e).result().verdict()).isEqualTo(Verdict.TOKEN_EXPIRED));
    }

    @Test
    void a_cursor_that_comes_back_again_stops_the_reading() {
        vendor.on("GET", FIELDS, page("same", PLAN_FIELD));
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("same page cursor");
        assertThat(vendor.requests("GET", FIELDS)).as("pages asked for").hasSize(2);
    }

    @Test
    void fields_add_the_companys_settable_custom_fields_by_field_code_typed_from_pipedrive() {
        stubActionData();
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        connector.fields(context()).forEach(f -> byKey.put(f.key(), f));
        assertThat(byKey.keySet()).as("declared fields, then settable custom ones (not the address)")
                .containsExactly("email", "name", "phone", "owner_id", "org_id", PLAN, SEATS, TOPICS);
        assertThat(byKey.get("email").constraints().isRequired()).isTrue();
        assertThat(byKey.get("email").providerMeta()).containsEntry("name", "emails");
        FieldDefinition plan = byKey.get(PLAN);
        assertThat(List.of(plan.type(), plan.label())).containsExactly(FieldDefinition.Type.ENUM, "Plan");
        assertThat(plan.constraints().allowedValues()).containsExactly("Free", "Pro");
        assertThat(plan.providerMeta()).isEqualTo(Map.of("field_code", PLAN, "field_type", "enum", "custom", true));
        assertThat(byKey.get(SEATS).type()).isEqualTo(FieldDefinition.Type.NUMBER);
        assertThat(byKey.get(TOPICS).type()).isEqualTo(FieldDefinition.Type.MULTI_ENUM);
    }

    @Test
    void the_declaration_is_oauth_with_basic_client_auth_scopes_on_the_app_and_the_search_burst_limit() {
        var oauth = (Authentication.OAuth2) connector.spec().authentication();
        assertThat(oauth.authorizeUrl()).isEqualTo("https://oauth.pipedrive.com/oauth/authorize");
        assertThat(oauth.tokenUrl()).isEqualTo("https://oauth.pipedrive.com/oauth/token");
        assertThat(oauth.scopes()).as("scopes are set on the app, not in the authorize URL").isEmpty();
        assertThat(oauth.clientAuth()).isEqualTo(Authentication.OAuth2.ClientAuth.BASIC);
        assertThat(oauth.refreshes()).isTrue();
        assertThat(connector.spec().fields()).as("connection fields").isEmpty();
        assertThat(connector.spec().rateLimit()).isEqualTo(new dev.openmeshes.core.connector.ConnectorSpec.RateLimit(
                10, Duration.ofSeconds(2)));
        var actions = connector.spec().toIntegration().actions();
        assertThat(actions.get("sync_person").fields()).as("sync_person rule metadata").isEmpty();
        assertThat(actions.get("update_person_field").fields()).containsExactly("id", "value");
        assertThat(actions.get("update_person_field").data().getFirst()).containsEntry("key", "properties")
                .containsEntry("kind", "advanced");
        for (String label : List.of("add_label_to_person", "remove_label_from_person")) {
            assertThat(actions.get(label).fields()).as("%s metadata", label).containsExactly("id");
            assertThat(actions.get(label).data().getFirst()).containsEntry("key", "labels").containsEntry("kind", "simple");
        }
    }
}
