package dev.openmeshes.connectors.activecampaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.OutboundHttp;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ActiveCampaign connector against a stub answering as ActiveCampaign's v3 API documents
 * (developers.activecampaign.com; bodies from the description assembled in
 * api-evangelist/activecampaign {@code openapi/_original/activecampaign-v3.json}): contacts synced
 * by email, list statuses, tags added once and removed by their contactTag entry.
 */
class ActiveCampaignConnectorTest extends ConnectorContractTest {

    private static final String API_KEY = "4f7e2a9c1b3d5e6f8a0b2c4d6e8f0a1b3c5d7e9f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";
    private static final String CONTACT = "10";

    // Bodies as the description documents them (trimmed of links they carry besides).
    private static final String USERS_ME = """
            {"user":{"username":"jdoe","firstName":"John","lastName":"Doe","email":"johndoe@example.com","phone":"",
             "signature":null,"links":{"lists":"https://:account.api-us1.com/api/3/users/1/lists"},"id":"1"}}""";
    private static final String CONTACT_LIST = """
            {"contacts":[{"email":"johndoe@example.com","firstName":"John","lastName":"Doe","id":"10"}],
             "contactList":{"contact":"10","list":"2","form":null,"seriesid":"0","sdate":"2018-10-16T13:52:35-05:00",
              "status":1,"responder":"1","sync":"0","unsubreason":"","first_name":"John","last_name":"Doe",
              "sourceid":"3","id":"9"}}""";
    private static final String CONTACT_TAG = """
            {"contactTag":{"cdate":"2017-06-08T16:11:53-05:00","contact":"10","id":"1",
             "links":{"contact":"/1/contact","tag":"/1/tag"},"tag":"20"}}""";
    private static final String NO_CONTACTS = """
            {"scoreValues":[],"contacts":[],"meta":{"total":"0","page_input":{"limit":20,"offset":0}}}""";
    private static final String DUPLICATE_EMAIL = """
            {"errors":[{"title":"Email address already exists in the system","detail":"","code":"duplicate",
             "source":{"pointer":"/data/attributes/email"}}]}""";
    private static final String CONTACT_NOT_FOUND = """
            {"errors":[{"status":404,"title":"Not Found","detail":"Contact not found"}]}""";
    private static final String NO_SUBSCRIBER_TAG = """
            {"message":"No Result found for SubscriberTag with id 5"}""";
    private static final String FIELDS = """
            {"fieldOptions":[
               {"orderid":1,"value":"X","label":"Option X","isdefault":0,"field":"3","id":"1"},
               {"orderid":2,"value":"Y","label":"Option Y","isdefault":0,"field":"3","id":"2"}],
             "fieldRels":[],
             "fields":[
               {"title":"Another Test Title","descript":null,"type":"","isrequired":"0","perstag":"ANOTHER_TEST_TITLE",
                "defval":null,"visible":"1","ordernum":"2","options":[],"relations":[],"id":"2"},
               {"title":"Plan","descript":"The plan they pay for","type":"dropdown","isrequired":"0","perstag":"PLAN",
                "visible":"1","ordernum":"3","options":["1","2"],"relations":[],"id":"3"},
               {"title":"Renewal","descript":null,"type":"date","isrequired":"0","perstag":"RENEWAL","visible":"1",
                "options":[],"relations":[],"id":"4"}],
             "meta":{"total":"3"}}""";

    static String synced(String id) {
        return "{\"fieldValues\":[],\"contact\":{\"email\":\"johndoe@example.com\",\"phone\":\"7223224241\","
                + "\"firstName\":\"John\",\"lastName\":\"Doe\",\"email_empty\":false,\"cdate\":\"2022-04-14T10:03:23-05:00\","
                + "\"hash\":\"75b8163f768dff1f0f7b5f69476b986a\",\"fieldValues\":[],\"id\":\"" + id + "\",\"organization\":\"\"}}";
    }

