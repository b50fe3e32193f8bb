package dev.openmeshes.connectors.mailchimp;

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
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.VendorException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Mailchimp connector against a stub answering as Mailchimp's Marketing API 3.0 documents
 * (the lists and ping descriptions of its Swagger file, and its error glossary): members upserted
 * and unsubscribed by the hash of their email, audiences and merge fields read page by page.
 */
class MailchimpConnectorTest extends ConnectorContractTest {

    private static final String API_KEY = "0123456789abcdef0123456789abcdef-us6";
    private static final String LIST = "a1b2c3d4e5";

    // Bodies as Mailchimp documents them (problem JSON per its error glossary; titles as its API answers).
    private static final String PING = "{\"health_status\":\"Everything's Chimpy!\"}";
    private static final String KEY_INVALID = problem(401, "API Key Invalid",
            "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    private static final String USER_DISABLED = problem(403, "User Disabled", "This account has been disabled.");
    private static final String WRONG_DATACENTER = problem(403, "Wrong Datacenter",
            "The API key provided is linked to a different datacenter.");
    private static final String FORBIDDEN = problem(403, "Forbidden", "You are not permitted to access this resource.");
    private static final String NOT_FOUND = problem(404, "Resource Not Found", "The requested resource could not be found.");
    private static final String COMPLIANCE = problem(400, "Member In Compliance State", "ada@example.com is in a "
            + "compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.");
    private static final String FORGOTTEN = problem(400, "Forgotten Email Not Subscribed", "ada@example.com was "
            + "permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.");
    private static final String INVALID_RESOURCE = """
            {"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Invalid Resource","status":400,
             "detail":"The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
             "instance":"2f1c7a4e-58b1-4c4b-9f3e-0c2d7d9d1a11",
             "errors":[{"field":"merge_fields.BIRTHDAY","message":"Please enter a complete date (MM/DD)"}]}""";
    private static final String TOO_MANY = problem(429, "Too Many Requests",
            "You have exceeded the limit of 10 simultaneous connections.");
    private static final String SERVER_ERROR = problem(500, "Internal Server Error",
            "An unexpected internal error has occurred. Please contact Support for more information.");
    private static final String COMPLIANCE_REVIEW = problem(503, "Compliance Related",
            "This account is currently undergoing a compliance review.");

    private static String problem(int status, String title, String detail) {
        return "{\"type\":\"https://mailchimp.com/developer/marketing/docs/errors/\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "\\\"")
                + "\",\"instance\":\"995c5cb0-3280-4a6e-808b-3b096d0bb219\"}";
    }

    private static String member(String email, String status) {
        return "{\"id\":\"" + MailchimpConnector.subscriberHash(email) + "\",\"email_address\":\"" + email
                + "\",\"unique_email_id\":\"882e9bec19\",\"status\":\"" + status + "\",\"merge_fields\":{\"FNAME\":\"Ada\"},"
                + "\"list_id\":\"" + LIST + "\"}";
    }

