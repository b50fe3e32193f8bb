package dev.openmeshes.connectors.aweber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.connector.AccessToken;
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
 * The AWeber connector against a stub answering as AWeber's API description (OpenAPI 3.0.2, v1.0)
 * documents: the account found from the token, subscribers added to and unsubscribed from a list,
 * lists and custom fields read page after page, and AWeber's error objects classified.
 */
class AWeberConnectorTest extends ConnectorContractTest {

    private static final String TOKEN = "aw-access-7f3c9e1b2d4a6f8e0c1b3d5f";
    private static final String ACCOUNT = "1234";
    private static final String LIST = "456";
    private static final String LISTS = "/accounts/" + ACCOUNT + "/lists";
    private static final String SUBSCRIBERS = LISTS + "/" + LIST + "/subscribers";

    // Bodies as AWeber documents them (api.aweber.com, openapi/_original/aweber-api-openapi.yml and its split files).
    private static final String ACCOUNTS = """
            {"entries":[{"http_etag":"\\"1d5a4b7e\\"","id":1234,"resource_type_link":"https://api.aweber.com/1.0/#account",
              "self_link":"https://api.aweber.com/1.0/accounts/1234",
              "lists_collection_link":"https://api.aweber.com/1.0/accounts/1234/lists",
              "integrations_collection_link":"https://api.aweber.com/1.0/accounts/1234/integrations"}],
             "resource_type_link":"https://api.aweber.com/1.0/#accounts","start":0,"total_size":1}""";
    private static final String INVALID_TOKEN = error(401, "UnauthorizedError", "Invalid Token",
            "https://api.aweber.com/#tag/Troubleshooting");
    private static final String INVALID_ACCOUNT = error(401, "UnauthorizedError", "Invalid Account",
            "https://api.aweber.com/#tag/Troubleshooting");
    private static final String RATE_LIMITED = error(403, "ForbiddenError", "Rate Limit Error",
            "https://api.aweber.com#forbidden");
    private static final String SUBSCRIBER = """
            {"id":789,"email":"ada@example.com","name":"Ada Lovelace","status":"unsubscribed",
             "custom_fields":{"plan":"pro"},"tags":[],"subscribed_at":"2015-10-13T16:19:20-04:00",
             "unsubscribe_method":"api: unsubscribe","unsubscribed_at":"2017-10-13T10:41:43.300889-04:00",
             "self_link":"https://api.aweber.com/1.0/accounts/1234/lists/456/subscribers/789",
             "resource_type_link":"https://api.aweber.com/1.0/#subscriber"}""";
    private static final String SUBSCRIBER_NOT_FOUND = error(404, "NotFoundError", "Object: None, name: 'subscribers'",
            "https://api.aweber.com#notfound");
    private static final String LIST_NOT_FOUND = error(404, "NotFoundError", "List with given id not found",
            "https://api.aweber.com#notfound");
    private static final String ALREADY_SUBSCRIBED = error(400, "WebServiceError", "email: Subscriber already subscribed.",
            "https://api.aweber.com#badrequest");
    private static final String BLOCKED_EMAIL = error(400, "WebServiceError", "email: Email address is blocked.",
            "https://api.aweber.com#badrequest");

    private static String error(int status, String type, String message, String documentation) {
        return "{\"error\":{\"status\":" + status + ",\"type\":\"" + type + "\",\"message\":\"" + message
                + "\",\"documentation_url\":\"" + documentation + "\"}}";
    }

