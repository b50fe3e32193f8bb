package dev.openmeshes.connectors.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
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

/**
 * The Intercom connector against a stub answering as Intercom's API description (2.14) and
 * developer docs document: contacts found or created by email, then tagged or untagged.
 */
class IntercomConnectorTest extends ConnectorContractTest {

    private static final String TOKEN = "dG9rOmludGVyY29tLXRlc3QtdG9rZW4=";
    private static final String CONTACT_ID = "6762f0dd1bb69f9f2193bb83";

    // Bodies as Intercom documents them (descriptions/2.14/api.intercom.io.yaml unless noted).
    private static final String ME = """
            {"type":"admin","id":"991267459","email":"admin1@email.com","name":"Ciaran1 Lee","email_verified":true,
             "app":{"type":"app","id_code":"this_is_an_id1_that_should_be_at_least_40","name":"MyApp 1",
                    "created_at":1734537243,"secure":false,"identity_verification":false,
                    "timezone":"America/Los_Angeles","region":"US"},
             "avatar":{"type":"avatar","image_url":"https://static.intercomassets.com/assets/default-avatars/admins/128.png"},
             "has_inbox_seat":true}""";
    private static final String UNAUTHORIZED = """
            {"type":"error.list","request_id":"f0dc95f1-9e46-4e8d-8150-89365c2c5195",
             "errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}""";
    private static final String NO_CONTACTS = """
            {"type":"list","data":[],"total_count":0,
             "pages":{"type":"pages","page":1,"per_page":5,"total_pages":0}}""";
    private static final String CREATED = """
            {"type":"contact","id":"6762f0dd1bb69f9f2193bb83","workspace_id":"this_is_an_id303_that_should_be_at_least_",
             "external_id":null,"role":"user","email":"joebloggs@intercom.io","phone":null,"name":null,
             "custom_attributes":{},"created_at":1734537437,"updated_at":1734537437,
             "tags":{"type":"list","data":[],"url":"/contacts/6762f0dd1bb69f9f2193bb83/tags","total_count":0,"has_more":false}}""";
    private static final String TAG_ADDED = """
            {"type":"tag","id":"81","name":"Manual tag","applied_at":1663597223,"applied_by":{"type":"admin","id":"456"}}""";
    private static final String TAG_REMOVED = """
            {"type":"tag","id":"84","name":"Manual tag","applied_at":1663597223,"applied_by":{"type":"admin","id":"456"}}""";
    private static final String TAG_NOT_FOUND = """
            {"type":"error.list","request_id":"8a3e4f88-ae65-433a-b4eb-46780ffc5402",
             "errors":[{"code":"not_found","message":"Resource Not Found"}]}""";
    private static final String USER_NOT_FOUND = """
            {"type":"error.list","request_id":"f22a7847-ee33-449f-80c0-707efd295a53",
             "errors":[{"code":"not_found","message":"User Not Found"}]}""";
    // developers.intercom.com/docs/references/2.1/rest-api/contacts/create-contact
    private static final String CONFLICT = """
            {"type":"error.list","request_id":"80ec9d92-99ff-4da9-9a0e-c0ab7c42f7e7",
             "errors":[{"code":"conflict","message":"A contact matching those details already exists with id=5da6f18e3d7cf967e4582d05"}]}""";
    private static final String OWNER_INVALID = """
            {"type":"error.list","request_id":"00043csj9iva7pl9mmmg",
             "errors":[{"code":"parameter_invalid","message":"The owner specified is not a member of the workspace"}]}""";
    // developers.intercom.com/docs/references/2.17/rest-api/errors/rate-limiting (code and message form)
    private static final String RATE_LIMITED = """
            {"type":"error.list","request_id":"0b5a8a8e-4f1c-4a0e-9d3b-6f4a1e2c7d90",
             "errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit of 167 in 10_seconds"}]}""";
    private static final String TAGS = """
            {"type":"list","data":[{"type":"tag","id":"102","name":"Manual tag 1"},
                                   {"type":"tag","id":"103","name":"VIP"},
                                   {"type":"tag","id":"104","name":"Churn risk"}]}""";
    private static final String CONTACT_ATTRIBUTES = """
            {"type":"list","data":[
              {"type":"data_attribute","name":"email","full_name":"email","label":"Email","description":"A contact's email",
               "data_type":"string","api_writable":true,"ui_writable":true,"messenger_writable":true,"custom":false,
               "archived":false,"model":"contact"},
              {"type":"data_attribute","id":12878,"name":"paid_subscriber","full_name":"custom_attributes.paid_subscriber",
               "label":"Paid Subscriber","description":"Whether the user is a paid subscriber.","data_type":"boolean",
               "api_writable":true,"ui_writable":false,"messenger_writable":false,"custom":true,"archived":false,
               "model":"contact"},
              {"type":"data_attribute","id":12879,"name":"monthly_spend","full_name":"custom_attributes.monthly_spend",
               "label":"Monthly Spend","data_type":"float","api_writable":true,"custom":true,"archived":false,"model":"contact"},
              {"type":"data_attribute","id":12880,"name":"plan","full_name":"custom_attributes.plan","label":"Plan",
               "data_type":"string","options":["free","pro"],"api_writable":true,"custom":true,"archived":false,"model":"contact"},
              {"type":"data_attribute","id":12881,"name":"legacy_score","full_name":"custom_attributes.legacy_score",
               "label":"Legacy score","data_type":"integer","api_writable":true,"custom":true,"archived":true,"model":"contact"},
              {"type":"data_attribute","id":12882,"name":"computed","full_name":"custom_attributes.computed",
               "label":"Computed","data_type":"string","api_writable":false,"custom":true,"archived":false,"model":"contact"}]}""";