    static String contacts(String id) {
        return "{\"scoreValues\":[],\"contacts\":[{\"cdate\":\"2018-09-12T16:53:50-05:00\",\"email\":\"joe@example.com\","
                + "\"phone\":\"\",\"firstName\":\"\",\"lastName\":\"\",\"id\":\"" + id + "\"}],\"meta\":{\"total\":\"1\"}}";
    }

    /** {@code contactTags} of a contact: entry id → tag id. */
    static String contactTags(String... entryAndTag) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < entryAndTag.length; i += 2) {
            entries.add("{\"contact\":\"" + CONTACT + "\",\"tag\":\"" + entryAndTag[i + 1] + "\",\"cdate\":"
                    + "\"2017-06-08T16:11:53-05:00\",\"id\":\"" + entryAndTag[i] + "\",\"links\":{\"tag\":\"/"
                    + entryAndTag[i] + "/tag\"}}");
        }
        return "{\"contactTags\":[" + String.join(",", entries) + "],\"meta\":{\"total\":\"" + entries.size() + "\"}}";
    }

    static String lists(int total, String... idAndName) {
        List<String> lists = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            lists.add("{\"stringid\":\"" + idAndName[i + 1].toLowerCase().replace(' ', '-') + "\",\"userid\":\"1\","
                    + "\"name\":\"" + idAndName[i + 1] + "\",\"cdate\":\"2018-08-06T16:30:41-05:00\",\"private\":\"0\","
                    + "\"id\":\"" + idAndName[i] + "\"}");
        }
        return "{\"lists\":[" + String.join(",", lists) + "],\"meta\":{\"total\":\"" + total + "\"}}";
    }

    static String tags(int total, String... idTypeName) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < idTypeName.length; i += 3) {
            tags.add("{\"tagType\":\"" + idTypeName[i + 1] + "\",\"tag\":\"" + idTypeName[i + 2] + "\",\"description\":\"\","
                    + "\"cdate\":\"2018-08-17T09:43:15-05:00\",\"id\":\"" + idTypeName[i] + "\"}");
        }
        return "{\"tags\":[" + String.join(",", tags) + "],\"meta\":{\"total\":\"" + total + "\"}}";
    }

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new ActiveCampaignConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "activecampaign";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of("api_url", "https://acct.api-us1.com", "api_key", API_KEY);
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.onJson("GET", "/users/me", accepted ? 200 : 403, accepted ? USERS_ME : "{\"message\":\"Forbidden\"}");
    }

    @Override
    protected void stubActionData() {
        vendor.onJson("GET", "/lists", 200, lists(2, "1", "Newsletter", "2", "Customers"));
        vendor.onJson("GET", "/tags", 200, tags(3, "1", "contact", "VIP", "4", "template", "Onboarding emails",
                "2", "contact", "Churn risk"));
        vendor.onJson("GET", "/fields", 200, FIELDS);
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keyed by the inputs' keys").containsOnlyKeys("lists", "tags");
        assertThat(data.get("lists")).as("every list as {id, name}").isEqualTo(List.of(
                Map.of("id", "1", "name", "Newsletter"), Map.of("id", "2", "name", "Customers")));
        assertThat(data.get("tags")).as("contact tags only, template tags left out").isEqualTo(List.of(
                Map.of("id", "1", "name", "VIP"), Map.of("id", "2", "name", "Churn risk")));
        for (String path : List.of("/lists", "/tags")) {
            Request page = vendor.only("GET", path);
            assertHeaders(page);
            assertThat(List.of(page.queryParameter("limit"), page.queryParameter("offset")))
                    .as("paging of %s", page).containsExactly("100", "0");
        }
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("sync_contact: upserts the mapped fields and custom field values", "sync_contact",
                        Map.of(), Map.of("email", "payload@example.com", "first_name", "not mapped"),
                        mapped("email", "jo@example.com", "first_name", "Jo", "last_name", "Example",
                                "phone", "+353871234567", "fieldValues.3", "X", "fieldValues.5", List.of("A", "B"),
                                "fieldValues.4", 20260101, "unknown_field", "dropped"),
                        () -> vendor.onJson("POST", "/contact/sync", 201, synced(CONTACT)),
                        v -> {
                            assertSent(v.only("POST", "/contact/sync"), """
                                    {"contact":{"email":"jo@example.com","firstName":"Jo","lastName":"Example",
                                     "phone":"+353871234567","fieldValues":[{"field":"3","value":"X"},
                                     {"field":"5","value":"||A||B||"},{"field":"4","value":"20260101"}]}}""");
                            assertThat(v.requests()).as("one upsert, nothing else").hasSize(1);
                        }),
                new ActionCase("sync_contact: the payload's email alone, when nothing is mapped", "sync_contact",
                        Map.of(), Map.of("email", " joe+ac@example.com "), Map.of(),
                        () -> vendor.onJson("POST", "/contact/sync", 200, synced(CONTACT)),
                        v -> assertSent(v.only("POST", "/contact/sync"),
                                "{\"contact\":{\"email\":\"joe+ac@example.com\"}}")),
                new ActionCase("add_to_list: syncs the contact and subscribes it (status \"1\", ids as strings)",
                        "add_to_list", Map.of("id", "2"), Map.of("email", "joe@example.com"),
                        mapped("email", "joe@example.com", "first_name", "Joe"),
                        () -> {
                            vendor.onJson("POST", "/contact/sync", 201, synced(CONTACT));
                            vendor.onJson("POST", "/contactLists", 200, CONTACT_LIST);
                        },
                        v -> {
                            assertSent(v.only("POST", "/contact/sync"),
                                    "{\"contact\":{\"email\":\"joe@example.com\",\"firstName\":\"Joe\"}}");
                            assertSent(v.only("POST", "/contactLists"),
                                    "{\"contactList\":{\"list\":\"2\",\"contact\":\"10\",\"status\":\"1\"}}");
                            assertThat(v.requests()).extracting(Request::path).containsExactly("/contact/sync", "/contactLists");
                        }),
                new ActionCase("remove_from_list: unsubscribes the contact found by email (status \"2\"), creating none",
                        "remove_from_list", Map.of("id", "2"), Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/contacts", 200, contacts(CONTACT));
                            vendor.onJson("POST", "/contactLists", 200, CONTACT_LIST);
                        },
                        v -> {
                            assertLookedUp(v, "joe@example.com");
                            assertSent(v.only("POST", "/contactLists"),
                                    "{\"contactList\":{\"list\":\"2\",\"contact\":\"10\",\"status\":\"2\"}}");
                            assertThat(v.requests("POST", "/contact/sync")).as("no contact synced to unsubscribe it").isEmpty();
                        }),
                new ActionCase("remove_from_list: no contact with the email leaves nothing to unsubscribe",
                        "remove_from_list", Map.of("id", "2"), Map.of("email", "nobody@example.com"), Map.of(),
                        () -> vendor.onJson("GET", "/contacts", 200, NO_CONTACTS),
                        v -> {
                            assertLookedUp(v, "nobody@example.com");
                            assertThat(v.requests()).as("only the lookup: %s", v.requests()).hasSize(1);
                        }),
                new ActionCase("add_tag: syncs the contact and tags it (ids as integers)", "add_tag", Map.of("id", "20"),
                        Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contact/sync", 201, synced(CONTACT));
                            vendor.onJson("GET", "/contacts/10/contactTags", 200, contactTags("3", "7"));
                            vendor.onJson("POST", "/contactTags", 201, CONTACT_TAG);
                        },
                        v -> {
                            assertSent(v.only("POST", "/contact/sync"),
                                    "{\"contact\":{\"email\":\"joe@example.com\"}}");
                            assertHeaders(v.only("GET", "/contacts/10/contactTags"));
                            assertSent(v.only("POST", "/contactTags"), "{\"contactTag\":{\"contact\":10,\"tag\":20}}");
                        }),
                new ActionCase("add_tag: a contact that already has the tag is not tagged twice", "add_tag",
                        Map.of("id", "20"), Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("POST", "/contact/sync", 200, synced(CONTACT));
                            vendor.onJson("GET", "/contacts/10/contactTags", 200, contactTags("3", "7", "5", "20"));
                        },
                        v -> assertThat(v.requests("POST", "/contactTags")).as("tagging calls").isEmpty()),
                new ActionCase("remove_tag: deletes the contact's entry for the tag", "remove_tag", Map.of("id", "20"),
                        Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/contacts", 200, contacts(CONTACT));
                            vendor.onJson("GET", "/contacts/10/contactTags", 200, contactTags("3", "7", "5", "20"));
                            vendor.onJson("DELETE", "/contactTags/5", 200, "{}");
                        },
                        v -> {
                            assertLookedUp(v, "joe@example.com");
                            Request delete = v.only("DELETE", "/contactTags/5");
                            assertHeaders(delete);
                            assertThat(delete.body()).as("DELETE carries no body").isEmpty();
                            assertThat(v.requests("POST", "/contact/sync")).as("never syncs to untag").isEmpty();
                        }),
                new ActionCase("remove_tag: a contact without the tag is done", "remove_tag", Map.of("id", "20"),
                        Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/contacts", 200, contacts(CONTACT));
                            vendor.onJson("GET", "/contacts/10/contactTags", 200, contactTags("3", "7"));
                        },
                        v -> assertThat(v.requests("DELETE", "/contactTags/3")).as("other tags stay").isEmpty()),
                new ActionCase("remove_tag: no contact with the email leaves nothing to remove", "remove_tag",
                        Map.of("id", "20"), Map.of("email", "nobody@example.com"), Map.of(),
                        () -> vendor.onJson("GET", "/contacts", 200, NO_CONTACTS),
                        v -> assertThat(v.requests()).as("only the lookup: %s", v.requests()).hasSize(1)),
                new ActionCase("remove_tag: an entry already gone (404) is done", "remove_tag", Map.of("id", "20"),
                        Map.of("email", "joe@example.com"), Map.of(),
                        () -> {
                            vendor.onJson("GET", "/contacts", 200, contacts(CONTACT));
                            vendor.onJson("GET", "/contacts/10/contactTags", 200, contactTags("5", "20"));
                            vendor.onJson("DELETE", "/contactTags/5", 404, NO_SUBSCRIBER_TAG);
                        },
                        v -> assertThat(v.requests("DELETE", "/contactTags/5")).hasSize(1)));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String syncCase = "sync_contact: upserts the mapped fields and custom field values";
        String listCase = "add_to_list: syncs the contact and subscribes it (status \"1\", ids as strings)";
        String tagCase = "add_tag: syncs the contact and tags it (ids as integers)";
        String untagCase = "remove_tag: deletes the contact's entry for the tag";
        return List.of(
                new ErrorCase("401 on the sync: the key is invalid, the connection deactivated", syncCase,
                        () -> vendor.onJson("POST", "/contact/sync", 401, "{\"message\":\"Unauthorized\"}"),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 on the list status: a reset (revoked) key is invalid too", listCase,
                        () -> vendor.onJson("POST", "/contactLists", 403, "{\"message\":\"Forbidden\"}"),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("403 without a body on the lookup", untagCase,
                        () -> vendor.on("GET", "/contacts", new Response(403, "", Map.of())),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("422 on the sync: final", syncCase,
                        () -> vendor.onJson("POST", "/contact/sync", 422, DUPLICATE_EMAIL),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 Contact not found on tagging: final", tagCase,
                        () -> vendor.onJson("POST", "/contactTags", 404, CONTACT_NOT_FOUND),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 on the list status (no such list): final", listCase,
                        () -> vendor.onJson("POST", "/contactLists", 404, "{\"message\":\"No Result found for List with id 2\"}"),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 on the list status: final", listCase,
                        () -> vendor.onJson("POST", "/contactLists", 400, "{}"),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("429 with Retry-After on tagging: retried", tagCase,
                        () -> vendor.on("POST", "/contactTags", Response.json(429, "{\"message\":\"Too Many Requests\"}")
                                .withHeader("Retry-After", "30").withHeader("RateLimit-Limit", "5")
                                .withHeader("RateLimit-Remaining", "0")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("500 on the DELETE: retried", untagCase,
                        () -> vendor.onJson("DELETE", "/contactTags/5", 500, "{\"message\":\"Internal Server Error\"}"),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("503 with an HTML page on the lookup: retried", untagCase,
                        () -> vendor.on("GET", "/contacts", new Response(503, "<html>Service Unavailable</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("200 on the sync without a contact id: retried, nothing subscribed", listCase,
                        () -> vendor.on("POST", "/contact/sync", new Response(200, "<html>maintenance</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ------------------------------------------------------------------

    @Test
    void it_declares_an_api_key_the_account_url_and_five_requests_a_second() {
        ConnectorSpec spec = connector.spec();
        assertThat(spec.authentication()).isInstanceOf(Authentication.ApiKey.class);
        assertThat(spec.secretPaths()).as("sealed, masked and redacted").containsExactly("api_key");
        assertThat(spec.rateLimit()).as("5 requests per second per account")
                .isEqualTo(new ConnectorSpec.RateLimit(5, Duration.ofSeconds(1)));
        Integration integration = spec.toIntegration();
        assertThat(integration.name()).isEqualTo("ActiveCampaign");
        assertThat(integration.authentication()).containsEntry("type", "api_key");
        @SuppressWarnings("unchecked")
        var fields = (List<Map<String, Object>>) integration.authentication().get("fields");
        assertThat(fields).satisfiesExactly(
                url -> assertThat(url).containsEntry("key", "api_url").containsEntry("type", "text")
                        .containsEntry("required", true).containsEntry("validate", "url").containsKey("helpText"),
                key -> assertThat(key).containsEntry("key", "api_key").containsEntry("type", "password")
                        .containsEntry("required", true).containsKey("helpText"));
        assertThat(integration.actions()).containsOnlyKeys("sync_contact", "add_to_list", "remove_from_list",
                "add_tag", "remove_tag");
        assertThat(integration.actions().get("sync_contact").fields()).as("sync_contact takes no rule metadata").isEmpty();
        for (var listAction : List.of("add_to_list", "remove_from_list")) {
            assertThat(integration.actions().get(listAction).data()).singleElement()
                    .satisfies(input -> assertThat(input).containsEntry("key", "lists").containsEntry("field", "id")
                            .containsEntry("kind", "simple").containsEntry("required", true));
        }
        for (var tagAction : List.of("add_tag", "remove_tag")) {
            assertThat(integration.actions().get(tagAction).data()).singleElement()
                    .satisfies(input -> assertThat(input).containsEntry("key", "tags").containsEntry("field", "id"));
        }
    }

    @Test
    void the_api_url_must_be_the_accounts_https_url_and_a_pasted_version_prefix_is_accepted() {
        for (String accepted : List.of("https://acct.api-us1.com", "https://acct.api-us1.com/", "https://acct.api-us1.com/api/3",
                " https://acct.api-us1.com/api/3/ ")) {
            assertThat(connector.validate(Map.of("api_url", accepted, "api_key", API_KEY)))
                    .as("accepted: '%s'", accepted).containsKey("api_url");
        }
        for (String refused : List.of("http://acct.api-us1.com", "https://acct.api-us1.com/admin", "ftp://acct.api-us1.com",
                "https://user:pw@acct.api-us1.com", "https://acct.api-us1.com?x=1", "acct.api-us1.com")) {
            assertThatThrownBy(() -> connector.validate(Map.of("api_url", refused, "api_key", API_KEY)))
                    .as("refused: '%s'", refused).isInstanceOf(Problem.class)
                    .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.api_url");
        }
    }

    @Test
    void without_a_configured_base_url_the_accounts_url_is_called_through_the_guarded_client() {
        List<HttpCall> guarded = new ArrayList<>();
        OutboundHttp open = call -> {
            throw new AssertionError("a client-supplied URL went through the unguarded client: " + call.url());
        };
        OutboundHttp guard = call -> {
            guarded.add(call);
            return new HttpExchange(200, Map.of(), USERS_ME, Duration.ZERO, null, null, null, false, call.recordedHeaders());
        };
        var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "activecampaign", "direct", connector.validate(Map.of("api_url", "https://acct.api-us1.com/api/3/",
                "api_key", API_KEY))), AccessToken.Source.NONE, open, guard, clock, ConnectorSettings.defaults("activecampaign"));

        assertThat(connector.check(context)).as("the check's failure (null when it passed)").isNull();
        assertThat(guarded).singleElement().satisfies(call -> {
            assertThat(call.url()).isEqualTo("https://acct.api-us1.com/api/3/users/me");
            assertThat(call.headers()).containsEntry("Api-Token", API_KEY).containsEntry("Accept", "application/json");
            assertThat(call.recordedHeaders()).as("what the history keeps").containsEntry("Api-Token", HttpCall.REDACTED)
                    .doesNotContainValue(API_KEY);
        });
    }

    @Test
    void a_stored_api_url_that_is_not_https_is_never_called_and_asks_for_new_settings() {
        OutboundHttp refuseAll = call -> {
            throw new AssertionError("called " + call.url());
        };
        var context = new ConnectorContext(new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "activecampaign", "legacy", Map.of("api_url", "http://acct.api-us1.com", "api_key", API_KEY)),
                AccessToken.Source.NONE, refuseAll, refuseAll, clock, ConnectorSettings.defaults("activecampaign"));

        DeliveryResult delivered = deliver(actionCases().getFirst(), context);
        DeliveryResult checked = connector.check(context);

        for (DeliveryResult result : List.of(delivered, checked)) {
            assertThat(List.of(result.outcome(), result.retryable(), result.verdict())).as("%s", result)
                    .containsExactly(Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID);
            assertThat(result.message()).contains("metadata.api_url");
        }
    }

    @Test
    void the_credential_check_reads_the_keys_user_and_a_refused_key_is_invalid() {
        stubCredentialCheck(true);
        assertThat(connector.check(context())).isNull();
        assertHeaders(vendor.only("GET", "/users/me"));
        for (int status : List.of(401, 403)) {
            vendor.reset();
            vendor.onJson("GET", "/users/me", status, "{\"message\":\"Forbidden\"}");
            DeliveryResult refused = connector.check(context());
            assertThat(List.of(refused.outcome(), refused.retryable(), refused.verdict())).as("HTTP %s: %s", status, refused)
                    .containsExactly(Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID);
            assertThat(refused.message()).contains("ActiveCampaign", "check the API key", String.valueOf(status))
                    .doesNotContain(API_KEY);
        }
        vendor.reset();
        vendor.onJson("GET", "/users/me", 503, "{}");
        assertThat(connector.check(context())).as("an outage says nothing about the key")
                .satisfies(r -> assertThat(r.verdict()).isNull()).satisfies(r -> assertThat(r.retryable()).isTrue());
    }

    @Test
    void lists_and_tags_are_read_page_by_page_to_meta_total() {
        vendor.on("GET", "/lists", Response.json(200, lists(3, "1", "One", "2", "Two")),
                Response.json(200, lists(3, "3", "Three")));
        vendor.on("GET", "/tags", Response.json(200, tags(1, "9", "contact", "VIP")));

        Map<String, Object> data = connector.actionData(context());

        assertThat(data.get("lists")).isEqualTo(List.of(Map.of("id", "1", "name", "One"), Map.of("id", "2", "name", "Two"),
                Map.of("id", "3", "name", "Three")));
        assertThat(vendor.requests("GET", "/lists")).extracting(r -> r.queryParameter("offset"))
                .as("offsets asked for").containsExactly("0", "2");
        assertThat(vendor.requests("GET", "/lists")).allSatisfy(r -> assertThat(r.queryParameter("limit")).isEqualTo("100"));
        assertThat(vendor.requests("GET", "/tags")).as("one page holds the total").hasSize(1);
    }

    @Test
    void a_page_short_of_the_total_that_comes_back_empty_ends_the_reading() {
        vendor.on("GET", "/lists", Response.json(200, lists(5, "1", "One")), Response.json(200, lists(5)));
        vendor.onJson("GET", "/tags", 200, tags(0));
        assertThat(connector.actionData(context()).get("lists")).asList().hasSize(1);
        assertThat(vendor.requests("GET", "/lists")).hasSize(2);
    }

    @Test
    void fields_add_the_accounts_custom_fields_with_their_types_and_options() {
        stubActionData();
        List<FieldDefinition> fields = connector.fields(context());

        assertThat(fields).extracting(FieldDefinition::key).containsExactly("email", "first_name", "last_name", "phone",
                "fieldValues.2", "fieldValues.3", "fieldValues.4");
        assertThat(fields.getFirst().constraints().isRequired()).as("email is required").isTrue();
        assertThat(fields).filteredOn(f -> f.key().equals("fieldValues.3")).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FieldDefinition.Type.ENUM);
            assertThat(f.label()).isEqualTo("Plan");
            assertThat(f.description()).isEqualTo("The plan they pay for");
            assertThat(f.constraints().allowedValues()).containsExactly("X", "Y");
            assertThat(f.providerMeta()).containsEntry("id", "3").containsEntry("perstag", "PLAN")
                    .containsEntry("type", "dropdown");
        });
        assertThat(fields).filteredOn(f -> f.key().equals("fieldValues.4")).singleElement()
                .extracting(FieldDefinition::type).isEqualTo(FieldDefinition.Type.DATE);
        assertThat(fields).filteredOn(f -> f.key().equals("fieldValues.2")).singleElement()
                .extracting(FieldDefinition::type).as("an untyped old field").isEqualTo(FieldDefinition.Type.STRING);
        Request page = vendor.only("GET", "/fields");
        assertHeaders(page);
        assertThat(page.queryParameter("limit")).isEqualTo("100");
    }

    @Test
    void a_failed_list_call_is_a_vendor_exception_carrying_the_verdict_and_no_key() {
        vendor.onJson("GET", "/lists", 403, "{\"message\":\"Forbidden\"}");
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOfSatisfying(VendorException.class, e -> {
            assertThat(e.result().verdict()).isEqualTo(Verdict.CREDENTIALS_INVALID);
            assertThat(e.getMessage()).contains("list lists", "403").doesNotContain(API_KEY);
        });
        vendor.reset();
        vendor.onJson("GET", "/fields", 502, "{}");
        assertThatThrownBy(() -> connector.fields(context())).isInstanceOfSatisfying(VendorException.class,
                e -> assertThat(e.result().retryable()).isTrue());
    }

    @Test
    void a_final_refusal_keeps_activecampaigns_own_words() {
        vendor.onJson("POST", "/contact/sync", 422, DUPLICATE_EMAIL);
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(result.message()).isEqualTo("ActiveCampaign: sync the contact: HTTP 422 "
                + "Email address already exists in the system");
        assertThat(result.statusCode()).isEqualTo(422);
        assertThat(result.responseBody()).as("the vendor's answer kept for the history").contains("duplicate");

        vendor.reset();
        vendor.onJson("POST", "/contact/sync", 201, synced(CONTACT));
        vendor.onJson("GET", "/contacts/10/contactTags", 200, contactTags());
        vendor.onJson("POST", "/contactTags", 404, CONTACT_NOT_FOUND);
        DeliveryResult tagged = deliverUnstubbed("add_tag", Map.of("id", "20"), Map.of("email", "joe@example.com"));
        assertThat(tagged.message()).isEqualTo("ActiveCampaign: add tag 20 to contact 10: HTTP 404 "
                + "Not Found (Contact not found)");
    }

    @Test
    void a_rate_limit_waits_as_long_as_retry_after_says() {
        assertRateLimitWaitsForRetryAfter("{\"message\":\"Too Many Requests\"}", 30, "429", "Too Many Requests");
    }

    @Test
    void a_delivered_result_records_the_call_with_the_key_redacted() {
        DeliveryResult result = assertFirstCaseDeliveredRedacting("Api-Token", 201);
        assertThat(result.requestHeaders()).doesNotContainValue(API_KEY);
        assertThat(result.message()).isEqualTo("ActiveCampaign: sync contact 10: HTTP 201");
        assertThat(vendor.only("POST", "/contact/sync").header("Api-Token")).as("what ActiveCampaign receives")
                .isEqualTo(API_KEY);
    }

    @Test
    void an_event_without_an_email_address_is_a_final_mapping_error_and_calls_nobody() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of(), Map.of("email", "  "),
                Map.of("email", "not-an-email"), Map.of("email", "a b@example.com"))) {
            DeliveryResult result = deliverUnstubbed("add_tag", Map.of("id", "20"), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("payload %s: %s", payload, result)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
            assertThat(result.message()).contains("email");
        }
        assertThat(vendor.requests()).as("nothing sent to ActiveCampaign").isEmpty();
    }

    @Test
    void a_rule_without_a_numeric_list_or_tag_id_is_final_and_calls_nobody() {
        for (var metadata : List.<Map<String, Object>>of(Map.of(), Map.of("id", " "), Map.of("id", "20/../../users/me"),
                Map.of("id", "VIP"))) {
            for (String action : List.of("add_to_list", "remove_from_list", "add_tag", "remove_tag")) {
                DeliveryResult result = deliverUnstubbed(action, metadata, Map.of("email", "joe@example.com"));
                assertThat(List.of(result.delivered(), result.retryable())).as("%s %s: %s", action, metadata, result)
                        .containsExactly(false, false);
                assertThat(result.message()).as("message of %s %s", action, metadata).contains("ActiveCampaign " + action,
                        metadata.isEmpty() ? "metadata.id" : "");
            }
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void the_mapped_email_wins_over_the_payloads() {
        vendor.onJson("GET", "/contacts", 200, NO_CONTACTS);
        DeliveryResult result = deliver(new ActionCase("mapped", "remove_tag", Map.of("id", "20"),
                Map.of("email", "payload@example.com"), Map.of("email", "mapped@example.com"), () -> {}, v -> {}));
        assertThat(result.delivered()).as("%s", result).isTrue();
        assertLookedUp(vendor, "mapped@example.com");
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertHeaders(Request request) {
        assertThat(request.header("Api-Token")).as("key of %s", request).isEqualTo(API_KEY);
        assertThat(request.header("Authorization")).as("no other credential on %s", request).isNull();
        assertJsonHeaders(request);
    }

    /** A request with the account's headers and the JSON body {@code expected}. */
    private static void assertSent(Request request, String expected) {
        assertHeaders(request);
        assertJson(request, expected);
    }

    private static void assertLookedUp(VendorStub v, String email) {
        Request lookup = v.only("GET", "/contacts");
        assertHeaders(lookup);
        assertThat(lookup.queryParameter("email")).as("lookup of %s", lookup).isEqualTo(email);
    }
}