    private static String list(String id, String name) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"total_subscribers\":12,"
                + "\"self_link\":\"https://api.aweber.com/1.0/accounts/1234/lists/" + id + "\","
                + "\"custom_fields_collection_link\":\"https://api.aweber.com/1.0/accounts/1234/lists/" + id
                + "/custom_fields\",\"resource_type_link\":\"https://api.aweber.com/1.0/#list\"}";
    }

    private static String customField(int id, String name) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"is_subscriber_updateable\":true,"
                + "\"self_link\":\"https://api.aweber.com/1.0/accounts/1234/lists/456/custom_fields/" + id + "\","
                + "\"resource_type_link\":\"https://api.aweber.com/1.0/#custom_field\"}";
    }

    /** A collection page; {@code nextStart} ≥ 0 adds AWeber's link to the next page. */
    private static String page(String path, int start, int nextStart, String... entries) {
        return "{\"entries\":[" + String.join(",", entries) + "],\"start\":" + start + ",\"total_size\":9"
                + (nextStart < 0 ? "" : ",\"next_collection_link\":\"https://api.aweber.com/1.0" + path
                        + "?ws.start=" + nextStart + "&ws.size=100\"") + "}";
    }

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new AWeberConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "aweber";
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
        vendor.onJson("GET", "/accounts", accepted ? 200 : 401, accepted ? ACCOUNTS : INVALID_TOKEN);
    }

    @Override
    protected void stubActionData() {
        vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
        vendor.on("GET", LISTS, Response.json(200, page(LISTS, 0, 100, list(LIST, "Newsletter"))),
                Response.json(200, page(LISTS, 100, -1, list("457", "Customers"))));
        vendor.onJson("GET", LISTS + "/456/custom_fields", 200, page(LISTS + "/456/custom_fields", 0, -1,
                customField(1, "plan"), customField(2, "Company name")));
        vendor.onJson("GET", LISTS + "/457/custom_fields", 200, page(LISTS + "/457/custom_fields", 0, -1,
                customField(3, "plan"), customField(4, "seats")));
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keyed by the inputs' keys").containsOnlyKeys("lists");
        assertThat(data.get("lists")).as("the lists of both pages, as {id, name}").isEqualTo(List.of(
                Map.of("id", "456", "name", "Newsletter"), Map.of("id", "457", "name", "Customers")));
        List<Request> pages = vendor.requests("GET", LISTS);
        assertThat(pages).as("list pages asked for").hasSize(2);
        pages.forEach(AWeberConnectorTest::assertAWeberHeaders);
        assertThat(pages).extracting(p -> p.queryParameter("ws.start")).containsExactly("0", "100");
        assertThat(pages).extracting(p -> p.queryParameter("ws.size")).containsExactly("100", "100");
        assertAWeberHeaders(vendor.only("GET", "/accounts"));
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("add_to_list: subscribes the email with the mapped name and custom fields", "add_to_list",
                        Map.of("id", LIST), Map.of("email", "payload@example.com", "name", "not mapped, not sent"),
                        Map.of("email", "ada@example.com", "name", "Ada Lovelace", "custom_fields.plan", "pro",
                                "custom_fields.seats", 12, "phone", "not an AWeber field"),
                        () -> {
                            vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
                            vendor.on("POST", SUBSCRIBERS, new Response(201, "", Map.of("Location",
                                    "https://api.aweber.com/1.0/accounts/1234/lists/456/subscribers/789")));
                        },
                        v -> {
                            assertAWeberHeaders(v.only("GET", "/accounts"));
                            Request add = v.only("POST", SUBSCRIBERS);
                            assertAWeberHeaders(add);
                            assertThat(add.query()).as("POST takes no query").isNull();
                            assertJson(add, """
                                    {"email":"ada@example.com","name":"Ada Lovelace",
                                     "custom_fields":{"plan":"pro","seats":"12"},"update_existing":"true"}""");
                            assertThat(v.requests()).hasSize(2);
                        }),
                new ActionCase("add_to_list: the payload's email alone when nothing is mapped", "add_to_list",
                        Map.of("id", LIST), Map.of("email", " jo+news@example.com "), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
                            vendor.on("POST", SUBSCRIBERS, new Response(201, "", Map.of()));
                        },
                        v -> assertJson(v.only("POST", SUBSCRIBERS),
                                "{\"email\":\"jo+news@example.com\",\"update_existing\":\"true\"}")),
                new ActionCase("add_to_list: already subscribed (400 WebServiceError) is done", "add_to_list",
                        Map.of("id", LIST), Map.of("email", "ada@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
                            vendor.onJson("POST", SUBSCRIBERS, 400, ALREADY_SUBSCRIBED);
                        },
                        v -> assertThat(v.requests("POST", SUBSCRIBERS)).as("one attempt, not retried").hasSize(1)),
                new ActionCase("remove_from_list: unsubscribes the email, keeping its history", "remove_from_list",
                        Map.of("id", LIST), Map.of("email", "ada@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
                            vendor.onJson("PATCH", SUBSCRIBERS, 209, SUBSCRIBER);
                        },
                        v -> {
                            Request patch = v.only("PATCH", SUBSCRIBERS);
                            assertAWeberHeaders(patch);
                            assertThat(patch.queryParameter("subscriber_email")).isEqualTo("ada@example.com");
                            assertJson(patch, "{\"status\":\"unsubscribed\"}");
                            assertThat(v.requests("DELETE", SUBSCRIBERS)).as("never a hard delete").isEmpty();
                        }),
                new ActionCase("remove_from_list: an email not on the list (404) is done", "remove_from_list",
                        Map.of("id", LIST), Map.of("email", "nobody@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
                            vendor.onJson("PATCH", SUBSCRIBERS, 404, SUBSCRIBER_NOT_FOUND);
                        },
                        v -> assertThat(v.requests("PATCH", SUBSCRIBERS)).hasSize(1)),
                new ActionCase("remove_from_list: an email with + and a list id with / stay intact", "remove_from_list",
                        Map.of("id", "456/../../1"), Map.of("email", "jo+tag@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
                            vendor.onJson("PATCH", LISTS + "/456%2F..%2F..%2F1/subscribers", 209, SUBSCRIBER);
                        },
                        v -> {
                            Request patch = v.only("PATCH", LISTS + "/456%2F..%2F..%2F1/subscribers");
                            assertThat(patch.queryParameter("subscriber_email")).isEqualTo("jo+tag@example.com");
                            assertThat(patch.query()).as("the + is encoded").contains("jo%2Btag%40example.com");
                        }));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String add = "add_to_list: subscribes the email with the mapped name and custom fields";
        String remove = "remove_from_list: unsubscribes the email, keeping its history";
        return List.of(
                new ErrorCase("401 Invalid Token on the account: expired, for the platform to refresh", add,
                        () -> vendor.onJson("GET", "/accounts", 401, INVALID_TOKEN),
                        Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("401 Invalid Token when adding", add,
                        () -> vendor.onJson("POST", SUBSCRIBERS, 401, INVALID_TOKEN),
                        Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("401 Invalid Account: the credentials are invalid, the connection deactivated", remove,
                        () -> vendor.onJson("PATCH", SUBSCRIBERS, 401, INVALID_ACCOUNT),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 Rate Limit Error: retried, not a credentials verdict", add,
                        () -> vendor.onJson("POST", SUBSCRIBERS, 403, RATE_LIMITED),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("403 Rate Limit Error on the account look-up", remove,
                        () -> vendor.onJson("GET", "/accounts", 403, RATE_LIMITED),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("403 subscriber limit reached: final", add,
                        () -> vendor.onJson("POST", SUBSCRIBERS, 403, error(403, "ForbiddenError",
                                "Subscriber limit reached", "https://api.aweber.com#forbidden")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 blocked email: final", add,
                        () -> vendor.onJson("POST", SUBSCRIBERS, 400, BLOCKED_EMAIL),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 list not found when adding: final", add,
                        () -> vendor.onJson("POST", SUBSCRIBERS, 404, LIST_NOT_FOUND),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 that is not AWeber's (a wrong base URL) when removing: final", remove,
                        () -> vendor.on("PATCH", SUBSCRIBERS, new Response(404, "<html>Not Found</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("410 BlockedError: final", remove,
                        () -> vendor.onJson("PATCH", SUBSCRIBERS, 410, error(410, "BlockedError", "Blocked Error",
                                "https://api.aweber.com/#blocked")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("415 InvalidContentType: final", add,
                        () -> vendor.onJson("POST", SUBSCRIBERS, 415, error(415, "InvalidContentType",
                                "Content Type must be application/json or application/x-www-form-urlencoded",
                                "https://api.aweber.com#invalidcontent")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("500 InternalServerError: retried", add,
                        () -> vendor.onJson("POST", SUBSCRIBERS, 500, error(500, "InternalServerError",
                                "Something went wrong.", "https://api.aweber.com#internalerror")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("503 ServiceUnavailableError: retried", remove,
                        () -> vendor.onJson("PATCH", SUBSCRIBERS, 503, error(503, "ServiceUnavailableError",
                                "Failed to communicate with endpoint", "https://api.aweber.com#serviceunavailable")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("an account list without an account: connect again", add,
                        () -> vendor.onJson("GET", "/accounts", 200, "{\"entries\":[],\"start\":0,\"total_size\":0}"),
                        Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED));
    }

    // --- beyond the contract ------------------------------------------------------------------

    @Test
    void it_declares_refreshing_oauth_with_basic_client_auth_the_four_scopes_and_120_calls_a_minute() {
        assertThat(connector.spec().authentication()).isInstanceOfSatisfying(Authentication.OAuth2.class, oauth -> {
            assertThat(oauth.authorizeUrl()).isEqualTo("https://auth.aweber.com/oauth2/authorize");
            assertThat(oauth.tokenUrl()).isEqualTo("https://auth.aweber.com/oauth2/token");
            assertThat(oauth.scopes()).containsExactly("account.read", "list.read", "subscriber.read", "subscriber.write");
            assertThat(oauth.clientAuth()).as("AWeber prefers the Authorization header")
                    .isEqualTo(Authentication.OAuth2.ClientAuth.BASIC);
            assertThat(oauth.refreshes()).isTrue();
            assertThat(oauth.scopeSeparator()).isEqualTo(" ");
        });
        assertThat(connector.spec().rateLimit()).isEqualTo(new ConnectorSpec.RateLimit(120, Duration.ofMinutes(1)));
        assertThat(connector.spec().fields()).as("no connection fields: the account comes with the token").isEmpty();
    }

    @Test
    void the_catalog_entry_offers_both_list_actions_picking_a_list() {
        Integration integration = connector.spec().toIntegration();
        assertThat(integration.name()).isEqualTo("AWeber");
        assertThat(integration.authentication()).containsEntry("type", "oauth").containsEntry("oauth", Map.of("version", 2));
        assertEachActionPicksAnIdFrom(integration, "lists", "add_to_list", "remove_from_list");
    }

    @Test
    void without_a_configured_base_url_it_calls_aweber_production_with_the_version_prefix() {
        List<HttpCall> sent = new ArrayList<>();
        var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "aweber", "production", Map.of()), () -> token(), call -> {
                    sent.add(call);
                    return new HttpExchange(200, Map.of(), ACCOUNTS, Duration.ZERO, null, null, null, false, Map.of());
                }, clock, ConnectorSettings.defaults("aweber"));

        assertThat(connector.check(context)).as("the check's failure").isNull();
        assertThat(sent).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.url()).isEqualTo("https://api.aweber.com/1.0/accounts");
            assertThat(call.headers()).containsEntry("Authorization", "Bearer " + TOKEN)
                    .containsEntry("Accept", "application/json");
            assertThat(call.recordedHeaders()).as("what the history keeps").containsEntry("Authorization", HttpCall.REDACTED);
        });
    }

    @Test
    void the_account_is_looked_up_once_per_connection_and_token() {
        ActionCase c = actionCases().getFirst();
        c.stubVendor().run();
        ConnectorContext context = context();
        assertThat(deliver(c, context).delivered()).isTrue();
        assertThat(deliver(c, context).delivered()).isTrue();
        assertThat(vendor.requests("GET", "/accounts")).as("account look-ups for two deliveries").hasSize(1);
        assertThat(vendor.requests("POST", SUBSCRIBERS)).hasSize(2);

        var refreshed = new ConnectorContext(context.connection(), () -> new AccessToken("aw-access-refreshed", null,
                Map.of()), http, clock, settings());
        assertThat(deliver(c, refreshed).delivered()).isTrue();
        assertThat(vendor.requests("GET", "/accounts")).as("a new token looks the account up again").hasSize(2);
        assertThat(vendor.requests("GET", "/accounts").getLast().header("Authorization"))
                .isEqualTo("Bearer aw-access-refreshed");
    }

    @Test
    void the_credential_check_remembers_the_account_for_the_deliveries() {
        stubCredentialCheck(true);
        ConnectorContext context = context();
        assertThat(connector.check(context)).isNull();
        vendor.on("POST", SUBSCRIBERS, new Response(201, "", Map.of()));
        assertThat(deliver(actionCases().getFirst(), context).delivered()).isTrue();
        assertThat(vendor.requests("GET", "/accounts")).as("the check's look-up is reused").hasSize(1);
    }

    @Test
    void a_refused_check_says_invalid_token_and_keeps_aweber_words() {
        stubCredentialCheck(false);
        DeliveryResult refused = connector.check(context());
        assertThat(refused.verdict()).isEqualTo(Verdict.TOKEN_EXPIRED);
        assertThat(refused.message()).isEqualTo("AWeber: find the account: HTTP 401 UnauthorizedError (Invalid Token)");
        assertThat(refused.responseBody()).contains("Invalid Token");
    }

    @Test
    void aweber_rate_limit_waits_a_minute_since_it_sends_no_retry_after() {
        vendor.onJson("GET", "/accounts", 403, RATE_LIMITED);
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(List.of(result.outcome(), result.retryable())).containsExactly(Outcome.RATE_LIMITED, true);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(result.verdict()).as("a rate limit says nothing about the credentials").isNull();
        assertThat(result.message()).contains("Rate Limit Error");
    }

    @Test
    void a_final_refusal_keeps_aweber_message_and_body_for_the_history() {
        DeliveryResult result = deliverFirstCaseWith(() -> vendor.onJson("POST", SUBSCRIBERS, 400, BLOCKED_EMAIL));
        assertThat(result.message()).isEqualTo("AWeber: add to list 456: HTTP 400 WebServiceError "
                + "(email: Email address is blocked.)");
        assertThat(result.statusCode()).isEqualTo(400);
        assertThat(result.responseBody()).contains("Email address is blocked.");
        assertThat(result.requestHeaders()).containsEntry("Authorization", HttpCall.REDACTED);
        assertThat(result.message() + result.requestHeaders()).doesNotContain(TOKEN);
    }

    @Test
    void fields_are_email_name_and_the_union_of_every_lists_custom_fields() {
        stubActionData();
        List<FieldDefinition> fields = connector.fields(context());

        assertThat(fields).extracting(FieldDefinition::key).containsExactly("email", "name", "custom_fields.plan",
                "custom_fields.Company name", "custom_fields.seats");
        assertThat(fields.getFirst().constraints().isRequired()).as("email is required").isTrue();
        assertThat(fields.getFirst().constraints().maxLength()).isEqualTo(50);
        assertThat(fields).filteredOn(f -> f.key().equals("custom_fields.plan")).singleElement().satisfies(f -> {
            assertThat(f.type()).as("AWeber custom fields hold text").isEqualTo(FieldDefinition.Type.STRING);
            assertThat(f.providerMeta()).containsEntry("name", "plan").containsEntry("custom", true)
                    .containsEntry("lists", List.of("456", "457"));
        });
        List<Request> customFields = vendor.requests("GET", LISTS + "/456/custom_fields");
        assertThat(customFields).singleElement().satisfies(r -> {
            assertAWeberHeaders(r);
            assertThat(r.queryParameter("ws.start")).isEqualTo("0");
        });
    }

    @Test
    void a_next_link_that_does_not_move_on_ends_the_reading_instead_of_looping() {
        vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
        vendor.onJson("GET", LISTS, 200, page(LISTS, 0, 0, list(LIST, "Newsletter")));
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class,
                e -> assertThat(e.result().retryable()).isFalse());
        assertThat(vendor.requests("GET", LISTS)).hasSize(1);
    }

    @Test
    void a_failed_list_call_is_a_vendor_exception_carrying_the_verdict() {
        vendor.onJson("GET", "/accounts", 200, ACCOUNTS);
        vendor.onJson("GET", LISTS, 401, INVALID_ACCOUNT);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.result().verdict()).isEqualTo(Verdict.CREDENTIALS_INVALID);
            assertThat(e.getMessage()).contains("list the lists", "Invalid Account").doesNotContain(TOKEN);
        });
    }

    @Test
    void an_event_without_a_usable_email_is_a_final_mapping_error_and_calls_nobody() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of(), Map.of("email", "  "),
                Map.of("email", "not-an-email"), Map.of("email", "a b@example.com"))) {
            DeliveryResult result = deliverUnstubbed("add_to_list", Map.of("id", LIST), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("payload %s: %s", payload, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
        }
        assertThat(vendor.requests()).as("nothing sent to AWeber").isEmpty();
    }

    @Test
    void a_rule_without_its_list_is_a_final_failure_and_calls_nobody() {
        for (Map<String, Object> metadata : List.<Map<String, Object>>of(Map.of(), Map.of("id", " "))) {
            DeliveryResult result = deliverUnstubbed("remove_from_list", metadata, Map.of("email", "ada@example.com"));
            assertThat(List.of(result.delivered(), result.retryable())).as("metadata %s", metadata)
                    .containsExactly(false, false);
            assertThat(result.message()).contains("metadata.id");
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void a_connection_without_a_token_must_be_connected_again() {
        var context = new ConnectorContext(context().connection(), AccessToken.Source.NONE, http, clock, settings());
        assertThat(connector.check(context).verdict()).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThat(deliver(actionCases().getFirst(), context).verdict()).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThat(vendor.requests()).isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertAWeberHeaders(Request request) {
        assertThat(request.header("Authorization")).as("bearer token of %s", request).isEqualTo("Bearer " + TOKEN);
        assertJsonHeaders(request);
    }
}