    private static String contacts(String... idAndRole) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < idAndRole.length; i += 2) {
            data.add("{\"type\":\"contact\",\"id\":\"" + idAndRole[i] + "\",\"role\":\"" + idAndRole[i + 1]
                    + "\",\"email\":\"joe@example.com\"}");
        }
        return "{\"type\":\"list\",\"data\":[" + String.join(",", data) + "],\"total_count\":" + data.size()
                + ",\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}}";
    }

    private static String error(String code, String message) {
        return "{\"type\":\"error.list\",\"request_id\":\"7358f78d-f122-45dd-a2e1-c2261300c38a\",\"errors\":[{\"code\":\""
                + code + "\",\"message\":\"" + message + "\"}]}";
    }

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new IntercomConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "intercom";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of();
    }

    @Override
    protected AccessToken token() {
        return new AccessToken(TOKEN, null, Map.of());
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.onJson("GET", "/me", accepted ? 200 : 401, accepted ? ME : UNAUTHORIZED);
    }

    @Override
    protected void stubActionData() {
        vendor.onJson("GET", "/tags", 200, TAGS);
        vendor.onJson("GET", "/data_attributes", 200, CONTACT_ATTRIBUTES);
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keyed by the inputs' keys").containsOnlyKeys("tags");
        assertThat(data.get("tags")).as("every tag, as {id, name}").isEqualTo(List.of(
                Map.of("id", "102", "name", "Manual tag 1"), Map.of("id", "103", "name", "VIP"),
                Map.of("id", "104", "name", "Churn risk")));
        Request tags = vendor.only("GET", "/tags");
        assertIntercomHeaders(tags);
        assertThat(tags.query()).as("GET /tags takes no parameters (it does not page)").isNull();
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("add_tag: tags the contact found by email", "add_tag", Map.of("id", "81"),
                        Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, contacts(CONTACT_ID, "user"));
                            vendor.onJson("POST", "/contacts/" + CONTACT_ID + "/tags", 200, TAG_ADDED);
                        },
                        v -> {
                            assertSearchedFor(v, "joe@example.com");
                            assertThat(v.requests("POST", "/contacts")).as("no contact created for a found one").isEmpty();
                            assertTagged(v, CONTACT_ID, "81");
                            assertThat(v.requests()).hasSize(2);
                        }),
                new ActionCase("add_tag: creates a user with the mapped fields when no contact has the email", "add_tag",
                        Map.of("id", "81"), Map.of("email", "payload@example.com", "name", "ignored, not mapped"),
                        Map.of("email", "jo@example.com", "name", "Jo Example", "phone", "+353871234567",
                                "external_id", "u_1", "custom_attributes.paid_subscriber", true,
                                "custom_attributes.monthly_spend", 155.5, "unknown_field", "dropped"),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, NO_CONTACTS);
                            vendor.onJson("POST", "/contacts", 200, CREATED);
                            vendor.onJson("POST", "/contacts/" + CONTACT_ID + "/tags", 200, TAG_ADDED);
                        },
                        v -> {
                            assertSearchedFor(v, "jo@example.com");
                            Request create = v.only("POST", "/contacts");
                            assertIntercomHeaders(create);
                            assertJson(create, """
                                    {"role":"user","email":"jo@example.com","name":"Jo Example","phone":"+353871234567",
                                     "external_id":"u_1","custom_attributes":{"paid_subscriber":true,"monthly_spend":155.5}}""");
                            assertTagged(v, CONTACT_ID, "81");
                        }),
                new ActionCase("add_tag: a contact that already exists (409 on create) is tagged, not an error", "add_tag",
                        Map.of("id", "81"), Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, NO_CONTACTS); // not searchable yet
                            vendor.onJson("POST", "/contacts", 409, CONFLICT);
                            vendor.onJson("POST", "/contacts/5da6f18e3d7cf967e4582d05/tags", 200, TAG_ADDED);
                        },
                        v -> {
                            assertThat(v.requests("POST", "/contacts")).hasSize(1);
                            assertTagged(v, "5da6f18e3d7cf967e4582d05", "81");
                        }),
                new ActionCase("add_tag: a 409 without the id finds the contact by searching again", "add_tag",
                        Map.of("id", "81"), Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.on("POST", "/contacts/search", Response.json(200, NO_CONTACTS),
                                    Response.json(200, contacts(CONTACT_ID, "user")));
                            vendor.onJson("POST", "/contacts", 409,
                                    error("conflict", "A contact matching those details already exists"));
                            vendor.onJson("POST", "/contacts/" + CONTACT_ID + "/tags", 200, TAG_ADDED);
                        },
                        v -> {
                            assertThat(v.requests("POST", "/contacts/search")).hasSize(2);
                            assertTagged(v, CONTACT_ID, "81");
                        }),
                new ActionCase("add_tag: a user is preferred over a lead with the same email", "add_tag",
                        Map.of("id", "81"), Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, contacts("lead1", "lead", "user1", "user"));
                            vendor.onJson("POST", "/contacts/user1/tags", 200, TAG_ADDED);
                        },
                        v -> assertTagged(v, "user1", "81")),
                new ActionCase("add_tag: an email with + and a tag id with / travel in the JSON bodies intact", "add_tag",
                        Map.of("id", "81/../../me"), Map.of("email", " jo+tag@example.com "), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, contacts(CONTACT_ID, "user"));
                            vendor.onJson("POST", "/contacts/" + CONTACT_ID + "/tags", 200, TAG_ADDED);
                        },
                        v -> {
                            assertSearchedFor(v, "jo+tag@example.com");
                            assertTagged(v, CONTACT_ID, "81/../../me");
                        }),
                new ActionCase("remove_tag: untags the contact found by email", "remove_tag", Map.of("id", "84"),
                        Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, contacts(CONTACT_ID, "user"));
                            vendor.onJson("DELETE", "/contacts/" + CONTACT_ID + "/tags/84", 200, TAG_REMOVED);
                        },
                        v -> {
                            assertSearchedFor(v, "joe@example.com");
                            Request delete = v.only("DELETE", "/contacts/" + CONTACT_ID + "/tags/84");
                            assertIntercomHeaders(delete);
                            assertThat(delete.body()).as("DELETE carries no body").isEmpty();
                            assertThat(v.requests("POST", "/contacts")).as("never creates a contact to untag it").isEmpty();
                        }),
                new ActionCase("remove_tag: a contact without the tag (404) is done", "remove_tag", Map.of("id", "84"),
                        Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, contacts(CONTACT_ID, "user"));
                            vendor.onJson("DELETE", "/contacts/" + CONTACT_ID + "/tags/84", 404, TAG_NOT_FOUND);
                        },
                        v -> assertThat(v.requests("DELETE", "/contacts/" + CONTACT_ID + "/tags/84")).hasSize(1)),
                new ActionCase("remove_tag: no contact with the email leaves nothing to remove", "remove_tag",
                        Map.of("id", "84"), Map.of("email", "nobody@example.com"), Map.of(),
                        () -> vendor.onJson("POST", "/contacts/search", 200, NO_CONTACTS),
                        v -> {
                            assertSearchedFor(v, "nobody@example.com");
                            assertThat(v.requests()).as("only the search: %s", v.requests()).hasSize(1);
                        }),
                new ActionCase("remove_tag: a tag id with / stays one encoded path segment", "remove_tag",
                        Map.of("id", "84/../../me"), Map.of("email", "jo+tag@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contacts/search", 200, contacts(CONTACT_ID, "user"));
                            vendor.onJson("DELETE", "/contacts/" + CONTACT_ID + "/tags/84%2F..%2F..%2Fme", 200, TAG_REMOVED);
                        },
                        v -> {
                            assertSearchedFor(v, "jo+tag@example.com");
                            assertThat(v.requests("DELETE", "/contacts/" + CONTACT_ID + "/tags/84%2F..%2F..%2Fme"))
                                    .as("the encoded DELETE; all requests: %s", v.requests()).hasSize(1);
                        }));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String tagPath = "/contacts/" + CONTACT_ID + "/tags";
        return List.of(
                new ErrorCase("401 unauthorized on the search: the token is revoked, the connection deactivated",
                        "add_tag: tags the contact found by email",
                        () -> vendor.onJson("POST", "/contacts/search", 401, UNAUTHORIZED),
                        Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED),
                new ErrorCase("401 token_revoked on tagging", "add_tag: tags the contact found by email",
                        () -> vendor.onJson("POST", tagPath, 401, error("token_revoked", "Token revoked")),
                        Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED),
                new ErrorCase("401 token_not_found on untagging", "remove_tag: untags the contact found by email",
                        () -> vendor.onJson("DELETE", tagPath + "/84", 401, error("token_not_found", "Token not found")),
                        Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED),
                new ErrorCase("401 without a body is still a refused token", "add_tag: tags the contact found by email",
                        () -> vendor.on("POST", "/contacts/search", new Response(401, "", Map.of())),
                        Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED),
                new ErrorCase("404 tag not found: final", "add_tag: tags the contact found by email",
                        () -> vendor.onJson("POST", tagPath, 404, TAG_NOT_FOUND),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 user not found when tagging: final", "add_tag: tags the contact found by email",
                        () -> vendor.onJson("POST", tagPath, 404, USER_NOT_FOUND),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 on untagging that is not Intercom's error list (a proxy, a wrong base URL): final",
                        "remove_tag: untags the contact found by email",
                        () -> vendor.on("DELETE", tagPath + "/84", new Response(404, "<html>Not Found</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 parameter_invalid on create: final",
                        "add_tag: creates a user with the mapped fields when no contact has the email",
                        () -> vendor.onJson("POST", "/contacts", 400, OWNER_INVALID),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 intercom_version_invalid: final", "add_tag: tags the contact found by email",
                        () -> vendor.onJson("POST", "/contacts/search", 400,
                                error("intercom_version_invalid", "The requested version could not be found")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("403 api_plan_restricted: final, the token itself still works",
                        "add_tag: tags the contact found by email",
                        () -> vendor.onJson("POST", tagPath, 403,
                                error("api_plan_restricted", "Active subscription needed.")),
                        Outcome.AUTH_FAILED, false, null),
                new ErrorCase("429 rate_limit_exceeded with X-RateLimit-Reset only: retried",
                        "remove_tag: untags the contact found by email",
                        () -> vendor.on("DELETE", tagPath + "/84", Response.json(429, RATE_LIMITED)
                                .withHeader("X-RateLimit-Limit", "167").withHeader("X-RateLimit-Remaining", "0")
                                .withHeader("X-RateLimit-Reset", String.valueOf(Instant.now().getEpochSecond() + 5))),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("500 server_error: retried", "add_tag: tags the contact found by email",
                        () -> vendor.onJson("POST", tagPath, 500, error("server_error", "Server Error")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("503 with an HTML page: retried", "remove_tag: untags the contact found by email",
                        () -> vendor.on("POST", "/contacts/search", new Response(503, "<html>Service Unavailable</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("409 on create, the contact not searchable yet: retried later",
                        "add_tag: a 409 without the id finds the contact by searching again",
                        () -> vendor.onJson("POST", "/contacts/search", 200, NO_CONTACTS),
                        Outcome.REJECTED_CLIENT_ERROR, true, null),
                new ErrorCase("200 on create without a contact id: retried, nothing tagged",
                        "add_tag: creates a user with the mapped fields when no contact has the email",
                        () -> vendor.on("POST", "/contacts", new Response(200, "<html>maintenance</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ------------------------------------------------------------------

    @Test
    void it_declares_oauth_without_refresh_no_scopes_and_client_secret_in_the_body() {
        assertThat(connector.spec().authentication()).isInstanceOfSatisfying(Authentication.OAuth2.class, oauth -> {
            assertThat(oauth.authorizeUrl()).isEqualTo("https://app.intercom.com/oauth");
            assertThat(oauth.tokenUrl()).isEqualTo("https://api.intercom.io/auth/eagle/token");
            assertThat(oauth.refreshes()).as("Intercom tokens never expire and come without a refresh token").isFalse();
            assertThat(oauth.clientAuth()).isEqualTo(Authentication.OAuth2.ClientAuth.BODY);
            assertThat(oauth.scopes()).as("permissions are set in the Developer Hub, not requested").isEmpty();
        });
        assertThat(connector.spec().rateLimit()).as("10,000 a minute in 10-second slices")
                .isEqualTo(new dev.openmeshes.core.connector.ConnectorSpec.RateLimit(1_666, Duration.ofSeconds(10)));
        assertThat(connector.spec().secretPaths()).as("no credential among the connection's fields").isEmpty();
    }

    @Test
    void the_catalog_entry_offers_both_tag_actions_picking_a_tag() {
        Integration integration = connector.spec().toIntegration();
        assertThat(integration.name()).isEqualTo("Intercom");
        assertThat(integration.authentication()).containsEntry("type", "oauth").containsEntry("oauth", Map.of("version", 2));
        assertEachActionPicksAnIdFrom(integration, "tags", "add_tag", "remove_tag");
    }

    @Test
    void the_region_defaults_to_us_and_an_unknown_one_is_refused_by_name() {
        assertThat(connector.validate(Map.of())).containsEntry("region", "us");
        assertThat(connector.validate(Map.of("region", "eu"))).containsEntry("region", "eu");
        assertThatThrownBy(() -> connector.validate(Map.of("region", "mars"))).isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.region");
        assertThatThrownBy(() -> connector.validate(Map.of("region", 7))).isInstanceOf(Problem.class);
    }

    @Test
    void without_a_configured_base_url_each_region_calls_its_own_host_with_the_pinned_version() {
        for (var region : Map.of("us", "https://api.intercom.io/me", "eu", "https://api.eu.intercom.io/me",
                "au", "https://api.au.intercom.io/me").entrySet()) {
            List<HttpCall> sent = new ArrayList<>();
            var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), "intercom", "regional", connector.validate(Map.of("region", region.getKey()))),
                    () -> token(), call -> {
                        sent.add(call);
                        return new HttpExchange(200, Map.of(), ME, Duration.ZERO, null, null, null, false, Map.of());
                    }, clock, ConnectorSettings.defaults("intercom"));

            assertThat(connector.check(context)).as("check in region %s", region.getKey()).isNull();
            assertThat(sent).singleElement().satisfies(call -> {
                assertThat(call.url()).isEqualTo(region.getValue());
                assertThat(call.headers()).containsEntry("Intercom-Version", "2.14")
                        .containsEntry("Authorization", "Bearer " + TOKEN);
                assertThat(call.recordedHeaders()).as("what the history keeps")
                        .containsEntry("Authorization", HttpCall.REDACTED);
            });
        }
    }

    @Test
    void a_refused_token_is_never_reported_expired_since_intercom_has_nothing_to_refresh() {
        stubCredentialCheck(false);
        DeliveryResult refused = connector.check(context());
        assertThat(refused.verdict()).as("%s", refused).isEqualTo(Verdict.AUTHORIZATION_REVOKED)
                .isNotEqualTo(Verdict.TOKEN_EXPIRED);
        assertThat(refused.message()).as("what the user reads")
                .contains("Intercom", "401", "unauthorized", "Access Token Invalid", "metadata.region");
        assertIntercomHeaders(vendor.only("GET", "/me"));
    }

    @Test
    void a_rate_limit_without_retry_after_waits_until_intercoms_reset_time() {
        long reset = Instant.now().getEpochSecond() + 30;
        vendor.answerEverything(Response.json(429, RATE_LIMITED).withHeader("X-RateLimit-Reset", String.valueOf(reset)));
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(result.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.retryAfter()).as("until X-RateLimit-Reset %s", reset)
                .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
        assertThat(result.message()).contains("rate_limit_exceeded");
    }

    @Test
    void a_delivered_result_records_the_call_with_the_token_redacted() {
        DeliveryResult result = assertFirstCaseDeliveredRedacting("Authorization", 200);
        assertThat(result.requestHeaders()).containsEntry("Intercom-Version", "2.14");
        assertThat(result.message()).contains("81", CONTACT_ID).doesNotContain(TOKEN);
    }

    @Test
    void an_event_without_email_is_a_final_mapping_error_and_calls_nobody() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of(), Map.of("email", ""),
                Map.of("email", "   "), Map.of("user", Map.of("email", "nested@example.com")))) {
            DeliveryResult result = deliverUnstubbed("add_tag", Map.of("id", "81"), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("payload %s: %s", payload, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
            assertThat(result.message()).contains("email");
        }
        assertThat(vendor.requests()).as("nothing sent to Intercom").isEmpty();
    }

    @Test
    void an_email_that_is_no_address_is_refused_before_any_call() {
        for (String email : List.of("not-an-email", "two@@example.com", "a b@example.com", "@example.com")) {
            DeliveryResult result = deliverUnstubbed("remove_tag", Map.of("id", "84"), Map.of("email", email));
            assertThat(List.of(result.outcome(), result.retryable())).as("email %s: %s", email, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void a_rule_without_its_tag_is_a_final_failure_and_calls_nobody() {
        for (Map<String, Object> metadata : List.<Map<String, Object>>of(Map.of(), Map.of("id", ""), Map.of("id", "  "),
                Map.of("value", "81"))) {
            DeliveryResult result = deliverUnstubbed("add_tag", metadata, Map.of("email", "joe@example.com"));
            assertThat(List.of(result.delivered(), result.retryable())).as("metadata %s: %s", metadata, result)
                    .containsExactly(false, false);
            assertThat(result.message()).contains("metadata.id");
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void the_mapped_email_wins_over_the_payloads() {
        vendor.onJson("POST", "/contacts/search", 200, NO_CONTACTS);
        DeliveryResult result = deliver(new ActionCase("mapped", "remove_tag", Map.of("id", "84"),
                Map.of("email", "payload@example.com"), Map.of("email", "mapped@example.com"), () -> {}, v -> {}));
        assertThat(result.delivered()).as("%s", result).isTrue();
        assertSearchedFor(vendor, "mapped@example.com");
    }

    @Test
    void fields_add_the_writable_custom_attributes_to_the_declared_ones() {
        stubActionData();
        List<FieldDefinition> fields = connector.fields(context());

        assertThat(fields).extracting(FieldDefinition::key).containsExactly("email", "name", "phone", "external_id",
                "custom_attributes.paid_subscriber", "custom_attributes.monthly_spend", "custom_attributes.plan");
        assertThat(fields.getFirst().constraints().isRequired()).as("email is required").isTrue();
        assertThat(fields).filteredOn(f -> f.key().equals("custom_attributes.paid_subscriber")).singleElement()
                .satisfies(f -> {
                    assertThat(f.type()).isEqualTo(FieldDefinition.Type.BOOLEAN);
                    assertThat(f.label()).isEqualTo("Paid Subscriber");
                    assertThat(f.providerMeta()).containsEntry("name", "paid_subscriber")
                            .containsEntry("full_name", "custom_attributes.paid_subscriber").containsEntry("custom", true);
                });
        assertThat(fields).filteredOn(f -> f.key().equals("custom_attributes.monthly_spend")).singleElement()
                .extracting(FieldDefinition::type).isEqualTo(FieldDefinition.Type.NUMBER);
        assertThat(fields).filteredOn(f -> f.key().equals("custom_attributes.plan")).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FieldDefinition.Type.ENUM);
            assertThat(f.constraints().allowedValues()).containsExactly("free", "pro");
        });
        Request attributes = vendor.only("GET", "/data_attributes");
        assertIntercomHeaders(attributes);
        assertThat(attributes.queryParameter("model")).isEqualTo("contact");
    }

    @Test
    void a_paged_list_is_read_to_its_last_page_following_the_cursor() {
        // Should Intercom page the tag list as its list APIs do: pages.next.starting_after → ?starting_after=
        vendor.on("GET", "/tags",
                Response.json(200, """
                        {"type":"list","data":[{"type":"tag","id":"1","name":"One"}],
                         "pages":{"type":"pages","page":1,"per_page":1,"total_pages":3,
                                  "next":{"page":2,"starting_after":"WzE3MTk0OTM3NTcuMCwgIjEiXQ=="}}}"""),
                Response.json(200, """
                        {"type":"list","data":[{"type":"tag","id":"2","name":"Two"}],
                         "pages":{"type":"pages","page":2,"per_page":1,"total_pages":3,
                                  "next":{"page":3,"starting_after":"WzE3MTk0OTM3NTguMCwgIjIiXQ=="}}}"""),
                Response.json(200, """
                        {"type":"list","data":[{"type":"tag","id":"3","name":"Three"}],
                         "pages":{"type":"pages","page":3,"per_page":1,"total_pages":3}}"""));

        assertThat(connector.actionData(context()).get("tags")).isEqualTo(List.of(Map.of("id", "1", "name", "One"),
                Map.of("id", "2", "name", "Two"), Map.of("id", "3", "name", "Three")));
        List<Request> pages = vendor.requests("GET", "/tags");
        assertThat(pages).extracting(r -> r.queryParameter("starting_after"))
                .containsExactly(null, "WzE3MTk0OTM3NTcuMCwgIjEiXQ==", "WzE3MTk0OTM3NTguMCwgIjIiXQ==");
    }

    @Test
    void a_cursor_that_repeats_ends_the_reading_instead_of_looping() {
        vendor.onJson("GET", "/tags", 200, """
                {"type":"list","data":[{"type":"tag","id":"1","name":"One"}],
                 "pages":{"type":"pages","next":{"starting_after":"same"}}}""");
        assertThat(connector.actionData(context()).get("tags")).asList().isNotEmpty();
        assertThat(vendor.requests("GET", "/tags")).as("the first page, then the cursor once").hasSize(2);
    }

    @Test
    void a_failed_list_call_is_a_vendor_exception_carrying_the_verdict() {
        vendor.onJson("GET", "/tags", 401, UNAUTHORIZED);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.result().verdict()).isEqualTo(Verdict.AUTHORIZATION_REVOKED);
            assertThat(e.getMessage()).contains("list tags", "unauthorized").doesNotContain(TOKEN);
        });
        vendor.reset();
        vendor.onJson("GET", "/tags", 200, TAGS);
        vendor.onJson("GET", "/data_attributes", 503, error("service_unavailable", "Service Unavailable"));
        assertThatThrownBy(() -> connector.fields(context())).isInstanceOfSatisfying(VendorException.class,
                e -> assertThat(e.result().retryable()).isTrue());
    }

    @Test
    void error_messages_name_the_step_the_status_and_intercoms_own_words() {
        DeliveryResult result = deliverFirstCaseWith(
                () -> vendor.onJson("POST", "/contacts/" + CONTACT_ID + "/tags", 404, TAG_NOT_FOUND));
        assertThat(result.message()).isEqualTo("Intercom: add tag 81 to contact " + CONTACT_ID
                + ": HTTP 404 not_found (Resource Not Found), request 8a3e4f88-ae65-433a-b4eb-46780ffc5402");
        assertThat(result.responseBody()).as("the vendor's answer kept for the history").contains("Resource Not Found");
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertIntercomHeaders(Request request) {
        assertThat(request.header("Authorization")).as("bearer token of %s", request).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Intercom-Version")).as("pinned version of %s", request).isEqualTo("2.14");
        assertJsonHeaders(request);
    }

    private static void assertSearchedFor(VendorStub v, String email) {
        List<Request> searches = v.requests("POST", "/contacts/search");
        assertThat(searches).as("searches; all requests: %s", v.requests()).isNotEmpty();
        searches.forEach(search -> {
            assertIntercomHeaders(search);
            assertThat(search.query()).isNull();
            assertJson(search, VendorJson.write(Map.of("query", Map.of("field", "email", "operator", "=", "value", email))));
        });
    }

    private static void assertTagged(VendorStub v, String contactId, String tagId) {
        Request tag = v.only("POST", "/contacts/" + contactId + "/tags");
        assertIntercomHeaders(tag);
        assertJson(tag, VendorJson.write(Map.of("id", tagId)));
    }
}
