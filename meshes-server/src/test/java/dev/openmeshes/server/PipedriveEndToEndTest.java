package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code pipedrive} type end to end, as a customer uses it: events sent with the workspace's
 * publishable key, a rule of each action kind, a default mapping with transforms onto built-in and
 * custom person fields, and the stubbed company API receiving exactly the requests Pipedrive
 * documents; the history showing each attempt without the token; action data and the field catalog
 * read from the vendor; a final refusal recorded with Pipedrive's words; and a token Pipedrive keeps
 * refusing, even refreshed, deactivating the connection and holding its deliveries. On SQLite and
 * PostgreSQL.
 */
class PipedriveEndToEndTest extends VendorEndToEnd {

    static final String TOKEN = "v1u:pipedrive-e2e-access-token";
    static final String PLAN = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    static final String SEATS = "0f1e2d3c4b5a69788796a5b4c3d2e1f001234567";

    static final String API = "/pipedrive/api/v2";
    static final String SEARCH = API + "/persons/search";
    static final String PERSONS = API + "/persons";
    static final String PERSON = API + "/persons/42";
    static final String FIELDS = API + "/personFields";

    static final String PLAN_FIELD = field(PLAN, "Plan", "enum", true,
            "[{\"id\":11,\"label\":\"Free\"},{\"id\":12,\"label\":\"Pro\"}]");
    static final String SEATS_FIELD = field(SEATS, "Seats", "int", true, "null");
    static final String LABEL_FIELD = field("label_ids", "Labels", "set", false,
            "[{\"id\":5,\"label\":\"Hot lead\",\"color\":\"red\"},{\"id\":6,\"label\":\"Customer\",\"color\":\"green\"}]");

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_PIPEDRIVE_BASE_URL", vendor.url() + "/pipedrive",
                "MESHES_CONNECTOR_PIPEDRIVE_TOKEN_URL", vendor.url() + "/pipedrive/oauth/token",
                "MESHES_OAUTH_PIPEDRIVE_CLIENT_ID", "pd-client",
                "MESHES_OAUTH_PIPEDRIVE_CLIENT_SECRET", "pd-client-secret");
    }

    PipedriveEndToEndTest() {
        super("Pipedrive");
    }

    @Test
    void syncPersonCreatesThePersonFromTheMappedBuiltInAndCustomFields() {
        String connection = pipedrive(TOKEN, null);
        vendor.on("GET", FIELDS, page(LABEL_FIELD, PLAN_FIELD, SEATS_FIELD));
        String rule = rule(connection, "user.signup", "{\"action\":\"sync_person\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "name", "source": {"type": "path", "value": "user.name"}, "transforms": [{"type": "trim"}]},
                  {"dest": "phone", "source": {"type": "path", "value": "user.phone"}, "transforms": [{"type": "substring", "start": 0, "length": 13}]},
                  {"dest": "%s", "source": {"type": "path", "value": "plan"}, "transforms": [{"type": "default", "value": "Free"}]},
                  {"dest": "%s", "source": {"type": "path", "value": "seats"}, "transforms": [{"type": "to_number"}]}]}}"""
                .formatted(PLAN, SEATS));
        vendor.on("GET", SEARCH, Response.json(200, NOBODY));
        vendor.on("GET", FIELDS + "/" + PLAN, one(PLAN_FIELD));
        vendor.on("GET", FIELDS + "/" + SEATS, one(SEATS_FIELD));
        vendor.on("POST", PERSONS, Response.json(200, person(42)));

        UUID event = scenario.emitOk("user.signup", "{\"user\":{\"email\":\" Ada@Example.COM \",\"name\":\" Ada Lovelace \","
                + "\"phone\":\"+353871234567 ext 9\"},\"seats\":\"12\"}");

        awaitEvent(event, "completed");
        Request search = vendor.only("GET", SEARCH);
        assertThat(search.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(List.of(search.queryParameter("term"), search.queryParameter("fields"),
                search.queryParameter("exact_match"))).as("the search by the mapped email")
                .containsExactly("ada@example.com", "email", "true");
        Request created = vendor.only("POST", PERSONS);
        assertThat(created.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertJson(created, """
                {"name":"Ada Lovelace","emails":[{"value":"ada@example.com","primary":true,"label":"work"}],
                 "phones":[{"value":"+353871234567","primary":true,"label":"work"}],
                 "custom_fields":{"%s":11,"%s":12}}""".formatted(PLAN, SEATS));
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", TOKEN);
    }

    @Test
    void updatePersonFieldSetsTheTemplatedOptionOnTheExistingPerson() {
        String connection = pipedrive(TOKEN, null);
        String rule = rule(connection, "plan.changed", "{\"action\":\"update_person_field\",\"id\":\"" + PLAN + "\","
                + "\"value\":\"{{plan}}\"}");
        vendor.on("GET", FIELDS + "/" + PLAN, one(PLAN_FIELD));
        vendor.on("GET", SEARCH, Response.json(200, found(42)));
        vendor.on("PATCH", PERSON, Response.json(200, person(42)));

        UUID event = scenario.emitOk("plan.changed", "{\"email\":\"ada@example.com\",\"plan\":\"Pro\"}");

        awaitEvent(event, "completed");
        assertJson(vendor.only("PATCH", PERSON), "{\"custom_fields\":{\"" + PLAN + "\":12}}");
        assertThat(vendor.requests("POST", PERSONS)).as("persons created").isEmpty();
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", TOKEN);
    }

    @Test
    void labelsAreAddedOnceAndRemovedFromThePersonsLabels() {
        String connection = pipedrive(TOKEN, null);
        String add = rule(connection, "deal.hot", "{\"action\":\"add_label_to_person\",\"id\":\"5\"}");
        rule(connection, "deal.cold", "{\"action\":\"remove_label_from_person\",\"id\":\"6\"}");
        vendor.on("GET", SEARCH, Response.json(200, found(42)));
        vendor.on("GET", PERSON, Response.json(200, person(42, 6)));
        vendor.on("PATCH", PERSON, Response.json(200, person(42, 6, 5)));

        UUID hot = scenario.emitOk("deal.hot", "{\"email\":\"ada@example.com\"}");
        awaitEvent(hot, "completed");
        assertJson(vendor.only("PATCH", PERSON), "{\"label_ids\":[6,5]}");
        assertDeliveredAttemptHidesSecret(hot, add, "Authorization", TOKEN);

        vendor.reset();
        vendor.on("GET", SEARCH, Response.json(200, found(42)));
        vendor.on("GET", PERSON, Response.json(200, person(42, 5, 6)));
        vendor.on("PATCH", PERSON, Response.json(200, person(42, 5)));
        UUID again = scenario.emitOk("deal.hot", "{\"email\":\"ada@example.com\"}");
        UUID cold = scenario.emitOk("deal.cold", "{\"email\":\"ada@example.com\"}");
        awaitEvent(again, "completed");
        awaitEvent(cold, "completed");
        assertThat(vendor.requests("PATCH", PERSON)).as("one change: the label removed; the label already there is "
                + "not added twice").hasSize(1);
        assertJson(vendor.only("PATCH", PERSON), "{\"label_ids\":[5]}");
    }

    @Test
    void actionDataAndTheFieldCatalogAreReadFromTheCompanysPersonFields() {
        String connection = pipedrive(TOKEN, null);
        vendor.on("GET", FIELDS, page(LABEL_FIELD, PLAN_FIELD));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertSameJson(actions.path("labels"), "[{\"id\":\"5\",\"name\":\"Hot lead\"},{\"id\":\"6\",\"name\":\"Customer\"}]",
                "labels: the options of label_ids");
        assertSameJson(actions.path("properties"), "[{\"id\":\"" + PLAN + "\",\"name\":\"Plan\",\"options\":["
                + "{\"value\":\"11\",\"label\":\"Free\"},{\"value\":\"12\",\"label\":\"Pro\"}]}]", "settable fields");
        assertThat(vendor.only("GET", FIELDS).header("Authorization")).isEqualTo("Bearer " + TOKEN);

        String fields = "/api/v1/connections/" + connection + "/fields";
        JsonNode first = get(fields);
        assertThat(first.path("integration_type").asString()).isEqualTo("pipedrive");
        assertThat(keys(first)).as("declared fields, then the custom ones by field code")
                .containsExactly("email", "name", "phone", "owner_id", "org_id", PLAN);
        JsonNode plan = first.path("fields").get(5);
        assertSameJson(plan, "{\"key\":\"" + PLAN + "\",\"type\":\"enum\",\"label\":\"Plan\",\"constraints\":"
                + "{\"allowed_values\":[\"Free\",\"Pro\"]},\"provider_meta\":{\"field_code\":\"" + PLAN + "\","
                + "\"field_type\":\"enum\",\"custom\":true}}", "the custom enum");

        vendor.on("GET", FIELDS, page(LABEL_FIELD, PLAN_FIELD, SEATS_FIELD));
        assertThat(keys(get(fields))).as("the stored catalog until refreshed").doesNotContain(SEATS);
        assertThat(keys(get(fields + "?refresh=true"))).as("refreshed from the vendor").contains(PLAN, SEATS);
    }

    @Test
    void aFinalRefusalIsRecordedWithPipedrivesMessage() {
        String connection = pipedrive(TOKEN, null);
        String rule = rule(connection, "deal.hot", "{\"action\":\"add_label_to_person\",\"id\":\"5\"}");
        vendor.on("GET", SEARCH, Response.json(200, found(42)));
        vendor.on("GET", PERSON, Response.json(200, person(42)));
        vendor.on("PATCH", PERSON, Response.json(400, "{\"success\":false,\"error\":\"Label with ID 5 does not exist\","
                + "\"error_info\":\"Please check developers.pipedrive.com for more information about Pipedrive API.\","
                + "\"data\":null,\"additional_data\":null}"));

        UUID event = scenario.emitOk("deal.hot", "{\"email\":\"ada@example.com\"}");

        awaitFinalRefusal(event, rule, 400, "Authorization", "Label with ID 5 does not exist");
    }

    /**
     * Pipedrive answers 401 to an expired and a revoked token alike: the platform refreshes the token
     * once (Basic client authentication), and a refusal of the fresh one means the app's access was
     * revoked: the connection goes inactive and its deliveries wait.
     */
    @Test
    void aTokenRefusedEvenRefreshedDeactivatesTheConnectionAndHoldsItsDeliveries() {
        String connection = pipedrive("v1u:revoked", "pd-refresh");
        String rule = rule(connection, "user.signup", "{\"action\":\"sync_person\"}");
        Response unauthorized = Response.json(401, "{\"success\":false,\"error\":\"unauthorized access\",\"errorCode\":401,"
                + "\"error_info\":\"Please check developers.pipedrive.com for more information about Pipedrive API.\"}");
        vendor.on("GET", SEARCH, unauthorized);
        vendor.on("POST", "/pipedrive/oauth/token", Response.json(200, "{\"access_token\":\"v1u:refreshed\","
                + "\"token_type\":\"Bearer\",\"expires_in\":3599,\"refresh_token\":\"pd-refresh-2\","
                + "\"scope\":\"base,contacts:full\",\"api_domain\":\"https://acme.pipedrive.com\"}"));

        UUID first = scenario.emitOk("user.signup", "{\"email\":\"ada@example.com\"}");
        awaitDeactivated(connection, "oauth_authorization_revoked");
        Request refresh = vendor.only("POST", "/pipedrive/oauth/token");
        assertThat(refresh.header("Authorization")).as("client authentication of the refresh").isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("pd-client:pd-client-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(refresh.body()).contains("grant_type=refresh_token", "refresh_token=pd-refresh");
        assertThat(vendor.requests("GET", SEARCH).stream().map(r -> r.header("Authorization")).toList())
                .as("the search with the stale token, then once with the refreshed one")
                .containsExactly("Bearer v1u:revoked", "Bearer v1u:refreshed");

        UUID second = scenario.emitOk("user.signup", "{\"email\":\"bob@example.com\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("GET", SEARCH)).as("calls while held").hasSize(2);
        assertThat(attempts(first, rule).toString()).as("the attempt history").doesNotContain("v1u:revoked")
                .doesNotContain("v1u:refreshed").doesNotContain("pd-refresh");
    }

    // ---------------------------------------------------------------- Pipedrive's documented bodies

    static String field(String code, String name, String type, boolean custom, String options) {
        return "{\"field_name\":\"" + name + "\",\"field_code\":\"" + code + "\",\"field_type\":\"" + type + "\","
                + "\"options\":" + options + ",\"subfields\":null,\"is_custom_field\":" + custom
                + ",\"is_optional_response_field\":false}";
    }

    static Response one(String field) {
        return Response.json(200, "{\"success\":true,\"data\":" + field + "}");
    }

    static Response page(String... fields) {
        return Response.json(200, "{\"success\":true,\"data\":[" + String.join(",", fields)
                + "],\"additional_data\":{\"next_cursor\":null}}");
    }

    static final String NOBODY = "{\"success\":true,\"data\":{\"items\":[]},\"additional_data\":{\"next_cursor\":null}}";

    static String found(long id) {
        return "{\"success\":true,\"data\":{\"items\":[{\"result_score\":1.2,\"item\":{\"id\":" + id + ",\"type\":\"person\","
                + "\"name\":\"Ada Lovelace\",\"phones\":[],\"emails\":[\"ada@example.com\"],\"visible_to\":3,"
                + "\"owner\":{\"id\":1},\"custom_fields\":[],\"notes\":[]}}]},\"additional_data\":{\"next_cursor\":null}}";
    }

    static String person(long id, long... labels) {
        StringBuilder ids = new StringBuilder();
        for (long label : labels) {
            ids.append(ids.isEmpty() ? "" : ",").append(label);
        }
        return "{\"success\":true,\"data\":{\"id\":" + id + ",\"name\":\"Ada Lovelace\",\"emails\":[{\"value\":"
                + "\"ada@example.com\",\"primary\":true,\"label\":\"work\"}],\"label_ids\":[" + ids + "],"
                + "\"custom_fields\":{}}}";
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    private String pipedrive(String accessToken, String refreshToken) {
        String oauth = "{\"access_token\":\"" + accessToken + "\","
                + (refreshToken == null ? "" : "\"refresh_token\":\"" + refreshToken + "\",")
                + "\"api_domain\":\"https://acme.pipedrive.com\"}";
        return createConnection("pipedrive", "CRM", "{\"oauth\":" + oauth + ",\"skip_url_test\":true}", accessToken);
    }
}
