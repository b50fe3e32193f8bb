package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.server.support.Http;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Each SaaS connection type end to end, as a customer uses it: an event sent with the workspace's
 * publishable key, a rule choosing one of the type's actions, a default mapping with transforms,
 * and the stubbed vendor receiving exactly the request it documents; the history showing the
 * attempt without the token; live action data and the field catalog read from the vendor (kept
 * until refreshed); and a final vendor refusal recorded with the vendor's own words. HubSpot,
 * Salesforce and Intercom here (Zoom and Slack are in {@link ConnectorPlatformTest}), on SQLite
 * and PostgreSQL.
 */
class ConnectorEndToEndTest extends VendorEndToEnd {

    static final String HUBSPOT_TOKEN = "hs-e2e-access-token";
    static final String SALESFORCE_TOKEN = "00D5g000004SxyZ!AQ4AQ.e2e-access-token";
    static final String INTERCOM_TOKEN = "dG9rOmludGVyY29tLWUyZQ==";

    static final String HS_PROPERTIES = "/hubspot/crm/v3/properties/contacts";
    static final String HS_UPSERT = "/hubspot/crm/v3/objects/contacts/batch/upsert";
    static final String SF_DESCRIBE = "/salesforce/sobjects/Contact/describe";
    static final String IC_ATTRIBUTES = "/intercom/data_attributes";