    private static String lists(int total, String... idAndName) {
        List<String> lists = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            lists.add("{\"id\":\"" + idAndName[i] + "\",\"name\":\"" + idAndName[i + 1] + "\"}");
        }
        return "{\"lists\":[" + String.join(",", lists) + "],\"total_items\":" + total + "}";
    }

    private static String mergeField(String tag, String name, String type, String... choices) {
        String options = choices.length == 0 ? "{\"size\":25}"
                : "{\"choices\":[\"" + String.join("\",\"", choices) + "\"]}";
        return "{\"tag\":\"" + tag + "\",\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"options\":" + options + "}";
    }

    private static String mergeFields(int total, String... fields) {
        return "{\"merge_fields\":[" + String.join(",", fields) + "],\"total_items\":" + total + "}";
    }

    private static String memberPath(String email) {
        return "/lists/" + LIST + "/members/" + MailchimpConnector.subscriberHash(email);
    }

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new MailchimpConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "mailchimp";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of("data_center", "us6", "api_key", API_KEY);
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.onJson("GET", "/ping", accepted ? 200 : 401, accepted ? PING : KEY_INVALID);
    }

    @Override
    protected void stubActionData() {
        vendor.on("GET", "/lists", Response.json(200, lists(3, LIST, "Newsletter", "f6e5d4c3b2", "Customers")),
                Response.json(200, lists(3, "0a9b8c7d6e", "Beta testers")));
        vendor.onJson("GET", "/lists/" + LIST + "/merge-fields", 200, mergeFields(2,
                mergeField("FNAME", "First Name", "text"), mergeField("PLAN", "Plan", "dropdown", "free", "pro")));
        vendor.onJson("GET", "/lists/f6e5d4c3b2/merge-fields", 200, mergeFields(2,
                mergeField("FNAME", "First name", "text"), mergeField("PLAN", "Plan", "radio", "free", "team")));
        vendor.onJson("GET", "/lists/0a9b8c7d6e/merge-fields", 200, mergeFields(1,
                mergeField("BIRTHDAY", "Birthday", "birthday")));
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keyed by the inputs' keys").containsOnlyKeys("lists");
        assertThat(data.get("lists")).as("every audience of both pages, as {id, name}").isEqualTo(List.of(
                Map.of("id", LIST, "name", "Newsletter"), Map.of("id", "f6e5d4c3b2", "name", "Customers"),
                Map.of("id", "0a9b8c7d6e", "name", "Beta testers")));
        List<Request> pages = vendor.requests("GET", "/lists");
        assertThat(pages).as("pages of GET /lists").hasSize(2);
        pages.forEach(page -> {
            assertMailchimpHeaders(page);
            assertThat(page.queryParameter("count")).as("page size of %s", page).isEqualTo("1000");
            assertThat(page.queryParameter("fields")).isEqualTo("lists.id,lists.name,total_items");
        });
        assertThat(pages).extracting(p -> p.queryParameter("offset")).as("offsets advanced by the items read")
                .containsExactly("0", "2");
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("add_to_list: upserts the member subscribed, addressed by its email's hash", "add_to_list",
                        Map.of("id", LIST), Map.of("email", "ada@example.com"), Map.of(),
                        () -> vendor.onJson("PUT", memberPath("ada@example.com"), 200, member("ada@example.com", "subscribed")),
                        v -> {
                            Request put = v.only("PUT", memberPath("ada@example.com"));
                            assertMailchimpHeaders(put);
                            assertThat(put.query()).isNull();
                            assertJson(put, """
                                    {"email_address":"ada@example.com","status_if_new":"subscribed","status":"subscribed"}""");
                            assertThat(v.requests()).as("one call, no lookup first").hasSize(1);
                        }),
                new ActionCase("add_to_list: the mapped email, merge fields and signup IP go in the body", "add_to_list",
                        Map.of("id", LIST), Map.of("email", "payload@example.com", "first_name", "not mapped"),
                        mapped("email", " Ada.Lovelace@Example.COM ", "merge_fields.FNAME", "Ada", "merge_fields.PLAN", "pro",
                                "merge_fields.SEATS", 12, "merge_fields.ADDRESS", Map.of("addr1", "1 Main St", "city", "Dublin",
                                        "state", "D", "zip", "D01"), "ip_signup", "203.0.113.9", "merge_fields.", "dropped",
                                "merge_fields.EMPTY", null, "unknown_field", "dropped"),
                        () -> vendor.onJson("PUT", memberPath("ada.lovelace@example.com"), 200,
                                member("ada.lovelace@example.com", "subscribed")),
                        v -> {
                            Request put = v.only("PUT", memberPath("ada.lovelace@example.com"));
                            assertMailchimpHeaders(put);
                            assertJson(put, """
                                    {"email_address":"Ada.Lovelace@Example.COM","status_if_new":"subscribed","status":"subscribed",
                                     "merge_fields":{"FNAME":"Ada","PLAN":"pro","SEATS":12,
                                                     "ADDRESS":{"addr1":"1 Main St","city":"Dublin","state":"D","zip":"D01"}},
                                     "ip_signup":"203.0.113.9"}""");
                        }),
                new ActionCase("add_to_list: an address already subscribed answers 200 and is a success", "add_to_list",
                        Map.of("id", LIST), Map.of("email", "ada@example.com"), Map.of(),
                        () -> vendor.onJson("PUT", memberPath("ada@example.com"), 200, member("ada@example.com", "subscribed")),
                        v -> assertThat(v.requests("PUT", memberPath("ada@example.com"))).hasSize(1)),
                new ActionCase("add_to_list: an audience id with / stays one encoded path segment", "add_to_list",
                        Map.of("id", " ../../ping "), Map.of("email", "ada@example.com"), Map.of(),
                        () -> vendor.onJson("PUT", "/lists/..%2F..%2Fping/members/" + MailchimpConnector.subscriberHash(
                                "ada@example.com"), 200, member("ada@example.com", "subscribed")),
                        v -> assertThat(v.requests()).as("the encoded PUT; all requests: %s", v.requests()).singleElement()
                                .satisfies(r -> assertThat(r.path()).startsWith("/lists/..%2F..%2Fping/members/"))),
                new ActionCase("remove_from_list: unsubscribes the member", "remove_from_list", Map.of("id", LIST),
                        Map.of("email", "Ada@Example.com"), Map.of(),
                        () -> vendor.onJson("PATCH", memberPath("ada@example.com"), 200, member("Ada@Example.com", "unsubscribed")),
                        v -> {
                            Request patch = v.only("PATCH", memberPath("ada@example.com"));
                            assertMailchimpHeaders(patch);
                            assertJson(patch, "{\"status\":\"unsubscribed\"}");
                            assertThat(v.requests()).hasSize(1);
                        }),
                new ActionCase("remove_from_list: an address that is no member (404) is done", "remove_from_list",
                        Map.of("id", LIST), Map.of("email", "nobody@example.com"), Map.of(),
                        () -> vendor.onJson("PATCH", memberPath("nobody@example.com"), 404, NOT_FOUND),
                        v -> assertThat(v.requests("PATCH", memberPath("nobody@example.com"))).hasSize(1)),
                new ActionCase("remove_from_list: an address already unsubscribed answers 200 and is a success",
                        "remove_from_list", Map.of("id", LIST), Map.of("email", "ada@example.com"), Map.of(),
                        () -> vendor.onJson("PATCH", memberPath("ada@example.com"), 200, member("ada@example.com", "unsubscribed")),
                        v -> assertThat(v.requests()).hasSize(1)));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String add = "add_to_list: upserts the member subscribed, addressed by its email's hash";
        String remove = "remove_from_list: unsubscribes the member";
        String ada = memberPath("ada@example.com");
        return List.of(
                new ErrorCase("401 API Key Invalid: the connection is deactivated", add,
                        () -> vendor.onJson("PUT", ada, 401, KEY_INVALID), Outcome.AUTH_FAILED, false,
                        Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 for a revoked key (Mailchimp answers it as an invalid one)", remove,
                        () -> vendor.onJson("PATCH", ada, 401, KEY_INVALID), Outcome.AUTH_FAILED, false,
                        Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 without a body is still a refused key", add,
                        () -> vendor.on("PUT", ada, new Response(401, "", Map.of())), Outcome.AUTH_FAILED, false,
                        Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 User Disabled: the account is disabled, the connection deactivated", add,
                        () -> vendor.onJson("PUT", ada, 403, USER_DISABLED), Outcome.AUTH_FAILED, false,
                        Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 Wrong Datacenter: the key belongs elsewhere, the connection deactivated", remove,
                        () -> vendor.onJson("PATCH", ada, 403, WRONG_DATACENTER), Outcome.AUTH_FAILED, false,
                        Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 Forbidden with a problem document: final, the key itself still works", add,
                        () -> vendor.onJson("PUT", ada, 403, FORBIDDEN), Outcome.AUTH_FAILED, false, null),
                new ErrorCase("bare 403 without a JSON body: throttling, retried", add,
                        () -> vendor.on("PUT", ada, new Response(403, "", Map.of())), Outcome.RATE_LIMITED, true, null),
                new ErrorCase("403 with the edge's HTML page: throttling, retried", remove,
                        () -> vendor.on("PATCH", ada, new Response(403, "<html><body>Access Denied</body></html>",
                                Map.of("Content-Type", "text/html"))), Outcome.RATE_LIMITED, true, null),
                new ErrorCase("400 Member In Compliance State: final, not retried", add,
                        () -> vendor.onJson("PUT", ada, 400, COMPLIANCE), Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 Forgotten Email Not Subscribed: final", add,
                        () -> vendor.onJson("PUT", ada, 400, FORGOTTEN), Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 Invalid Resource (a merge field refused): final", add,
                        () -> vendor.onJson("PUT", ada, 400, INVALID_RESOURCE), Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 Resource Not Found on upsert (the audience is gone): final", add,
                        () -> vendor.onJson("PUT", ada, 404, NOT_FOUND), Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("429 Too Many Requests with Retry-After: retried", remove,
                        () -> vendor.on("PATCH", ada, Response.json(429, TOO_MANY).withHeader("Retry-After", "3")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("500 Internal Server Error: retried", add,
                        () -> vendor.onJson("PUT", ada, 500, SERVER_ERROR), Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("503 Compliance Related: retried", remove,
                        () -> vendor.onJson("PATCH", ada, 503, COMPLIANCE_REVIEW), Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ------------------------------------------------------------------

    @Test
    void it_declares_an_api_key_a_data_center_and_a_rate_within_ten_simultaneous_connections() {
        ConnectorSpec spec = connector.spec();
        assertThat(spec.authentication()).isInstanceOf(Authentication.ApiKey.class);
        assertThat(spec.secretPaths()).as("sealed and redacted").containsExactly("api_key");
        assertThat(spec.fields()).extracting(f -> f.key() + ":" + f.kind().code() + ":" + f.mandatory())
                .containsExactly("data_center:text:true", "api_key:password:true");
        assertThat(spec.fields()).allSatisfy(f -> assertThat(f.helpText()).as("help of %s", f.key()).isNotBlank());
        assertThat(spec.rateLimit()).as("5 a second: about 5 calls open at once, half of Mailchimp's 10")
                .isEqualTo(new ConnectorSpec.RateLimit(5, Duration.ofSeconds(1)));
    }

    @Test
    void the_catalog_entry_offers_both_audience_actions_picking_an_audience() {
        Integration integration = connector.spec().toIntegration();
        assertThat(integration.name()).isEqualTo("Mailchimp");
        assertThat(integration.authentication()).containsEntry("type", "api_key");
        assertEachActionPicksAnIdFrom(integration, "lists", "add_to_list", "remove_from_list");
    }

    @Test
    void a_data_center_must_be_a_data_center_name_and_agree_with_the_keys_suffix() {
        assertThat(connector.validate(Map.of("data_center", " us21 ", "api_key", "abc-us21")))
                .containsEntry("data_center", "us21").containsEntry("api_key", "abc-us21");
        for (String dataCenter : List.of("evil.example.com/", "us6.evil", "127.0.0.1", "us6@x", "US6", "us", "6")) {
            assertThatThrownBy(() -> connector.validate(Map.of("data_center", dataCenter, "api_key", "abc-" + dataCenter)))
                    .as("data center %s", dataCenter).isInstanceOfSatisfying(Problem.class, p -> assertThat(p.details())
                            .extracting(Problem.FieldError::field).containsExactly("metadata.data_center"));
        }
        assertThatThrownBy(() -> connector.validate(Map.of("data_center", "us6", "api_key", API_KEY.replace("-us6", "-us19"))))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.details()).singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("metadata.api_key");
                    assertThat(e.message()).contains("us19", "us6").doesNotContain("0123456789abcdef");
                }));
        assertThatThrownBy(() -> connector.validate(Map.of("data_center", "us6", "api_key", "0123456789abcdef")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.details()).extracting(Problem.FieldError::field)
                        .containsExactly("metadata.api_key"));
    }

    @Test
    void without_a_configured_base_url_the_data_centers_host_is_called_with_the_key_as_basic_password() {
        List<HttpCall> sent = new ArrayList<>();
        var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "mailchimp", "production", connector.validate(validMetadata())), () -> {
                    throw new IllegalStateException("no OAuth");
                }, call -> {
                    sent.add(call);
                    return new HttpExchange(200, Map.of(), PING, Duration.ZERO, null, null, null, false, Map.of());
                }, clock, ConnectorSettings.defaults("mailchimp"));

        assertThat(connector.check(context)).as("the check's failure").isNull();
        assertThat(sent).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.url()).isEqualTo("https://us6.api.mailchimp.com/3.0/ping");
            assertThat(call.headers().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString(("openmeshes:" + API_KEY).getBytes(StandardCharsets.UTF_8)));
            assertThat(call.recordedHeaders()).as("what the history keeps").containsEntry("Authorization", HttpCall.REDACTED);
        });
    }

    @Test
    void the_subscriber_hash_is_the_md5_of_the_lower_cased_address() {
        assertThat(MailchimpConnector.subscriberHash("Urist.McVankab@freddiesjokes.com"))
                .as("Mailchimp's documented example").isEqualTo("62eeb292278cc15f5817cb78f7790b08");
        assertThat(MailchimpConnector.subscriberHash("ADA@example.com")).isEqualTo(MailchimpConnector.subscriberHash("ada@example.com"));
    }

    @Test
    void a_refused_key_names_the_field_to_fix_and_never_shows_the_key() {
        stubCredentialCheck(false);
        DeliveryResult refused = connector.check(context());
        assertThat(refused.verdict()).as("%s", refused).isEqualTo(Verdict.CREDENTIALS_INVALID);
        assertThat(refused.message()).contains("Mailchimp", "401", "API Key Invalid", "metadata.api_key")
                .doesNotContain(API_KEY);
        assertMailchimpHeaders(vendor.only("GET", "/ping"));
    }

    @Test
    void an_address_in_compliance_state_fails_with_mailchimps_words_and_why_it_is_not_retried() {
        ActionCase c = actionCases().getFirst();
        vendor.onJson("PUT", memberPath("ada@example.com"), 400, COMPLIANCE);
        DeliveryResult result = deliver(c);
        assertThat(List.of(result.outcome(), result.retryable())).as("%s", result)
                .containsExactly(Outcome.REJECTED_CLIENT_ERROR, false);
        assertThat(result.message()).isEqualTo("Mailchimp: add ada@example.com to audience " + LIST
                + ": HTTP 400 Member In Compliance State (ada@example.com is in a compliance state due to unsubscribe, "
                + "bounce, or compliance review and cannot be subscribed.), instance 995c5cb0-3280-4a6e-808b-3b096d0bb219"
                + " — the address unsubscribed, bounced or is under compliance review; only the person can resubscribe, "
                + "through a Mailchimp signup form");
        assertThat(vendor.requests()).as("no second attempt with another status").hasSize(1);
    }

    @Test
    void a_refused_merge_field_keeps_mailchimps_field_errors_in_the_message() {
        vendor.onJson("PUT", memberPath("ada@example.com"), 400, INVALID_RESOURCE);
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(result.message()).contains("HTTP 400 Invalid Resource", "merge_fields.BIRTHDAY: Please enter a "
                + "complete date (MM/DD)");
        assertThat(result.responseBody()).as("the vendor's answer kept for the history").contains("MM/DD");
        assertThat(result.statusCode()).isEqualTo(400);
    }

    @Test
    void a_bare_403_is_throttling_and_keeps_a_retry_after_when_one_came() {
        vendor.on("PUT", memberPath("ada@example.com"), new Response(403, "", Map.of("Retry-After", "30")));
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(result.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(result.verdict()).as("throttling says nothing about the key").isNull();
    }

    @Test
    void fields_add_every_audiences_merge_fields_once_per_tag() {
        stubActionData();
        List<FieldDefinition> fields = connector.fields(context());

        assertThat(fields).extracting(FieldDefinition::key).containsExactly("email", "ip_signup",
                "merge_fields.FNAME", "merge_fields.PLAN", "merge_fields.BIRTHDAY");
        assertThat(fields.getFirst().constraints().isRequired()).as("email is required").isTrue();
        assertThat(field(fields, "merge_fields.FNAME")).satisfies(f -> {
            assertThat(f.type()).isEqualTo(FieldDefinition.Type.STRING);
            assertThat(f.label()).as("the first audience's name of it").isEqualTo("First Name");
            assertThat(f.providerMeta()).containsEntry("tag", "FNAME").containsEntry("type", "text")
                    .containsEntry("lists", List.of(LIST, "f6e5d4c3b2"));
            assertThat(f.description()).contains("Newsletter", "Customers");
        });
        assertThat(field(fields, "merge_fields.PLAN")).as("dropdown here, radio there: no one type").satisfies(f ->
                assertThat(f.type()).isEqualTo(FieldDefinition.Type.UNKNOWN));
        assertThat(field(fields, "merge_fields.BIRTHDAY").type()).isEqualTo(FieldDefinition.Type.STRING);
        for (String list : List.of(LIST, "f6e5d4c3b2", "0a9b8c7d6e")) {
            Request mergeFields = vendor.only("GET", "/lists/" + list + "/merge-fields");
            assertMailchimpHeaders(mergeFields);
            assertThat(mergeFields.queryParameter("count")).isEqualTo("1000");
            assertThat(mergeFields.queryParameter("offset")).isEqualTo("0");
            assertThat(mergeFields.queryParameter("fields")).isEqualTo(
                    "merge_fields.tag,merge_fields.name,merge_fields.type,merge_fields.options,total_items");
        }
    }

    @Test
    void a_choice_merge_field_in_one_audience_is_an_enum_of_its_choices() {
        vendor.onJson("GET", "/lists", 200, lists(1, LIST, "Newsletter"));
        vendor.on("GET", "/lists/" + LIST + "/merge-fields",
                Response.json(200, mergeFields(3, mergeField("PLAN", "Plan", "dropdown", "free", "pro"),
                        mergeField("PHONE", "Phone", "phone"))),
                Response.json(200, mergeFields(3, mergeField("ADDRESS", "Address", "address"))));

        List<FieldDefinition> fields = connector.fields(context());

        assertThat(field(fields, "merge_fields.PLAN")).satisfies(f -> {
            assertThat(f.type()).isEqualTo(FieldDefinition.Type.ENUM);
            assertThat(f.constraints().allowedValues()).containsExactly("free", "pro");
        });
        assertThat(field(fields, "merge_fields.PHONE").constraints().format()).isEqualTo("phone");
        assertThat(field(fields, "merge_fields.ADDRESS").type()).as("the second page read too")
                .isEqualTo(FieldDefinition.Type.OBJECT);
        assertThat(vendor.requests("GET", "/lists/" + LIST + "/merge-fields"))
                .extracting(r -> r.queryParameter("offset")).containsExactly("0", "2");
    }

    @Test
    void an_empty_page_ends_the_reading_even_when_total_items_promises_more() {
        vendor.on("GET", "/lists", Response.json(200, lists(5, LIST, "Newsletter")), Response.json(200, lists(5)));
        assertThat(connector.actionData(context()).get("lists")).asList().hasSize(1);
        assertThat(vendor.requests("GET", "/lists")).hasSize(2);
    }

    @Test
    void a_failed_list_call_is_a_vendor_exception_carrying_the_verdict() {
        vendor.onJson("GET", "/lists", 401, KEY_INVALID);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.result().verdict()).isEqualTo(Verdict.CREDENTIALS_INVALID);
            assertThat(e.getMessage()).contains("list audiences", "API Key Invalid").doesNotContain(API_KEY);
        });
        vendor.reset();
        vendor.onJson("GET", "/lists", 200, lists(1, LIST, "Newsletter"));
        vendor.onJson("GET", "/lists/" + LIST + "/merge-fields", 500, SERVER_ERROR);
        assertThatThrownBy(() -> connector.fields(context())).isInstanceOfSatisfying(VendorException.class,
                e -> assertThat(e.result().retryable()).isTrue());
    }

    @Test
    void an_event_without_an_email_address_is_a_final_mapping_error_and_calls_nobody() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of(), Map.of("email", "  "),
                Map.of("email", "not-an-email"), Map.of("email", "a b@example.com"),
                Map.of("user", Map.of("email", "nested@example.com")))) {
            DeliveryResult result = deliverUnstubbed("add_to_list", Map.of("id", LIST), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("payload %s: %s", payload, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
            assertThat(result.message()).contains("email");
        }
        assertThat(vendor.requests()).as("nothing sent to Mailchimp").isEmpty();
    }

    @Test
    void a_rule_without_its_audience_is_a_final_failure_and_calls_nobody() {
        for (Map<String, Object> metadata : List.<Map<String, Object>>of(Map.of(), Map.of("id", " "),
                Map.of("value", LIST))) {
            DeliveryResult result = deliverUnstubbed("remove_from_list", metadata, Map.of("email", "ada@example.com"));
            assertThat(List.of(result.delivered(), result.retryable())).as("metadata %s: %s", metadata, result)
                    .containsExactly(false, false);
            assertThat(result.message()).contains("metadata.id");
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void a_delivered_result_records_the_call_with_the_key_redacted() {
        DeliveryResult result = assertFirstCaseDeliveredRedacting("Authorization", 200);
        assertThat(result.requestHeaders().toString() + result.message()).doesNotContain(API_KEY)
                .doesNotContain(Base64.getEncoder().encodeToString(("openmeshes:" + API_KEY).getBytes(StandardCharsets.UTF_8)));
    }

    // --- helpers ------------------------------------------------------------------------------

    private static FieldDefinition field(List<FieldDefinition> fields, String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + key + " in " + fields.stream().map(FieldDefinition::key).toList()));
    }

    private static void assertMailchimpHeaders(Request request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("openmeshes:" + API_KEY)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(request.header("Authorization")).as("Basic auth with the key as password, of %s", request)
                .isEqualTo(expected);
        assertJsonHeaders(request);
    }
}
