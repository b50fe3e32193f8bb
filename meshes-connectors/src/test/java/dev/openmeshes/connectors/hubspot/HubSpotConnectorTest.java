package dev.openmeshes.connectors.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.http.VendorJson;
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
import dev.openmeshes.core.connector.FieldDefinition.Type;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The hubspot connector against a stub of HubSpot's v3 CRM API answering with the bodies HubSpot
 * documents (its OpenAPI files in HubSpot/HubSpot-public-api-spec-collection and its error-handling
 * page), checking each request HubSpot would receive.
 */
class HubSpotConnectorTest extends ConnectorContractTest {

    private static final String TOKEN = "hs-access-token-CJb0mdq6MRIDAQEYs6Hm";
    private static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";
    private static final String LIST_SEARCH = "/crm/v3/lists/search";
    private static final String PROPERTIES = "/crm/v3/properties/contacts";
    private static final String INTROSPECT = "/oauth/v3/token/introspect";
    private static final String CORRELATION = "\"correlationId\":\"aeb5f871-7f07-4993-9211-075dc63e7cbf\"";

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new HubSpotConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "hubspot";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of();
    }

    @Override
    protected AccessToken token() {
        return new AccessToken(TOKEN, Instant.now().plus(Duration.ofMinutes(30)), Map.of("hub_id", 62515));
    }

    // ---- vendor answers, as HubSpot documents them

    private static String upserted(String id, boolean created) {
        return """
                {"status":"COMPLETE","results":[{"id":"%s","properties":{"email":"ann@example.com",
                "hs_object_id":"%s","createdate":"2026-11-30T09:00:00.000Z","lastmodifieddate":"2026-11-30T09:00:00.000Z"},
                "createdAt":"2026-11-30T09:00:00.000Z","updatedAt":"2026-11-30T09:00:00.000Z","archived":false,"new":%s}],
                "startedAt":"2026-11-30T09:00:00.000Z","completedAt":"2026-11-30T09:00:00.100Z"}"""
                .formatted(id, id, created);
    }

    private static String memberships(String added, String removed, String missing) {
        return "{\"recordIdsMissing\":[" + missing + "],\"recordIdsRemoved\":[" + removed + "],\"recordsIdsAdded\":["
                + added + "]}";
    }

    private static String hubSpotError(String category, String message) {
        return "{\"status\":\"error\",\"message\":\"" + message + "\"," + CORRELATION + ",\"category\":\"" + category
                + "\",\"links\":{\"knowledge-base\":\"https://www.hubspot.com/products/service/knowledge-base\"}}";
    }

    private static final String MISSING_SCOPES = "{\"status\":\"error\",\"message\":\"This app hasn't been granted all "
            + "required scopes to make this call. Read more about required scopes here: "
            + "https://developers.hubspot.com/scopes.\"," + CORRELATION + ",\"errors\":[{\"message\":\"One or more of the "
            + "following scopes are required.\",\"context\":{\"requiredGranularScopes\":[\"crm.lists.write\"]}}],"
            + "\"category\":\"MISSING_SCOPES\"}";

    private static final String RATE_LIMITED = "{\"status\":\"error\",\"message\":\"You have reached your "
            + "ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\"," + CORRELATION
            + ",\"policyName\":\"TEN_SECONDLY_ROLLING\",\"requestId\":\"3d3e35b7-0dae-4b9f-a6e3-9c230cbcf8dd\"}";

    private static String introspected(boolean active, String... scopes) {
        if (!active) {
            return "{\"active\":false}";
        }
        return "{\"active\":true,\"app_id\":1234,\"client_id\":\"client-id\",\"expires_in\":1650,\"hub_id\":62515,"
                + "\"hub_domain\":\"acme.com\",\"is_private_distribution\":false,\"scopes\":"
                + VendorJson.write(List.of(scopes)) + ",\"signed_access_token\":{},\"token\":\"" + TOKEN
                + "\",\"token_type\":\"bearer\",\"token_use\":\"access_token\",\"user\":\"owner@acme.com\",\"user_id\":42}";
    }

    private static final String[] ALL_SCOPES = {"oauth", "crm.objects.contacts.read", "crm.objects.contacts.write",
            "crm.lists.read", "crm.lists.write"};

    private static String list(String id, String name, String objectTypeId, String processingType) {
        return "{\"listId\":\"" + id + "\",\"listVersion\":1,\"name\":\"" + name + "\",\"objectTypeId\":\"" + objectTypeId
                + "\",\"processingStatus\":\"COMPLETE\",\"processingType\":\"" + processingType + "\","
                + "\"createdAt\":\"2023-09-28T22:03:17.998Z\",\"createdById\":\"1\",\"updatedAt\":\"2023-09-28T22:03:37.005Z\","
                + "\"additionalProperties\":{\"hs_list_size\":\"59\"}}";
    }

    private static String property(String name, String label, String type, String fieldType, String extra) {
        return "{\"name\":\"" + name + "\",\"label\":\"" + label + "\",\"type\":\"" + type + "\",\"fieldType\":\""
                + fieldType + "\",\"description\":\"\",\"groupName\":\"contactinformation\",\"displayOrder\":-1,"
                + "\"formField\":true,\"hidden\":false,\"hasUniqueValue\":false,\"hubspotDefined\":false,\"options\":[],"
                + "\"modificationMetadata\":{\"archivable\":true,\"readOnlyDefinition\":false,\"readOnlyValue\":false}"
                + extra + "}";
    }

    private static final String PROPERTIES_ANSWER = "{\"results\":["
            + property("email", "Email", "string", "text", "") + ","
            + property("firstname", "First Name", "string", "text", "") + ","
            + property("lifecyclestage", "Lifecycle Stage", "enumeration", "radio", "").replace("\"options\":[]",
            "\"options\":[{\"label\":\"Subscriber\",\"value\":\"subscriber\",\"displayOrder\":0,\"hidden\":false},"
                    + "{\"label\":\"Customer\",\"value\":\"customer\",\"displayOrder\":5,\"hidden\":false},"
                    + "{\"label\":\"Retired\",\"value\":\"retired\",\"displayOrder\":9,\"hidden\":true}]") + ","
            + property("plan_tier", "Plan tier", "enumeration", "checkbox", "").replace("\"options\":[]",
            "\"options\":[{\"label\":\"Gold\",\"value\":\"gold\",\"displayOrder\":0,\"hidden\":false},"
                    + "{\"label\":\"VIP\",\"value\":\"vip\",\"displayOrder\":1,\"hidden\":false}]") + ","
            + property("score", "Score", "number", "number", "") + ","
            + property("newsletter", "Newsletter", "bool", "booleancheckbox", "") + ","
            + property("renewal_date", "Renewal date", "date", "date", "") + ","
            + property("hs_object_id", "Record ID", "number", "number", "").replace("\"readOnlyValue\":false",
            "\"readOnlyValue\":true") + ","
            + property("hs_internal_flag", "Internal", "string", "text", "").replace("\"hidden\":false", "\"hidden\":true") + ","
            + property("days_to_close", "Days to close", "number", "calculation_equation", ",\"calculated\":true")
            + "]}";

    // ---- the contract's hooks

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.onJson("POST", INTROSPECT, 200, accepted ? introspected(true, ALL_SCOPES) : introspected(false));
    }

    @Override
    protected void stubActionData() {
        vendor.on("POST", LIST_SEARCH,
                Response.json(200, "{\"hasMore\":true,\"offset\":2,\"total\":4,\"lists\":[" + list("7", "Newsletter", "0-1",
                        "MANUAL") + "," + list("8", "Companies to call", "0-2", "MANUAL") + "]}"),
                Response.json(200, "{\"hasMore\":false,\"offset\":4,\"total\":4,\"lists\":[" + list("9", "Webinar 2026",
                        "0-1", "SNAPSHOT") + "," + list("12/34", "Imported/2025", "0-1", "MANUAL") + "]}"));
        vendor.onJson("GET", PROPERTIES, 200, PROPERTIES_ANSWER);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keys").containsOnlyKeys("lists", "properties");
        assertThat((List<Map<String, Object>>) data.get("lists")).as("contact lists of both pages, company list left out")
                .containsExactly(Map.of("id", "7", "name", "Newsletter"), Map.of("id", "9", "name", "Webinar 2026"),
                        Map.of("id", "12/34", "name", "Imported/2025"));
        List<Request> searches = vendor.requests("POST", LIST_SEARCH);
        assertThat(searches).as("one search per page").hasSize(2);
        assertJson(searches.get(0).body(), "{\"query\":\"\",\"count\":100,\"offset\":0,"
                + "\"processingTypes\":[\"MANUAL\",\"SNAPSHOT\"],\"additionalProperties\":[]}");
        assertJson(searches.get(1).body(), "{\"query\":\"\",\"count\":100,\"offset\":2,"
                + "\"processingTypes\":[\"MANUAL\",\"SNAPSHOT\"],\"additionalProperties\":[]}");
        searches.forEach(this::assertBearer);

        List<Map<String, Object>> properties = (List<Map<String, Object>>) data.get("properties");
        assertThat(properties).extracting(p -> p.get("id")).as("writable properties only (no hidden, read-only or "
                + "calculated ones)").containsExactly("email", "firstname", "lifecyclestage", "plan_tier", "score",
                "newsletter", "renewal_date");
        assertThat(properties).filteredOn(p -> p.get("id").equals("lifecyclestage")).singleElement()
                .satisfies(p -> assertThat(p).as("lifecycle stage with its visible options")
                        .containsEntry("name", "Lifecycle Stage")
                        .containsEntry("options", List.of(Map.of("value", "subscriber", "label", "Subscriber"),
                                Map.of("value", "customer", "label", "Customer"))));
        assertThat(properties).filteredOn(p -> p.get("id").equals("score")).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("options", List.of()));
        assertBearer(vendor.only("GET", PROPERTIES));
    }

    @Override
    protected List<ActionCase> actionCases() {
        Map<String, Object> ann = Map.of("email", "ann@example.com", "first_name", "Ann", "last_name", "Lee");
        return List.of(
                new ActionCase("add_to_list creates the contact, then adds it", "add_to_list", Map.of("id", "7"), ann,
                        Map.of(), () -> {
                            vendor.onJson("POST", UPSERT, 200, upserted("501", true));
                            vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 200, memberships("\"501\"", "", ""));
                        }, v -> {
                            Request upsert = v.only("POST", UPSERT);
                            assertBearer(upsert);
                            assertThat(upsert.header("Content-Type")).startsWith("application/json");
                            assertJson(upsert.body(), "{\"inputs\":[{\"id\":\"ann@example.com\",\"idProperty\":\"email\","
                                    + "\"properties\":{\"firstname\":\"Ann\",\"lastname\":\"Lee\"}}]}");
                            Request add = v.only("PUT", "/crm/v3/lists/7/memberships/add");
                            assertBearer(add);
                            assertThat(add.query()).as("query of the membership call").isNull();
                            assertJson(add.body(), "[\"501\"]");
                            assertCalls(v, "POST " + UPSERT, "PUT /crm/v3/lists/7/memberships/add");
                        }),
                new ActionCase("add_to_list finds the existing contact", "add_to_list", Map.of("id", "7"), ann, Map.of(),
                        () -> {
                            vendor.onJson("POST", UPSERT, 200, upserted("77", false));
                            vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 200, memberships("\"77\"", "", ""));
                        }, v -> assertJson(v.only("PUT", "/crm/v3/lists/7/memberships/add").body(), "[\"77\"]")),
                new ActionCase("add_to_list of a contact already in the list", "add_to_list", Map.of("id", "7"), ann,
                        Map.of(), () -> {
                            vendor.onJson("POST", UPSERT, 200, upserted("77", false));
                            vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 200, memberships("", "", ""));
                        }, v -> assertJson(v.only("PUT", "/crm/v3/lists/7/memberships/add").body(), "[\"77\"]")),
                new ActionCase("add_to_list with a list id and an email that need care", "add_to_list",
                        Map.of("id", "12/34"), Map.of("email", "ann+news@example.com"), Map.of(), () -> {
                            vendor.onJson("POST", UPSERT, 200, upserted("501", true));
                            vendor.onJson("PUT", "/crm/v3/lists/12%2F34/memberships/add", 200, memberships("\"501\"", "", ""));
                        }, v -> {
                            assertJson(v.only("POST", UPSERT).body(), "{\"inputs\":[{\"id\":\"ann+news@example.com\","
                                    + "\"idProperty\":\"email\",\"properties\":{}}]}");
                            assertJson(v.only("PUT", "/crm/v3/lists/12%2F34/memberships/add").body(), "[\"501\"]");
                        }),
                new ActionCase("add_to_list writes the mapped fields", "add_to_list", Map.of("id", "7"),
                        Map.of("email", "payload@example.com", "first_name", "Payload"),
                        mapped("email", "mapped@example.com", "first_name", "Mapped", "plan_tier", List.of("gold", "vip"),
                                "score", 12.0, "newsletter", true, "renewal_date", "2027-01-31", "phone", null), () -> {
                            vendor.onJson("POST", UPSERT, 200, upserted("501", false));
                            vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 200, memberships("\"501\"", "", ""));
                        }, v -> assertJson(v.only("POST", UPSERT).body(), "{\"inputs\":[{\"id\":\"mapped@example.com\","
                        + "\"idProperty\":\"email\",\"properties\":{\"firstname\":\"Mapped\",\"plan_tier\":\"gold;vip\","
                        + "\"score\":\"12\",\"newsletter\":\"true\",\"renewal_date\":\"2027-01-31\"}}]}")),
                new ActionCase("remove_from_list", "remove_from_list", Map.of("id", "7"), ann, Map.of(), () -> {
                    vendor.onJson("POST", UPSERT, 200, upserted("501", false));
                    vendor.onJson("PUT", "/crm/v3/lists/7/memberships/remove", 200, memberships("", "\"501\"", ""));
                }, v -> {
                    Request remove = v.only("PUT", "/crm/v3/lists/7/memberships/remove");
                    assertBearer(remove);
                    assertJson(remove.body(), "[\"501\"]");
                    assertCalls(v, "POST " + UPSERT, "PUT /crm/v3/lists/7/memberships/remove");
                }),
                new ActionCase("remove_from_list of a contact not in the list", "remove_from_list", Map.of("id", "7"), ann,
                        Map.of(), () -> {
                            vendor.onJson("POST", UPSERT, 200, upserted("501", true));
                            vendor.onJson("PUT", "/crm/v3/lists/7/memberships/remove", 200, memberships("", "", ""));
                        }, v -> assertJson(v.only("PUT", "/crm/v3/lists/7/memberships/remove").body(), "[\"501\"]")),
                new ActionCase("update_property", "update_property", Map.of("id", "lifecyclestage", "value", "customer"),
                        ann, Map.of(), () -> {
                            vendor.onJson("POST", UPSERT, 200, upserted("501", false));
                            vendor.onJson("PATCH", "/crm/v3/objects/contacts/501", 200, "{\"id\":\"501\",\"properties\":"
                                    + "{\"lifecyclestage\":\"customer\"},\"createdAt\":\"2026-11-30T09:00:00.000Z\","
                                    + "\"updatedAt\":\"2026-11-30T09:00:01.000Z\",\"archived\":false}");
                        }, v -> {
                            Request patch = v.only("PATCH", "/crm/v3/objects/contacts/501");
                            assertBearer(patch);
                            assertThat(patch.query()).as("the contact is addressed by its id, no idProperty").isNull();
                            assertJson(patch.body(), "{\"properties\":{\"lifecyclestage\":\"customer\"}}");
                            assertCalls(v, "POST " + UPSERT, "PATCH /crm/v3/objects/contacts/501");
                        }));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String add = "add_to_list creates the contact, then adds it";
        String update = "update_property";
        return List.of(
                new ErrorCase("expired token (401 EXPIRED_AUTHENTICATION) asks for a refresh", add,
                        () -> vendor.onJson("POST", UPSERT, 401, hubSpotError("EXPIRED_AUTHENTICATION",
                                "The OAuth token used to make this call expired 5 minute(s) ago.")),
                        Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("unknown token (401 INVALID_AUTHENTICATION) asks for a refresh", add,
                        () -> vendor.onJson("POST", UPSERT, 401, hubSpotError("INVALID_AUTHENTICATION",
                                "Authentication credentials not found.")),
                        Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("missing scopes (403 MISSING_SCOPES) deactivate until authorized again", add,
                        () -> vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 403, MISSING_SCOPES),
                        Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED),
                new ErrorCase("another 403 is final, without a verdict", add,
                        () -> vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 403, hubSpotError("FORBIDDEN",
                                "You do not have permission to edit this list.")),
                        Outcome.AUTH_FAILED, false, null),
                new ErrorCase("unknown list (404 OBJECT_NOT_FOUND) is final", add,
                        () -> vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 404, hubSpotError("OBJECT_NOT_FOUND",
                                "List 7 does not exist.")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("an active list (400 VALIDATION_ERROR) is final", add,
                        () -> vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 400, hubSpotError("VALIDATION_ERROR",
                                "List 7 has processing type DYNAMIC; memberships can only be changed on MANUAL or SNAPSHOT lists.")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("an invalid email (400 VALIDATION_ERROR on the upsert) is final", add,
                        () -> vendor.onJson("POST", UPSERT, 400, "{\"status\":\"error\",\"message\":\"Property values were "
                                + "not valid: [{\\\"isValid\\\":false,\\\"message\\\":\\\"Email address ann@ is invalid\\\","
                                + "\\\"error\\\":\\\"INVALID_EMAIL\\\",\\\"name\\\":\\\"email\\\"}]\"," + CORRELATION
                                + ",\"category\":\"VALIDATION_ERROR\"}"),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("a value that is no option (400 VALIDATION_ERROR on the update) is final", update,
                        () -> vendor.onJson("PATCH", "/crm/v3/objects/contacts/501", 400, "{\"status\":\"error\","
                                + "\"message\":\"Property values were not valid: [{\\\"isValid\\\":false,\\\"message\\\":"
                                + "\\\"customer was not one of the allowed options\\\",\\\"error\\\":\\\"INVALID_OPTION\\\","
                                + "\\\"name\\\":\\\"lifecyclestage\\\"}]\"," + CORRELATION + ",\"category\":\"VALIDATION_ERROR\"}"),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("a 207 upsert whose only input failed is final", add,
                        () -> vendor.onJson("POST", UPSERT, 207, "{\"status\":\"COMPLETE\",\"results\":[],\"numErrors\":1,"
                                + "\"errors\":[{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":"
                                + "\"Property values were not valid\",\"context\":{},\"errors\":[],\"links\":{}}],"
                                + "\"startedAt\":\"2026-11-30T09:00:00.000Z\",\"completedAt\":\"2026-11-30T09:00:00.100Z\"}"),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("HubSpot's own 429 body is retried", update,
                        () -> vendor.onJson("PATCH", "/crm/v3/objects/contacts/501", 429, RATE_LIMITED),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("a locked record (423) is retried", add,
                        () -> vendor.onJson("POST", UPSERT, 423, hubSpotError("LOCKED", "Too many requests to this record")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("an account being migrated (477) is retried", add,
                        () -> vendor.on("POST", UPSERT, Response.json(477, hubSpotError("MIGRATION_IN_PROGRESS",
                                "This account is being migrated")).withHeader("Retry-After", "3600")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("a 502 timeout is retried", add,
                        () -> vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 502, "{\"message\":\"Bad Gateway\"}"),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("an HTML 500 page is retried", update,
                        () -> vendor.on("POST", UPSERT, new Response(500, "<html><body>Internal Server Error</body></html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("a contact the list does not see yet (recordIdsMissing) is retried", add,
                        () -> vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 200, memberships("", "", "\"501\"")),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // ---- beyond the contract

    @Test
    void the_catalog_entry_declares_oauth_the_three_actions_and_hubspots_rate_limit() {
        ConnectorSpec spec = connector.spec();
        assertThat(spec.authentication()).isEqualTo(new Authentication.OAuth2("https://app.hubspot.com/oauth/authorize",
                "https://api.hubapi.com/oauth/v3/token", List.of("oauth", "crm.objects.contacts.read",
                "crm.objects.contacts.write", "crm.lists.read", "crm.lists.write"),
                Authentication.OAuth2.ClientAuth.BODY, true, Map.of()));
        assertThat(spec.fields()).as("an OAuth type without connection fields").isEmpty();
        assertThat(spec.rateLimit()).isEqualTo(new ConnectorSpec.RateLimit(100, Duration.ofSeconds(10)));

        Integration integration = spec.toIntegration();
        assertThat(integration.name()).isEqualTo("HubSpot");
        assertThat(integration.authentication()).containsEntry("type", "oauth").containsEntry("fields", List.of())
                .containsEntry("oauth", Map.of("version", 2));
        assertThat(integration.actions()).containsOnlyKeys("add_to_list", "remove_from_list", "update_property");
        assertThat(integration.actions().get("add_to_list").fields()).containsExactly("id");
        assertThat(integration.actions().get("add_to_list").data()).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("key", "lists").containsEntry("field", "id")
                        .containsEntry("kind", "simple").containsEntry("required", true));
        assertThat(integration.actions().get("update_property").fields()).containsExactly("id", "value");
        assertThat(integration.actions().get("update_property").data()).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("key", "properties").containsEntry("kind", "advanced"));
        assertThat(spec.destinationFields()).extracting(f -> f.providerMeta().get("name"))
                .as("HubSpot's names of the declared fields").containsExactly("email", "firstname", "lastname", "phone");
    }

    @Test
    void the_credential_check_introspects_the_token_with_the_servers_client_and_no_bearer() {
        stubCredentialCheck(true);
        assertThat(connector.check(context())).isNull();
        Request introspect = vendor.only("POST", INTROSPECT);
        assertThat(introspect.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(introspect.header("Authorization")).as("the introspection authenticates the client, not the token")
                .isNull();
        Request form = new Request("POST", INTROSPECT, introspect.body(), Map.of(), "");
        assertThat(List.of(form.queryParameter("client_id"), form.queryParameter("client_secret"),
                form.queryParameter("token"), form.queryParameter("token_type_hint")))
                .containsExactly("client-id", "client-secret", TOKEN, "access_token");
    }

    @Test
    void a_token_without_the_list_scopes_fails_the_check_and_asks_for_a_new_authorization() {
        vendor.onJson("POST", INTROSPECT, 200, introspected(true, "oauth", "crm.objects.contacts.read",
                "crm.objects.contacts.write"));
        DeliveryResult failed = connector.check(context());
        assertThat(failed).as("check result").isNotNull();
        assertThat(failed.verdict()).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThat(failed.message()).contains("crm.lists.read, crm.lists.write");
    }

    @Test
    void without_an_oauth_client_the_check_fails_plainly_and_calls_nobody() {
        ConnectorSettings noClient = new ConnectorSettings("hubspot", Optional.of(vendor.url()), Optional.empty(),
                Optional.empty());
        DeliveryResult failed = connector.check(contextWith(noClient, token()));
        assertThat(failed).as("check result").isNotNull();
        assertThat(failed.verdict()).as("no verdict on the connection: the server lacks configuration").isNull();
        assertThat(failed.message()).contains("MESHES_OAUTH_HUBSPOT_CLIENT_ID");
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void an_event_without_email_is_refused_before_any_call() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(Map.of("first_name", "Ann"),
                Map.of("email", "   "))) {
            DeliveryResult result = deliverUnstubbed("add_to_list", Map.of("id", "7"), payload);
            assertThat(List.of(result.outcome(), result.retryable())).as("%s for payload %s", result, payload)
                    .containsExactly(Outcome.MAPPING_ERROR, false);
            assertThat(result.message()).contains("email");
        }
        assertThat(vendor.requests()).as("requests sent").isEmpty();
    }

    @Test
    void a_rule_without_its_metadata_is_refused_before_any_call() {
        Map<String, Object> ann = Map.of("email", "ann@example.com");
        for (var c : List.of(new ActionCase("no list", "add_to_list", Map.of(), ann, Map.of(), () -> {}, v -> {}),
                new ActionCase("blank list", "remove_from_list", Map.of("id", " "), ann, Map.of(), () -> {}, v -> {}),
                new ActionCase("no value", "update_property", Map.of("id", "lifecyclestage"), ann, Map.of(), () -> {},
                        v -> {}))) {
            DeliveryResult result = deliver(c);
            assertThat(List.of(result.outcome(), result.retryable())).as("%s: %s", c.name(), result)
                    .containsExactly(Outcome.REJECTED_CLIENT_ERROR, false);
            assertThat(result.message()).as(c.name()).contains("metadata." + (c.name().equals("no value") ? "value" : "id"));
        }
        assertThat(vendor.requests()).as("requests sent").isEmpty();
    }

    @Test
    void a_delivery_records_the_token_redacted_and_says_what_happened() {
        Map<String, String> messages = new LinkedHashMap<>();
        for (ActionCase c : actionCases()) {
            vendor.reset();
            c.stubVendor().run();
            DeliveryResult result = deliver(c);
            assertThat(result.requestHeaders()).as(c.name()).containsEntry("Authorization", "[redacted]");
            messages.put(c.name(), result.message());
        }
        assertThat(messages).containsEntry("add_to_list creates the contact, then adds it",
                        "HubSpot: contact 501 added to list 7")
                .containsEntry("add_to_list of a contact already in the list", "HubSpot: contact 77 was already in list 7")
                .containsEntry("remove_from_list", "HubSpot: contact 501 removed from list 7")
                .containsEntry("remove_from_list of a contact not in the list", "HubSpot: contact 501 was not in list 7")
                .containsEntry("update_property", "HubSpot: contact 501 property lifecyclestage set");
    }

    @Test
    void the_regular_spelling_recordIdsAdded_counts_as_added_too() {
        vendor.onJson("POST", UPSERT, 200, upserted("501", true));
        vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 200,
                "{\"recordIdsMissing\":[],\"recordIdsRemoved\":[],\"recordIdsAdded\":[\"501\"]}");
        assertThat(deliver(actionCases().getFirst()).message()).isEqualTo("HubSpot: contact 501 added to list 7");
    }

    @Test
    void failure_messages_name_the_call_and_hubspots_reason() {
        ActionCase add = actionCases().getFirst();
        add.stubVendor().run();
        vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 404, hubSpotError("OBJECT_NOT_FOUND",
                "List 7 does not exist."));
        assertThat(deliver(add).message()).isEqualTo("HubSpot add to list 7 failed: HTTP 404 OBJECT_NOT_FOUND: "
                + "List 7 does not exist.");

        vendor.onJson("PUT", "/crm/v3/lists/7/memberships/add", 403, MISSING_SCOPES);
        assertThat(deliver(add).message()).startsWith("HubSpot add to list 7 failed: HTTP 403 MISSING_SCOPES: ")
                .contains("(required scopes: crm.lists.write)").endsWith("connect HubSpot again to grant them");
    }

    @Test
    void a_locked_record_waits_at_least_the_two_seconds_the_lock_lasts_and_a_migration_as_long_as_hubspot_asks() {
        ActionCase add = actionCases().getFirst();
        add.stubVendor().run();
        vendor.onJson("POST", UPSERT, 423, hubSpotError("LOCKED", "locked"));
        assertThat(deliver(add).retryAfter()).isEqualTo(Duration.ofSeconds(2));

        vendor.on("POST", UPSERT, Response.json(477, hubSpotError("MIGRATION_IN_PROGRESS", "migrating"))
                .withHeader("Retry-After", "3600"));
        assertThat(deliver(add).retryAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void action_data_that_hubspot_refuses_is_a_vendor_exception_with_its_verdict() {
        vendor.onJson("POST", LIST_SEARCH, 401, hubSpotError("EXPIRED_AUTHENTICATION",
                "The OAuth token used to make this call expired 1 minute(s) ago."));
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .satisfies(e -> assertThat(((VendorException) e).result().verdict()).isEqualTo(Verdict.TOKEN_EXPIRED))
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void a_list_search_that_announces_more_without_moving_on_is_not_read_forever() {
        vendor.onJson("POST", LIST_SEARCH, 200, "{\"hasMore\":true,\"offset\":0,\"total\":9,\"lists\":["
                + list("7", "Newsletter", "0-1", "MANUAL") + "]}");
        vendor.onJson("GET", PROPERTIES, 200, PROPERTIES_ANSWER);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("without a next offset");
        assertThat(vendor.requests("POST", LIST_SEARCH)).hasSize(1);
    }

    @Test
    void an_answer_that_is_not_json_never_passes_for_an_empty_list_or_a_contact() {
        vendor.on("GET", PROPERTIES, new Response(200, "<html>Captive portal</html>", Map.of("Content-Type", "text/html")));
        assertThatThrownBy(() -> connector.fields(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("not a JSON object");

        vendor.on("POST", UPSERT, new Response(200, "<html>Captive portal</html>", Map.of("Content-Type", "text/html")));
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(List.of(result.delivered(), result.retryable())).as("%s", result).containsExactly(false, true);
    }

    @Test
    void fields_type_the_accounts_own_properties_and_keep_the_declared_ones_once() {
        vendor.onJson("GET", PROPERTIES, 200, PROPERTIES_ANSWER);
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        connector.fields(context()).forEach(f -> fields.put(f.key(), f));

        assertThat(fields.keySet()).as("declared fields first; firstname and email are declared as first_name and email")
                .containsExactly("email", "first_name", "last_name", "phone", "lifecyclestage", "plan_tier", "score",
                        "newsletter", "renewal_date");
        assertThat(fields.get("lifecyclestage").type()).isEqualTo(Type.ENUM);
        assertThat(fields.get("lifecyclestage").constraints().allowedValues()).containsExactly("subscriber", "customer");
        assertThat(fields.get("plan_tier").type()).as("a checkbox enumeration holds several values").isEqualTo(Type.MULTI_ENUM);
        assertThat(fields.get("score").type()).isEqualTo(Type.NUMBER);
        assertThat(fields.get("newsletter").type()).isEqualTo(Type.BOOLEAN);
        assertThat(fields.get("renewal_date").type()).isEqualTo(Type.DATE);
        assertThat(fields.get("plan_tier").providerMeta()).containsEntry("name", "plan_tier")
                .containsEntry("fieldType", "checkbox");
        assertThat(fields.get("email").constraints().isRequired()).isTrue();
    }

    @Test
    void concurrent_deliveries_of_different_connections_each_send_their_own_token() throws Exception {
        ActionCase add = actionCases().getFirst();
        add.stubVendor().run();
        List<Callable<DeliveryResult>> deliveries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AccessToken token = new AccessToken("token-of-connection-" + (i % 2), null, Map.of());
            deliveries.add(() -> deliver(add, contextWith(settings(), token)));
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var future : pool.invokeAll(deliveries)) {
                assertThat(future.get().delivered()).as("%s", future.get()).isTrue();
            }
        }
        assertThat(vendor.requests()).extracting(r -> r.header("Authorization")).as("tokens sent")
                .containsOnly("Bearer token-of-connection-0", "Bearer token-of-connection-1")
                .filteredOn(h -> h.endsWith("0")).hasSize(20);
    }

    // ---- helpers

    private ConnectorContext contextWith(ConnectorSettings settings, AccessToken token) {
        var connection = new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "hubspot",
                "HubSpot", Map.of());
        return new ConnectorContext(connection, () -> token, http, clock, settings);
    }

    private void assertBearer(Request request) {
        assertThat(request.header("Authorization")).as("Authorization of %s", request).isEqualTo("Bearer " + TOKEN);
    }

    private static void assertJson(String actual, String expected) {
        JsonNode seen = VendorJson.mapper().readTree(actual);
        assertThat(seen).as("JSON body: expected %s, seen %s", expected, actual)
                .isEqualTo(VendorJson.mapper().readTree(expected));
    }

}