    @TempDir
    Path ownDir;

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_HUBSPOT_BASE_URL", vendor.url() + "/hubspot",
                "MESHES_CONNECTOR_HUBSPOT_TOKEN_URL", vendor.url() + "/hubspot/oauth/v1/token",
                "MESHES_OAUTH_HUBSPOT_CLIENT_ID", "hs-client",
                "MESHES_OAUTH_HUBSPOT_CLIENT_SECRET", "hs-client-secret",
                "MESHES_CONNECTOR_SALESFORCE_BASE_URL", vendor.url() + "/salesforce",
                "MESHES_CONNECTOR_INTERCOM_BASE_URL", vendor.url() + "/intercom");
    }

    ConnectorEndToEndTest() {
        super("E2E");
    }

    // ---------------------------------------------------------------- HubSpot

    @Test
    void hubspotUpsertsTheMappedContactAndAddsItToTheRulesList() {
        String connection = hubspot();
        vendor.onJson("GET", HS_PROPERTIES, 200, HubSpot.properties(HubSpot.PLAN_TIER));
        String rule = rule(connection, "user.signup", "{\"action\":\"add_to_list\",\"id\":\"7\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "user.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "last_name", "source": {"type": "path", "value": "user.last"}, "transforms": [{"type": "default", "value": "Unknown"}]},
                  {"dest": "phone", "source": {"type": "path", "value": "user.phone"}, "transforms": [{"type": "substring", "start": 0, "length": 13}]},
                  {"dest": "plan_tier", "source": {"type": "path", "value": "plan"}, "transforms": [{"type": "lower"}]}]}}""");
        vendor.onJson("POST", HS_UPSERT, 200, HubSpot.upserted("501"));
        vendor.onJson("PUT", "/hubspot/crm/v3/lists/7/memberships/add", 200,
                "{\"recordIdsMissing\":[],\"recordIdsRemoved\":[],\"recordsIdsAdded\":[\"501\"]}");

        UUID event = scenario.emitOk("user.signup", "{\"user\":{\"email\":\"  Ada@Example.COM \",\"first\":\" Ada \","
                + "\"phone\":\"+353871234567 ext 9\"},\"plan\":\"GOLD\"}");

        JsonNode delivered = awaitEvent(event, "completed");
        assertThat(delivered.path("rule_events").get(0).path("status").asString()).isEqualTo("completed");
        Request upsert = vendor.only("POST", HS_UPSERT);
        assertThat(upsert.header("Authorization")).as("upsert auth").isEqualTo("Bearer " + HUBSPOT_TOKEN);
        assertJson(upsert, """
                {"inputs":[{"id":"ada@example.com","idProperty":"email","properties":
                  {"firstname":"Ada","lastname":"Unknown","phone":"+353871234567","plan_tier":"gold"}}]}""");
        Request add = vendor.only("PUT", "/hubspot/crm/v3/lists/7/memberships/add");
        assertThat(add.header("Authorization")).as("membership auth").isEqualTo("Bearer " + HUBSPOT_TOKEN);
        assertJson(add, "[\"501\"]");
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", HUBSPOT_TOKEN);
    }

    @Test
    void hubspotActionDataAndFieldCatalogAreReadFromTheVendorAndTheCatalogIsKeptUntilRefreshed() {
        String connection = hubspot();
        vendor.onJson("POST", "/hubspot/crm/v3/lists/search", 200, "{\"hasMore\":false,\"offset\":2,\"total\":2,"
                + "\"lists\":[" + HubSpot.list("7", "Newsletter", "0-1") + "," + HubSpot.list("8", "Companies", "0-2") + "]}");
        vendor.onJson("GET", HS_PROPERTIES, 200, HubSpot.properties(HubSpot.PLAN_TIER));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertSameJson(actions.path("lists"), "[{\"id\":\"7\",\"name\":\"Newsletter\"}]", "contact lists only");
        assertThat(actions.path("properties").valueStream().map(p -> p.path("id").asString()))
                .as("writable properties: %s", actions).containsExactly("email", "firstname", "plan_tier");
        assertThat(vendor.only("POST", "/hubspot/crm/v3/lists/search").header("Authorization"))
                .isEqualTo("Bearer " + HUBSPOT_TOKEN);

        assertCatalogKeptUntilRefreshed(connection, "hubspot", "GET", HS_PROPERTIES, "plan_tier", "favorite_color",
                () -> vendor.onJson("GET", HS_PROPERTIES, 200,
                        HubSpot.properties(HubSpot.PLAN_TIER, HubSpot.property("favorite_color", "Favorite color"))));
    }

    @Test
    void hubspotRefusingThePropertyValueFailsTheDeliveryWithHubspotsMessage() {
        String connection = hubspot();
        String rule = rule(connection, "plan.changed", "{\"action\":\"update_property\",\"id\":\"lifecyclestage\","
                + "\"value\":\"customer\"}");
        vendor.onJson("POST", HS_UPSERT, 200, HubSpot.upserted("501"));
        vendor.onJson("PATCH", "/hubspot/crm/v3/objects/contacts/501", 400, "{\"status\":\"error\",\"message\":"
                + "\"Property values were not valid: customer was not one of the allowed options\","
                + "\"correlationId\":\"aeb5f871-7f07-4993-9211-075dc63e7cbf\",\"category\":\"VALIDATION_ERROR\"}");

        UUID event = scenario.emitOk("plan.changed", "{\"email\":\"ada@example.com\"}");

        awaitFinalRefusal(event, rule, 400, "Authorization", "customer was not one of the allowed options");
        assertJson(vendor.only("PATCH", "/hubspot/crm/v3/objects/contacts/501"),
                "{\"properties\":{\"lifecyclestage\":\"customer\"}}");
    }

    // ---------------------------------------------------------------- Salesforce

    @Test
    void salesforceCreatesTheMappedContactAndAddsItToTheCampaign() {
        String connection = salesforce(server, scenario, "https://acme.my.salesforce.com");
        vendor.onJson("GET", SF_DESCRIBE, 200, Salesforce.describe(Salesforce.PLAN));
        String rule = rule(connection, "trial.started", "{\"action\":\"add_to_campaign\",\"id\":\"" + Salesforce.CAMPAIGN + "\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "person.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "person.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "last_name", "source": {"type": "path", "value": "person.last"}, "transforms": [{"type": "upper"}]},
                  {"dest": "Plan__c", "source": {"type": "path", "value": "plan"}, "transforms": [{"type": "lower"}, {"type": "substring", "start": 0, "length": 3}]}]}}""");
        vendor.onJson("GET", "/salesforce/query", 200, Salesforce.records());
        vendor.onJson("POST", "/salesforce/sobjects/Contact", 201, Salesforce.created(Salesforce.CONTACT));
        vendor.onJson("POST", "/salesforce/sobjects/CampaignMember", 201, Salesforce.created(Salesforce.MEMBER));

        UUID event = scenario.emitOk("trial.started", "{\"person\":{\"email\":\" Jane.Doe@Example.com\","
                + "\"first\":\"Jane \",\"last\":\"Doe\"},\"plan\":\"PROFESSIONAL\"}");

        awaitEvent(event, "completed");
        Request query = vendor.only("GET", "/salesforce/query");
        assertThat(query.header("Authorization")).isEqualTo("Bearer " + SALESFORCE_TOKEN);
        assertThat(query.queryParameter("q")).as("the contact looked up by the mapped email")
                .isEqualTo("SELECT Id FROM Contact WHERE Email = 'jane.doe@example.com' ORDER BY CreatedDate ASC LIMIT 1");
        Request contact = vendor.only("POST", "/salesforce/sobjects/Contact");
        assertThat(contact.header("Authorization")).isEqualTo("Bearer " + SALESFORCE_TOKEN);
        assertJson(contact, "{\"Email\":\"jane.doe@example.com\",\"FirstName\":\"Jane\",\"LastName\":\"DOE\","
                + "\"Plan__c\":\"pro\"}");
        assertJson(vendor.only("POST", "/salesforce/sobjects/CampaignMember"), "{\"CampaignId\":\"" + Salesforce.CAMPAIGN
                + "\",\"ContactId\":\"" + Salesforce.CONTACT + "\"}");
        assertThat(vendor.requests()).as("the configured base URL wins over the token's instance_url")
                .allSatisfy(r -> assertThat(r.path()).startsWith("/salesforce/"));
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", SALESFORCE_TOKEN);
    }

    /**
     * An {@code instance_url} is a URL a client chose (tokens in {@code metadata.oauth}), so it goes
     * through the SSRF guard: without the operator's allow-list, one pointing into the server's own
     * network is refused before any connection, and the token never leaves.
     */
    @Test
    void aClientsInstanceUrlIntoThePrivateNetworkIsRefusedAndTheTokenNeverSent() {
        Map<String, String> env = new java.util.HashMap<>(settings());
        env.remove("MESHES_CONNECTOR_SALESFORCE_BASE_URL");
        env.put("MESHES_WEBHOOK_ALLOW_HOSTS", "");
        try (TestServer guarded = TestServer.start(kind, ownDir.resolve("guarded-" + kind), env)) {
            Scenario tenant = newScenario(guarded, "Guarded");
            String connection = salesforce(guarded, tenant, vendor.url() + "/internal/");
            var actions = guarded.http().get("/api/v1/connections/" + connection + "/actions", tenant.tenant.token());
            assertThat(actions.status()).as("actions from a loopback instance: %s", actions).isEqualTo(502);
            assertThat(actions.json().path("correlation_id").asString()).isNotBlank();

            rule(guarded, tenant, connection, "lead.scored",
                    "{\"action\":\"update_property\",\"id\":\"LeadSource\",\"value\":\"Web\"}");
            UUID event = tenant.emitOk("lead.scored", "{\"email\":\"jane@example.com\"}");
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(tenant.event(event).path("status").asString()).isEqualTo("failed"));
            assertThat(tenant.event(event).path("rule_events").get(0).path("last_error").asString())
                    .contains("destination refused");
            assertThat(vendor.requests()).as("requests that reached the private address").isEmpty();
        }
    }

    /** Without MESHES_CONNECTOR_SALESFORCE_BASE_URL every call goes to the org of the token's instance_url. */
    @Test
    void withoutABaseUrlSalesforceIsCalledAtTheTokensInstanceUrl() {
        Map<String, String> env = new java.util.HashMap<>(settings());
        env.remove("MESHES_CONNECTOR_SALESFORCE_BASE_URL");
        try (TestServer direct = TestServer.start(kind, ownDir.resolve("instance-url-" + kind), env)) {
            Scenario tenant = newScenario(direct, "Instance");
            String connection = salesforce(direct, tenant, vendor.url() + "/acme-org/");
            String prefix = "/acme-org/services/data/v62.0";
            vendor.onJson("GET", prefix + "/query", 200, "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":"
                    + "{\"type\":\"Campaign\"},\"Id\":\"" + Salesforce.CAMPAIGN + "\",\"Name\":\"Spring webinar\"}]}");
            vendor.onJson("GET", prefix + "/sobjects/Contact/describe", 200, Salesforce.describe(Salesforce.PLAN));

            var actions = direct.http().get("/api/v1/connections/" + connection + "/actions", tenant.tenant.token());
            assertThat(actions.status()).as("actions: %s", actions).isEqualTo(200);
            assertSameJson(actions.json().path("campaigns"), "[{\"id\":\"" + Salesforce.CAMPAIGN
                    + "\",\"name\":\"Spring webinar\"}]", "campaigns of the instance");

            String rule = rule(direct, tenant, connection, "lead.scored",
                    "{\"action\":\"update_property\",\"id\":\"LeadSource\",\"value\":\"Web\"}");
            vendor.onJson("GET", prefix + "/query", 200, Salesforce.records(Salesforce.CONTACT));
            vendor.on("PATCH", prefix + "/sobjects/Contact/" + Salesforce.CONTACT, new VendorStub.Response(204, "", Map.of()));
            UUID event = tenant.emitOk("lead.scored", "{\"email\":\"jane@example.com\"}");

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(tenant.event(event).path("status").asString())
                            .as("event %s; vendor saw %s", tenant.event(event), vendor.requests()).isEqualTo("completed"));
            Request patch = vendor.only("PATCH", prefix + "/sobjects/Contact/" + Salesforce.CONTACT);
            assertThat(patch.header("Authorization")).isEqualTo("Bearer " + SALESFORCE_TOKEN);
            assertJson(patch, "{\"LeadSource\":\"Web\"}");
            assertThat(vendor.requests()).as("every call at the instance").allSatisfy(r -> assertThat(r.path()).startsWith(prefix));
            var attempts = direct.http().get("/api/v1/events/" + event + "/rules/" + rule + "/attempts", tenant.tenant.token());
            assertThat(attempts.json().path("records").get(0).path("request_headers").path("Authorization").asString())
                    .isEqualTo("[redacted]");
        }
    }

    @Test
    void salesforceActionDataAndFieldCatalogAreReadFromTheVendorAndTheCatalogIsKeptUntilRefreshed() {
        String connection = salesforce(server, scenario, "https://acme.my.salesforce.com");
        vendor.onJson("GET", "/salesforce/query", 200, "{\"totalSize\":2,\"done\":true,\"records\":["
                + "{\"attributes\":{\"type\":\"Campaign\"},\"Id\":\"7015g000000AbCdAAK\",\"Name\":\"Spring webinar\"},"
                + "{\"attributes\":{\"type\":\"Campaign\"},\"Id\":\"7015g000000AbCeAAK\",\"Name\":\"Summer launch\"}]}");
        vendor.onJson("GET", SF_DESCRIBE, 200, Salesforce.describe(Salesforce.PLAN));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.path("campaigns").valueStream().map(c -> c.path("name").asString()))
                .as("campaigns: %s", actions).containsExactly("Spring webinar", "Summer launch");
        assertSameJson(actions.path("properties"), "[{\"id\":\"LeadSource\",\"name\":\"Lead Source\","
                + "\"options\":[{\"value\":\"Web\",\"label\":\"Web\"}]}]", "picklists with their active values");
        assertThat(vendor.only("GET", "/salesforce/query").queryParameter("q"))
                .isEqualTo("SELECT Id, Name FROM Campaign WHERE IsActive = true ORDER BY Name");

        assertCatalogKeptUntilRefreshed(connection, "salesforce", "GET", SF_DESCRIBE, "Plan__c", "Seats__c",
                () -> vendor.onJson("GET", SF_DESCRIBE, 200, Salesforce.describe(Salesforce.PLAN, Salesforce.SEATS)));
    }

    @Test
    void salesforceRefusingTheCampaignFailsTheDeliveryWithSalesforcesMessage() {
        String connection = salesforce(server, scenario, "https://acme.my.salesforce.com");
        String rule = rule(connection, "trial.started", "{\"action\":\"add_to_campaign\",\"id\":\"" + Salesforce.CAMPAIGN + "\"}");
        vendor.onJson("GET", "/salesforce/query", 200, Salesforce.records(Salesforce.CONTACT));
        vendor.onJson("POST", "/salesforce/sobjects/CampaignMember", 400,
                "[{\"message\":\"invalid cross reference id\",\"errorCode\":\"INVALID_CROSS_REFERENCE_KEY\",\"fields\":[]}]");

        UUID event = scenario.emitOk("trial.started", "{\"email\":\"jane@example.com\"}");

        awaitFinalRefusal(event, rule, 400, "Authorization",
                "INVALID_CROSS_REFERENCE_KEY (invalid cross reference id)");
    }

    // ---------------------------------------------------------------- Intercom

    @Test
    void intercomCreatesTheMappedUserAndTagsIt() {
        String connection = intercom();
        vendor.onJson("GET", IC_ATTRIBUTES, 200, Intercom.attributes(Intercom.PLAN));
        String rule = rule(connection, "user.upgraded", "{\"action\":\"add_tag\",\"id\":\"81\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "email", "source": {"type": "path", "value": "contact.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "name", "source": {"type": "path", "value": "contact.name"}, "transforms": [{"type": "trim"}]},
                  {"dest": "external_id", "source": {"type": "path", "value": "user_id"}, "transforms": [{"type": "to_string"}]},
                  {"dest": "custom_attributes.plan", "source": {"type": "path", "value": "plan"}, "transforms": [{"type": "default", "value": "free"}]}]}}""");
        vendor.onJson("POST", "/intercom/contacts/search", 200, Intercom.NO_CONTACTS);
        vendor.onJson("POST", "/intercom/contacts", 200, Intercom.CREATED);
        vendor.onJson("POST", "/intercom/contacts/" + Intercom.CONTACT + "/tags", 200, Intercom.TAG_ADDED);

        UUID event = scenario.emitOk("user.upgraded", "{\"contact\":{\"email\":\"Jo@Example.com \",\"name\":\" Jo Example\"},"
                + "\"user_id\":42}");

        awaitEvent(event, "completed");
        Request search = vendor.only("POST", "/intercom/contacts/search");
        assertIntercomHeaders(search);
        assertJson(search, "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"jo@example.com\"}}");
        Request create = vendor.only("POST", "/intercom/contacts");
        assertIntercomHeaders(create);
        assertJson(create, "{\"role\":\"user\",\"email\":\"jo@example.com\",\"name\":\"Jo Example\",\"external_id\":\"42\","
                + "\"custom_attributes\":{\"plan\":\"free\"}}");
        Request tag = vendor.only("POST", "/intercom/contacts/" + Intercom.CONTACT + "/tags");
        assertIntercomHeaders(tag);
        assertJson(tag, "{\"id\":\"81\"}");
        assertDeliveredAttemptHidesSecret(event, rule, "Authorization", INTERCOM_TOKEN);
    }

    @Test
    void intercomActionDataAndFieldCatalogAreReadFromTheVendorAndTheCatalogIsKeptUntilRefreshed() {
        String connection = intercom();
        vendor.onJson("GET", "/intercom/tags", 200, "{\"type\":\"list\",\"data\":[{\"type\":\"tag\",\"id\":\"102\","
                + "\"name\":\"Manual tag 1\"},{\"type\":\"tag\",\"id\":\"103\",\"name\":\"VIP\"}]}");
        vendor.onJson("GET", IC_ATTRIBUTES, 200, Intercom.attributes(Intercom.PLAN));

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertSameJson(actions.path("tags"), "[{\"id\":\"102\",\"name\":\"Manual tag 1\"},"
                + "{\"id\":\"103\",\"name\":\"VIP\"}]", "every tag as {id, name}");
        assertIntercomHeaders(vendor.only("GET", "/intercom/tags"));

        assertCatalogKeptUntilRefreshed(connection, "intercom", "GET", IC_ATTRIBUTES, "custom_attributes.plan",
                "custom_attributes.seats", () -> vendor.onJson("GET", IC_ATTRIBUTES, 200,
                        Intercom.attributes(Intercom.PLAN, Intercom.SEATS)));
        assertThat(vendor.requests("GET", IC_ATTRIBUTES)).as("contact attributes asked for")
                .allSatisfy(r -> assertThat(r.queryParameter("model")).isEqualTo("contact"));
    }

    @Test
    void intercomRefusingAnUnknownTagFailsTheDeliveryWithIntercomsMessage() {
        String connection = intercom();
        String rule = rule(connection, "user.upgraded", "{\"action\":\"add_tag\",\"id\":\"999\"}");
        vendor.onJson("POST", "/intercom/contacts/search", 200, Intercom.contact(Intercom.CONTACT));
        vendor.onJson("POST", "/intercom/contacts/" + Intercom.CONTACT + "/tags", 404,
                "{\"type\":\"error.list\",\"request_id\":\"8a3e4f88-ae65-433a-b4eb-46780ffc5402\","
                        + "\"errors\":[{\"code\":\"not_found\",\"message\":\"Resource Not Found\"}]}");

        UUID event = scenario.emitOk("user.upgraded", "{\"email\":\"joe@example.com\"}");

        awaitFinalRefusal(event, rule, 404, "Authorization", "Resource Not Found");
    }

    // ---------------------------------------------------------------- attackers and careless clients

    @Test
    void anotherOrganizationCannotReadOrChangeAConnectionsVendorDataOrMapping() {
        String connection = hubspot();
        Scenario other = newScenario(server, "Intruder");
        String base = "/api/v1/connections/" + connection;
        for (String path : List.of(base + "/actions", base + "/fields", base + "/fields?refresh=true",
                base + "/mappings/default")) {
            var refused = server.http().get(path, other.tenant.token());
            assertThat(refused.status()).as("GET %s by another organization: %s", path, refused).isEqualTo(404);
        }
        var put = server.http().put(base + "/mappings/default", other.tenant.token(), "{\"schema\":{\"schema_version\":1,"
                + "\"fields\":[{\"dest\":\"email\",\"source\":{\"type\":\"literal\",\"value\":\"attacker@evil.test\"}}]}}");
        assertThat(put.status()).as("PUT mapping by another organization: %s", put).isEqualTo(404);
        assertThat(vendor.requests()).as("vendor calls made for the intruder").isEmpty();
        vendor.onJson("GET", HS_PROPERTIES, 200, HubSpot.properties());
        assertThat(get(base + "/mappings/default").path("status").asString()).as("the owner's mapping")
                .isEqualTo("generated");
    }

    @Test
    void rulesAndMappingsThatCannotWorkAreRefusedWithClearProblems() {
        String connection = hubspot();
        vendor.onJson("GET", HS_PROPERTIES, 200, HubSpot.properties());

        var noList = server.http().post("/api/v1/rules", scenario.tenant.token(), ruleBody(connection, "x.y",
                "{\"action\":\"add_to_list\"}"));
        assertThat(noList.status()).as("add_to_list without the list: %s", noList).isEqualTo(400);
        assertThat(noList.text()).contains("metadata.id");
        var foreignAction = server.http().post("/api/v1/rules", scenario.tenant.token(), ruleBody(connection, "x.y",
                "{\"action\":\"add_tag\",\"id\":\"81\"}"));
        assertThat(foreignAction.status()).as("an Intercom action on HubSpot: %s", foreignAction).isEqualTo(400);
        assertThat(foreignAction.text()).contains("add_tag");

        String mapping = "/api/v1/connections/" + connection + "/mappings/default";
        var unknownDest = server.http().put(mapping, scenario.tenant.token(), "{\"schema\":{\"schema_version\":1,"
                + "\"fields\":[{\"dest\":\"favorite_color\",\"source\":{\"type\":\"path\",\"value\":\"color\"}}]}}");
        assertThat(unknownDest.status()).as("a field this account lacks: %s", unknownDest).isEqualTo(422);
        assertThat(unknownDest.text()).contains("schema.fields[0].dest");
        var badPath = server.http().put(mapping, scenario.tenant.token(), "{\"schema\":{\"schema_version\":1,"
                + "\"fields\":[{\"dest\":\"email\",\"source\":{\"type\":\"path\",\"value\":\"user..email\"}}]}}");
        assertThat(badPath.status()).as("a malformed source path: %s", badPath).isBetween(400, 422);
        var badTransform = server.http().put(mapping, scenario.tenant.token(), "{\"schema\":{\"schema_version\":1,"
                + "\"fields\":[{\"dest\":\"email\",\"source\":{\"type\":\"path\",\"value\":\"email\"},"
                + "\"transforms\":[{\"type\":\"substring\",\"start\":-1}]}]}}");
        assertThat(badTransform.status()).as("substring from -1: %s", badTransform).isBetween(400, 422);
        var notAnObject = server.http().put(mapping, scenario.tenant.token(), "{\"schema\":\"all of it\"}");
        assertThat(notAnObject.status()).as("a schema that is a string: %s", notAnObject).isBetween(400, 422);
        for (Http.Response refused : List.of(badPath, badTransform, notAnObject)) {
            assertThat(refused.json().path("correlation_id").asString()).as("an error body: %s", refused).isNotBlank();
        }
        assertThat(get(mapping).path("status").asString()).as("nothing was stored").isEqualTo("generated");
    }

    // ---------------------------------------------------------------- shared checks

    /**
     * The first GET loads the catalog from the vendor; a plain GET answers the stored catalog
     * without calling the vendor (even though the vendor's fields changed); {@code refresh=true}
     * calls it again and shows the change.
     */
    private void assertCatalogKeptUntilRefreshed(String connection, String type, String method, String path,
                                                 String accountField, String addedLater, Runnable vendorAddsField) {
        String fields = "/api/v1/connections/" + connection + "/fields";
        int before = vendor.requests(method, path).size();
        JsonNode first = get(fields);
        assertThat(first.path("integration_type").asString()).isEqualTo(type);
        assertThat(first.path("connection_id").asString()).isEqualTo(connection);
        assertThat(first.path("workspace_id").asString()).isEqualTo(scenario.workspace.toString());
        assertThat(first.path("catalog_version").asString()).isNotBlank();
        assertThat(keys(first)).as("declared fields and the account's own").contains("email", accountField)
                .doesNotContain(addedLater);
        int calls = vendor.requests(method, path).size();
        assertThat(calls).as("vendor calls for the first catalog (and the action data before it)")
                .isEqualTo(before + 1);

        vendorAddsField.run();
        JsonNode again = get(fields);
        assertThat(vendor.requests(method, path)).as("a plain GET answers the stored catalog").hasSize(calls);
        assertThat(keys(again)).doesNotContain(addedLater);
        assertThat(again.path("catalog_version").asString()).isEqualTo(first.path("catalog_version").asString());

        JsonNode refreshed = get(fields + "?refresh=true");
        assertThat(vendor.requests(method, path)).as("refresh=true asks the vendor again").hasSize(calls + 1);
        assertThat(keys(refreshed)).contains(accountField, addedLater);
        assertThat(refreshed.path("catalog_version").asString()).as("a changed catalog has a new version")
                .isNotEqualTo(first.path("catalog_version").asString());
        assertThat(keys(get(fields))).as("the refreshed catalog is the one kept").contains(addedLater);
        assertThat(vendor.requests(method, path)).hasSize(calls + 1);
    }

    private static void assertIntercomHeaders(Request request) {
        assertThat(request.header("Authorization")).as("auth of %s", request).isEqualTo("Bearer " + INTERCOM_TOKEN);
        assertThat(request.header("Intercom-Version")).as("version of %s", request).isEqualTo("2.14");
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    private String hubspot() {
        return createConnection("hubspot", "CRM", "{\"oauth\":{\"access_token\":\"" + HUBSPOT_TOKEN + "\","
                + "\"hub_id\":62515},\"skip_url_test\":true}", "access_token");
    }

    private String salesforce(TestServer on, Scenario tenant, String instanceUrl) {
        return createConnection(on, tenant, "salesforce", "Sales", "{\"oauth\":{\"access_token\":\"" + SALESFORCE_TOKEN + "\","
                + "\"instance_url\":\"" + instanceUrl + "\"},\"skip_url_test\":true}", "access_token");
    }

    private String intercom() {
        return createConnection("intercom", "Support", "{\"oauth\":{\"access_token\":\"" + INTERCOM_TOKEN + "\"},"
                + "\"skip_url_test\":true}", "access_token");
    }

    // ---------------------------------------------------------------- the vendors' documented answers

    /** HubSpot's v3 CRM bodies, as in HubSpotConnectorTest. */
    static final class HubSpot {
        static final String PLAN_TIER = property("plan_tier", "Plan tier").replace("\"type\":\"string\",\"fieldType\":\"text\"",
                "\"type\":\"enumeration\",\"fieldType\":\"checkbox\"").replace("\"options\":[]",
                "\"options\":[{\"label\":\"Gold\",\"value\":\"gold\",\"displayOrder\":0,\"hidden\":false}]");

        static String property(String name, String label) {
            return "{\"name\":\"" + name + "\",\"label\":\"" + label + "\",\"type\":\"string\",\"fieldType\":\"text\","
                    + "\"description\":\"\",\"groupName\":\"contactinformation\",\"displayOrder\":-1,\"formField\":true,"
                    + "\"hidden\":false,\"hasUniqueValue\":false,\"hubspotDefined\":false,\"options\":[],"
                    + "\"modificationMetadata\":{\"archivable\":true,\"readOnlyDefinition\":false,\"readOnlyValue\":false}}";
        }

        static String properties(String... more) {
            StringBuilder all = new StringBuilder(property("email", "Email") + "," + property("firstname", "First Name"));
            for (String p : more) {
                all.append(',').append(p);
            }
            return "{\"results\":[" + all + "]}";
        }

        static String list(String id, String name, String objectTypeId) {
            return "{\"listId\":\"" + id + "\",\"listVersion\":1,\"name\":\"" + name + "\",\"objectTypeId\":\""
                    + objectTypeId + "\",\"processingStatus\":\"COMPLETE\",\"processingType\":\"MANUAL\","
                    + "\"createdAt\":\"2023-09-28T22:03:17.998Z\",\"createdById\":\"1\","
                    + "\"updatedAt\":\"2023-09-28T22:03:37.005Z\",\"additionalProperties\":{\"hs_list_size\":\"59\"}}";
        }

        static String upserted(String id) {
            return "{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"" + id + "\",\"properties\":{\"email\":\"ada@example.com\","
                    + "\"hs_object_id\":\"" + id + "\"},\"createdAt\":\"2026-11-30T09:00:00.000Z\","
                    + "\"updatedAt\":\"2026-11-30T09:00:00.000Z\",\"archived\":false,\"new\":true}],"
                    + "\"startedAt\":\"2026-11-30T09:00:00.000Z\",\"completedAt\":\"2026-11-30T09:00:00.100Z\"}";
        }
    }

    /** Salesforce REST API (v62.0) bodies, as in SalesforceConnectorTest. */
    static final class Salesforce {
        static final String CAMPAIGN = "7015g000000AbCdAAK";
        static final String CONTACT = "0035g00000XyZabAAB";
        static final String MEMBER = "00v5g00000Qwe12AAB";
        static final String PLAN = "{\"name\":\"Plan__c\",\"label\":\"Plan\",\"type\":\"string\",\"custom\":true,"
                + "\"createable\":true,\"updateable\":true,\"length\":40,\"picklistValues\":[]}";
        static final String SEATS = "{\"name\":\"Seats__c\",\"label\":\"Seats\",\"type\":\"double\",\"custom\":true,"
                + "\"createable\":true,\"updateable\":true,\"length\":0,\"picklistValues\":[]}";

        static String describe(String... custom) {
            StringBuilder fields = new StringBuilder("""
                    {"name":"Id","label":"Contact ID","type":"id","custom":false,"createable":false,"updateable":false,
                     "length":18,"picklistValues":[]},
                    {"name":"Email","label":"Email","type":"email","custom":false,"createable":true,"updateable":true,
                     "length":80,"picklistValues":[]},
                    {"name":"LeadSource","label":"Lead Source","type":"picklist","custom":false,"createable":true,
                     "updateable":true,"length":255,"picklistValues":[
                      {"active":true,"defaultValue":false,"label":"Web","validFor":null,"value":"Web"},
                      {"active":false,"defaultValue":false,"label":"Fax","validFor":null,"value":"Fax"}]}""");
            for (String field : custom) {
                fields.append(',').append(field);
            }
            return "{\"name\":\"Contact\",\"label\":\"Contact\",\"fields\":[" + fields + "]}";
        }

        static String records(String... ids) {
            StringBuilder records = new StringBuilder();
            for (String id : ids) {
                records.append(records.isEmpty() ? "" : ",").append("{\"attributes\":{\"type\":\"Contact\",\"url\":"
                        + "\"/services/data/v62.0/sobjects/Contact/").append(id).append("\"},\"Id\":\"").append(id).append("\"}");
            }
            return "{\"totalSize\":" + ids.length + ",\"done\":true,\"records\":[" + records + "]}";
        }

        static String created(String id) {
            return "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[]}";
        }
    }

    /** Intercom API 2.14 bodies, as in IntercomConnectorTest. */
    static final class Intercom {
        static final String CONTACT = "6762f0dd1bb69f9f2193bb83";
        static final String NO_CONTACTS = "{\"type\":\"list\",\"data\":[],\"total_count\":0,"
                + "\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":5,\"total_pages\":0}}";
        static final String CREATED = "{\"type\":\"contact\",\"id\":\"" + CONTACT + "\",\"role\":\"user\","
                + "\"email\":\"jo@example.com\",\"custom_attributes\":{},\"created_at\":1734537437}";
        static final String TAG_ADDED = "{\"type\":\"tag\",\"id\":\"81\",\"name\":\"Manual tag\",\"applied_at\":1663597223,"
                + "\"applied_by\":{\"type\":\"admin\",\"id\":\"456\"}}";
        static final String PLAN = attribute(12880, "plan", "Plan", "string");
        static final String SEATS = attribute(12881, "seats", "Seats", "integer");

        static String attribute(int id, String name, String label, String dataType) {
            return "{\"type\":\"data_attribute\",\"id\":" + id + ",\"name\":\"" + name + "\",\"full_name\":"
                    + "\"custom_attributes." + name + "\",\"label\":\"" + label + "\",\"data_type\":\"" + dataType + "\","
                    + "\"api_writable\":true,\"custom\":true,\"archived\":false,\"model\":\"contact\"}";
        }

        static String attributes(String... custom) {
            return "{\"type\":\"list\",\"data\":[{\"type\":\"data_attribute\",\"name\":\"email\",\"full_name\":\"email\","
                    + "\"label\":\"Email\",\"data_type\":\"string\",\"api_writable\":true,\"custom\":false,"
                    + "\"archived\":false,\"model\":\"contact\"}" + (custom.length == 0 ? "" : "," + String.join(",", custom))
                    + "]}";
        }

        static String contact(String id) {
            return "{\"type\":\"list\",\"data\":[{\"type\":\"contact\",\"id\":\"" + id + "\",\"role\":\"user\","
                    + "\"email\":\"joe@example.com\"}],\"total_count\":1,"
                    + "\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}}";
        }
    }
}
