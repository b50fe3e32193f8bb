package dev.openmeshes.connectors.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub;
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
 * The Salesforce connector against a stub of the REST API (v62.0), answering with the bodies the
 * REST API Developer Guide documents: query results {@code {totalSize, done, nextRecordsUrl?,
 * records}}, create results {@code {id, success, errors}}, 204 for updates and deletes, and errors
 * as {@code [{message, errorCode, fields?}]}.
 */
class SalesforceConnectorTest extends ConnectorContractTest {

    private static final String TOKEN = "00D5g000004SxyZ!AQ4AQFake.access-token-never-recorded";
    private static final String CAMPAIGN = "7015g000000AbCdAAK";
    private static final String CONTACT = "0035g00000XyZabAAB";
    private static final String MEMBER = "00v5g00000Qwe12AAB";
    private static final String EMAIL = "jane+news@example.com";

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new SalesforceConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "salesforce";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of(); // OAuth: the platform holds the tokens, the connection has no fields
    }

    @Override
    protected AccessToken token() {
        return new AccessToken(TOKEN, null, Map.of("instance_url", "https://acme.my.salesforce.com"));
    }

    // --- the vendor's documented answers ---

    private static Response json(int status, String body) {
        return Response.json(status, body);
    }

    private static Response noContent() {
        return new Response(204, "", Map.of());
    }

    private static Response error(int status, String errorCode, String message) {
        return json(status, "[{\"message\":\"" + message + "\",\"errorCode\":\"" + errorCode + "\",\"fields\":[]}]");
    }

    private static Response records(String... ids) {
        StringBuilder records = new StringBuilder();
        for (String id : ids) {
            records.append(records.isEmpty() ? "" : ",").append("{\"attributes\":{\"type\":\"Contact\",\"url\":"
                    + "\"/services/data/v62.0/sobjects/Contact/").append(id).append("\"},\"Id\":\"").append(id)
                    .append("\"}");
        }
        return json(200, "{\"totalSize\":" + ids.length + ",\"done\":true,\"records\":[" + records + "]}");
    }

    private static Response created(String id) {
        return json(201, "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[]}");
    }

    private static final Response SESSION_EXPIRED = error(401, "INVALID_SESSION_ID", "Session expired or invalid");

    // --- what the requests must be ---

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(VendorStub.Request request) {
        return VendorJson.mapper().readValue(request.body(), Map.class);
    }

    private static void assertAuthorized(VendorStub.Request request) {
        assertThat(request.header("Authorization")).as("Authorization of %s", request).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Accept")).as("Accept of %s", request).isEqualTo("application/json");
    }

    private static String contactQuery(String email) {
        return "SELECT Id FROM Contact WHERE Email = '" + email + "' ORDER BY CreatedDate ASC LIMIT 1";
    }

    private static void assertQueries(VendorStub vendor, String... soql) {
        List<VendorStub.Request> queries = vendor.requests("GET", "/query");
        assertThat(queries.stream().map(q -> q.queryParameter("q")).toList()).as("SOQL queries sent")
                .containsExactly(soql);
        queries.forEach(SalesforceConnectorTest::assertAuthorized);
    }

    private static void assertNoContactCreated(VendorStub vendor) {
        assertThat(vendor.requests("POST", "/sobjects/Contact")).as("Contacts created").isEmpty();
    }

    private static Map<String, Object> event(String email) {
        return Map.of("email", email, "plan", "pro");
    }

    // --- the contract ---

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        vendor.on("GET", "/", accepted
                ? json(200, "{\"sobjects\":\"/services/data/v62.0/sobjects\",\"query\":\"/services/data/v62.0/query\","
                + "\"limits\":\"/services/data/v62.0/limits\"}")
                : SESSION_EXPIRED);
    }

    private static final String NEXT_PAGE = "/services/data/v62.0/query/01gD0000002HU6KIAW-2000";

    @Override
    protected void stubActionData() {
        vendor.on("GET", "/query", json(200, """
                {"totalSize":3,"done":false,"nextRecordsUrl":"%s","records":[
                 {"attributes":{"type":"Campaign","url":"/services/data/v62.0/sobjects/Campaign/7015g000000AbCdAAK"},
                  "Id":"7015g000000AbCdAAK","Name":"Spring webinar"},
                 {"attributes":{"type":"Campaign","url":"/services/data/v62.0/sobjects/Campaign/7015g000000AbCeAAK"},
                  "Id":"7015g000000AbCeAAK","Name":"Summer launch"}]}""".formatted(NEXT_PAGE)));
        vendor.on("GET", "/query/01gD0000002HU6KIAW-2000", json(200, """
                {"totalSize":3,"done":true,"records":[
                 {"attributes":{"type":"Campaign","url":"/services/data/v62.0/sobjects/Campaign/7015g000000AbCfAAK"},
                  "Id":"7015g000000AbCfAAK","Name":"Trade show"}]}"""));
        vendor.on("GET", "/sobjects/Contact/describe", json(200, """
                {"name":"Contact","label":"Contact","fields":[
                 {"name":"Id","label":"Contact ID","type":"id","custom":false,"createable":false,"updateable":false,
                  "length":18,"picklistValues":[]},
                 {"name":"Email","label":"Email","type":"email","custom":false,"createable":true,"updateable":true,
                  "length":80,"picklistValues":[]},
                 {"name":"LeadSource","label":"Lead Source","type":"picklist","custom":false,"createable":true,
                  "updateable":true,"length":255,"picklistValues":[
                   {"active":true,"defaultValue":false,"label":"Web","validFor":null,"value":"Web"},
                   {"active":false,"defaultValue":false,"label":"Fax","validFor":null,"value":"Fax"},
                   {"active":true,"defaultValue":false,"label":"Partner Referral","validFor":null,"value":"Partner"}]},
                 {"name":"Level__c","label":"Level","type":"picklist","custom":true,"createable":true,
                  "updateable":true,"length":255,"inlineHelpText":"How engaged the contact is","picklistValues":[
                   {"active":true,"defaultValue":false,"label":"Primary","validFor":null,"value":"Primary"},
                   {"active":true,"defaultValue":false,"label":"Secondary","validFor":null,"value":"Secondary"}]},
                 {"name":"Plan__c","label":"Plan","type":"string","custom":true,"createable":true,"updateable":true,
                  "length":40,"picklistValues":[]},
                 {"name":"Seats__c","label":"Seats","type":"double","custom":true,"createable":true,
                  "updateable":true,"length":0,"picklistValues":[]},
                 {"name":"Renews_On__c","label":"Renews on","type":"date","custom":true,"createable":true,
                  "updateable":true,"length":0,"picklistValues":[]},
                 {"name":"Score__c","label":"Score","type":"double","custom":true,"calculated":true,
                  "createable":false,"updateable":false,"length":0,"picklistValues":[]},
                 {"name":"Region__c","label":"Region","type":"picklist","custom":true,"createable":false,
                  "updateable":false,"length":255,"picklistValues":[
                   {"active":true,"defaultValue":false,"label":"EMEA","validFor":null,"value":"EMEA"}]}]}"""));
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data.get("campaigns")).as("campaigns of both pages, in the vendor's order").isEqualTo(List.of(
                Map.of("id", "7015g000000AbCdAAK", "name", "Spring webinar"),
                Map.of("id", "7015g000000AbCeAAK", "name", "Summer launch"),
                Map.of("id", "7015g000000AbCfAAK", "name", "Trade show")));
        assertThat(data.get("properties")).as("updateable picklists with their active values").isEqualTo(List.of(
                Map.of("id", "LeadSource", "name", "Lead Source", "options", List.of(
                        Map.of("value", "Web", "label", "Web"), Map.of("value", "Partner", "label", "Partner Referral"))),
                Map.of("id", "Level__c", "name", "Level", "options", List.of(
                        Map.of("value", "Primary", "label", "Primary"),
                        Map.of("value", "Secondary", "label", "Secondary")))));
        assertQueries(vendor, "SELECT Id, Name FROM Campaign WHERE IsActive = true ORDER BY Name");
        VendorStub.Request second = vendor.only("GET", "/query/01gD0000002HU6KIAW-2000");
        assertThat(second.query()).as("the next page is fetched by its URL alone").isNull();
        assertAuthorized(second);
        assertAuthorized(vendor.only("GET", "/sobjects/Contact/describe"));
    }

    @Override
    protected List<ActionCase> actionCases() {
        Map<String, Object> campaign = Map.of("id", CAMPAIGN);
        Map<String, Object> leadSource = Map.of("id", "LeadSource", "value", "Web");
        return List.of(
                new ActionCase("add_to_campaign: an existing contact", "add_to_campaign", campaign, event(EMAIL),
                        Map.of(), () -> {
                            vendor.on("GET", "/query", records(CONTACT));
                            vendor.on("POST", "/sobjects/CampaignMember", created(MEMBER));
                        }, v -> {
                            assertQueries(v, contactQuery(EMAIL));
                            assertThat(v.only("GET", "/query").query()).as("raw query: + is encoded, not a space")
                                    .contains("jane%2Bnews%40example.com");
                            assertNoContactCreated(v);
                            VendorStub.Request member = v.only("POST", "/sobjects/CampaignMember");
                            assertAuthorized(member);
                            assertThat(member.header("Content-Type")).startsWith("application/json");
                            assertThat(body(member)).as("CampaignMember body")
                                    .isEqualTo(Map.of("CampaignId", CAMPAIGN, "ContactId", CONTACT));
                        }),
                new ActionCase("add_to_campaign: a new contact from the mapped fields", "add_to_campaign", campaign,
                        event("someone@example.com"),
                        Map.of("email", "Jane.Doe@Example.com", "first_name", "Jane", "last_name", "Doe",
                                "Plan__c", "pro", "Seats__c", 12), () -> {
                            vendor.on("GET", "/query", records());
                            vendor.on("POST", "/sobjects/Contact", created(CONTACT));
                            vendor.on("POST", "/sobjects/CampaignMember", created(MEMBER));
                        }, v -> {
                            assertQueries(v, contactQuery("Jane.Doe@Example.com"));
                            VendorStub.Request contact = v.only("POST", "/sobjects/Contact");
                            assertAuthorized(contact);
                            assertThat(body(contact)).as("new Contact: mapped fields under their Salesforce names")
                                    .isEqualTo(Map.of("Email", "Jane.Doe@Example.com", "FirstName", "Jane",
                                            "LastName", "Doe", "Plan__c", "pro", "Seats__c", 12));
                            assertThat(body(v.only("POST", "/sobjects/CampaignMember")))
                                    .isEqualTo(Map.of("CampaignId", CAMPAIGN, "ContactId", CONTACT));
                        }),
                new ActionCase("add_to_campaign: already a member is success", "add_to_campaign", campaign,
                        event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", "/query", records(CONTACT));
                            vendor.on("POST", "/sobjects/CampaignMember",
                                    error(400, "DUPLICATE_VALUE", "Already a campaign member."));
                        }, v -> assertThat(v.requests("POST", "/sobjects/CampaignMember")).hasSize(1)),
                new ActionCase("remove_from_campaign: a member", "remove_from_campaign", campaign, event(EMAIL),
                        Map.of(), () -> {
                            vendor.on("GET", "/query", records(CONTACT), records(MEMBER));
                            vendor.on("DELETE", "/sobjects/CampaignMember/" + MEMBER, noContent());
                        }, v -> {
                            assertQueries(v, contactQuery(EMAIL), "SELECT Id FROM CampaignMember WHERE CampaignId = '"
                                    + CAMPAIGN + "' AND ContactId = '" + CONTACT + "'");
                            VendorStub.Request delete = v.only("DELETE", "/sobjects/CampaignMember/" + MEMBER);
                            assertAuthorized(delete);
                            assertThat(delete.body()).as("DELETE body").isEmpty();
                            assertNoContactCreated(v);
                        }),
                new ActionCase("remove_from_campaign: no contact has the email", "remove_from_campaign", campaign,
                        event(EMAIL), Map.of(), () -> vendor.on("GET", "/query", records()), v -> {
                            assertQueries(v, contactQuery(EMAIL));
                            assertThat(v.requests()).as("nothing created to be removed").hasSize(1);
                        }),
                new ActionCase("remove_from_campaign: the contact is not a member", "remove_from_campaign", campaign,
                        event(EMAIL), Map.of(), () -> vendor.on("GET", "/query", records(CONTACT), records()),
                        v -> assertThat(v.requests().stream().map(VendorStub.Request::method).toList())
                                .as("two queries, no DELETE").containsExactly("GET", "GET")),
                new ActionCase("remove_from_campaign: removed meanwhile is success", "remove_from_campaign", campaign,
                        event(EMAIL), Map.of(), () -> {
                            vendor.on("GET", "/query", records(CONTACT), records(MEMBER));
                            vendor.on("DELETE", "/sobjects/CampaignMember/" + MEMBER,
                                    error(404, "ENTITY_IS_DELETED", "entity is deleted"));
                        }, v -> assertThat(v.requests("DELETE", "/sobjects/CampaignMember/" + MEMBER)).hasSize(1)),
                new ActionCase("update_property: an existing contact", "update_property", leadSource, event(EMAIL),
                        Map.of(), () -> {
                            vendor.on("GET", "/query", records(CONTACT));
                            vendor.on("PATCH", "/sobjects/Contact/" + CONTACT, noContent());
                        }, v -> {
                            assertQueries(v, contactQuery(EMAIL));
                            assertNoContactCreated(v);
                            VendorStub.Request patch = v.only("PATCH", "/sobjects/Contact/" + CONTACT);
                            assertAuthorized(patch);
                            assertThat(body(patch)).as("PATCH body").isEqualTo(Map.of("LeadSource", "Web"));
                        }),
                new ActionCase("update_property: a new contact", "update_property", leadSource, event(EMAIL),
                        Map.of(), () -> {
                            vendor.on("GET", "/query", records());
                            vendor.on("POST", "/sobjects/Contact", created(CONTACT));
                            vendor.on("PATCH", "/sobjects/Contact/" + CONTACT, noContent());
                        }, v -> {
                            assertThat(body(v.only("POST", "/sobjects/Contact")))
                                    .as("LastName is required: the email stands in")
                                    .isEqualTo(Map.of("Email", EMAIL, "LastName", EMAIL));
                            assertThat(body(v.only("PATCH", "/sobjects/Contact/" + CONTACT)))
                                    .isEqualTo(Map.of("LeadSource", "Web"));
                        }));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String existing = "add_to_campaign: an existing contact";
        String update = "update_property: an existing contact";
        return List.of(
                new ErrorCase("401 INVALID_SESSION_ID: the token expired", existing,
                        () -> vendor.on("GET", "/query", SESSION_EXPIRED), Outcome.AUTH_FAILED, false,
                        Verdict.TOKEN_EXPIRED),
                new ErrorCase("401 without a body: the token expired", existing,
                        () -> vendor.on("GET", "/query", new Response(401, "", Map.of())), Outcome.AUTH_FAILED, false,
                        Verdict.TOKEN_EXPIRED),
                new ErrorCase("OAuth form invalid_grant: the authorization was revoked", existing,
                        () -> vendor.on("GET", "/query", json(400,
                                "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}")),
                        Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED),
                new ErrorCase("403 API_DISABLED_FOR_ORG: the org may not use the API", existing,
                        () -> vendor.on("GET", "/query", error(403, "API_DISABLED_FOR_ORG",
                                "The REST API is not enabled for this Organization.")),
                        Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED),
                new ErrorCase("403 API_CURRENTLY_DISABLED: the user may not use the API", existing,
                        () -> vendor.on("GET", "/query", error(403, "API_CURRENTLY_DISABLED",
                                "API is disabled for this User")),
                        Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED),
                new ErrorCase("403 REQUEST_LIMIT_EXCEEDED: wait for the daily allocation", existing,
                        () -> vendor.on("GET", "/query", error(403, "REQUEST_LIMIT_EXCEEDED",
                                "TotalRequests Limit exceeded.")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("403 INSUFFICIENT_ACCESS_OR_READONLY on the member: final, the connection stays",
                        existing, () -> vendor.on("POST", "/sobjects/CampaignMember",
                        error(403, "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id")),
                        Outcome.AUTH_FAILED, false, null),
                new ErrorCase("400 INVALID_CROSS_REFERENCE_KEY: the campaign is gone", existing,
                        () -> vendor.on("POST", "/sobjects/CampaignMember", error(400,
                                "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 UNABLE_TO_LOCK_ROW: retried", existing,
                        () -> vendor.on("POST", "/sobjects/CampaignMember", error(400, "UNABLE_TO_LOCK_ROW",
                                "unable to obtain exclusive access to this record")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("400 REQUIRED_FIELD_MISSING on the new contact", "add_to_campaign: a new contact from "
                        + "the mapped fields", () -> vendor.on("POST", "/sobjects/Contact", error(400,
                        "REQUIRED_FIELD_MISSING", "Required fields are missing: [AccountId]")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 FIELD_CUSTOM_VALIDATION_EXCEPTION on the new contact", "update_property: a new "
                        + "contact", () -> vendor.on("POST", "/sobjects/Contact", error(400,
                        "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Phone is required for new contacts")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 INVALID_FIELD: no such field", update,
                        () -> vendor.on("PATCH", "/sobjects/Contact/" + CONTACT, error(400, "INVALID_FIELD",
                                "No such column 'LeadSource' on sobject of type Contact")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("400 INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: a value the picklist lacks", update,
                        () -> vendor.on("PATCH", "/sobjects/Contact/" + CONTACT, error(400,
                                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value for restricted picklist field: Web")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("404 NOT_FOUND: the contact was deleted", update,
                        () -> vendor.on("PATCH", "/sobjects/Contact/" + CONTACT, error(404, "NOT_FOUND",
                                "The requested resource does not exist")),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("500 UNKNOWN_EXCEPTION: retried", "remove_from_campaign: a member",
                        () -> vendor.on("DELETE", "/sobjects/CampaignMember/" + MEMBER, error(500, "UNKNOWN_EXCEPTION",
                                "An unexpected error occurred. Please include this ErrorId if you contact support")),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("503 HTML page from the edge: retried", existing,
                        () -> vendor.on("GET", "/query", new Response(503, "<html><body>Service Unavailable</body></html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("200 that is not JSON: retried, not taken as no contact", existing,
                        () -> vendor.on("GET", "/query", new Response(200, "<html>maintenance</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // --- beyond the contract ---

    private DeliveryResult deliver(String action, Map<String, Object> metadata, Map<String, Object> payload,
                                   Map<String, Object> mapped) {
        return deliver(new ActionCase(action, action, metadata, payload, mapped, () -> {}, v -> {}));
    }

    @Test
    void messages_name_the_step_and_the_vendors_error_code_and_never_the_token() {
        vendor.on("GET", "/query", records(CONTACT));
        vendor.on("POST", "/sobjects/CampaignMember", error(400, "INVALID_CROSS_REFERENCE_KEY",
                "invalid cross reference id"));
        DeliveryResult result = deliver("add_to_campaign", Map.of("id", CAMPAIGN), event(EMAIL), Map.of());
        assertThat(result.message()).isEqualTo("Salesforce: add to campaign: INVALID_CROSS_REFERENCE_KEY "
                + "(invalid cross reference id), HTTP 400");
        assertThat(result.statusCode()).isEqualTo(400);
        assertThat(result.requestHeaders().get("Authorization")).as("recorded Authorization").isEqualTo("[redacted]");
        assertNoSecretIn(result);
    }

    @Test
    void the_daily_allocation_used_up_waits_an_hour_as_salesforce_sends_no_retry_after() {
        vendor.on("GET", "/query", error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
        DeliveryResult result = deliver("add_to_campaign", Map.of("id", CAMPAIGN), event(EMAIL), Map.of());
        assertThat(result.retryAfter()).as("wait before retrying: %s", result).isEqualTo(Duration.ofHours(1));
        assertThat(result.message()).contains("REQUEST_LIMIT_EXCEEDED", "daily API allocation");
    }

    @Test
    void an_event_without_email_is_refused_before_any_call() {
        DeliveryResult result = deliver("add_to_campaign", Map.of("id", CAMPAIGN), Map.of("name", "Jane"), Map.of());
        assertRefusedWithoutCalls(result, "no email");
        result = deliver("add_to_campaign", Map.of("id", CAMPAIGN), Map.of("email", "  "), Map.of());
        assertRefusedWithoutCalls(result, "no email");
        result = deliver("add_to_campaign", Map.of("id", CAMPAIGN), Map.of("email", "jane at example"), Map.of());
        assertRefusedWithoutCalls(result, "not an email address");
    }

    @Test
    void rule_metadata_that_is_missing_or_malformed_is_refused_before_any_call() {
        assertRefusedWithoutCalls(deliver("add_to_campaign", Map.of(), event(EMAIL), Map.of()), "metadata.id");
        assertRefusedWithoutCalls(deliver("remove_from_campaign", Map.of("id", " "), event(EMAIL), Map.of()),
                "metadata.id");
        assertRefusedWithoutCalls(deliver("update_property", Map.of("id", "LeadSource"), event(EMAIL), Map.of()),
                "metadata.value");
        // A campaign id with a slash or a quote is no Salesforce id: refused, not spent on API calls.
        assertRefusedWithoutCalls(deliver("add_to_campaign", Map.of("id", "701/../sobjects/User"), event(EMAIL),
                Map.of()), "not a Salesforce record id");
        assertRefusedWithoutCalls(deliver("remove_from_campaign", Map.of("id", "7015g000000AbCd' OR Id != '"),
                event(EMAIL), Map.of()), "not a Salesforce record id");
        assertRefusedWithoutCalls(deliver("update_property", Map.of("id", "LeadSource\": \"x", "value", "Web"),
                event(EMAIL), Map.of()), "not the API name");
    }

    private void assertRefusedWithoutCalls(DeliveryResult result, String reason) {
        assertThat(result.delivered()).as("delivered: %s", result).isFalse();
        assertThat(result.retryable()).as("retrying cannot help: %s", result).isFalse();
        assertThat(result.outcome()).isEqualTo(Outcome.MAPPING_ERROR);
        assertThat(result.message()).as("why").startsWith("Salesforce: ").contains(reason);
        assertThat(vendor.requests()).as("calls made").isEmpty();
    }

    @Test
    void quotes_and_backslashes_in_an_email_cannot_change_the_query() {
        vendor.on("GET", "/query", records());
        vendor.on("POST", "/sobjects/Contact", created(CONTACT));
        vendor.on("POST", "/sobjects/CampaignMember", created(MEMBER));
        String hostile = "o'brien\\' OR Email != '@example.com";
        DeliveryResult result = deliver("add_to_campaign", Map.of("id", CAMPAIGN), event(hostile), Map.of());
        assertThat(result.delivered()).as("%s", result).isTrue();
        assertQueries(vendor, "SELECT Id FROM Contact WHERE Email = 'o\\'brien\\\\\\' OR Email != \\'@example.com' "
                + "ORDER BY CreatedDate ASC LIMIT 1");
    }

    @Test
    void the_mapped_email_wins_over_the_payloads() {
        vendor.on("GET", "/query", records(CONTACT));
        vendor.on("POST", "/sobjects/CampaignMember", created(MEMBER));
        deliver("add_to_campaign", Map.of("id", CAMPAIGN), event("payload@example.com"),
                Map.of("email", " mapped@example.com "));
        assertQueries(vendor, contactQuery("mapped@example.com"));
    }

    @Test
    void without_a_configured_base_url_calls_go_to_the_instance_url_of_the_token() {
        AccessToken token = new AccessToken(TOKEN, null, Map.of("instance_url", vendor.url() + "/"));
        ConnectorContext context = new ConnectorContext(context().connection(), () -> token, http, clock,
                ConnectorSettings.defaults("salesforce"));
        vendor.on("GET", "/services/data/v62.0/query", records(CONTACT));
        vendor.on("POST", "/services/data/v62.0/sobjects/CampaignMember", created(MEMBER));
        DeliveryResult result = deliver(new ActionCase("default base", "add_to_campaign", Map.of("id", CAMPAIGN),
                event(EMAIL), Map.of(), () -> {}, v -> {}), context);
        assertThat(result.delivered()).as("%s; vendor saw %s", result, vendor.requests()).isTrue();
        assertThat(vendor.only("GET", "/services/data/v62.0/query").queryParameter("q")).isEqualTo(contactQuery(EMAIL));
    }

    @Test
    void a_token_without_instance_url_asks_for_a_new_authorization() {
        AccessToken token = new AccessToken(TOKEN, null, Map.of());
        ConnectorContext context = new ConnectorContext(context().connection(), () -> token, http, clock,
                ConnectorSettings.defaults("salesforce"));
        DeliveryResult result = deliver(new ActionCase("no instance", "add_to_campaign", Map.of("id", CAMPAIGN),
                event(EMAIL), Map.of(), () -> {}, v -> {}), context);
        assertThat(result.verdict()).as("%s", result).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThat(result.retryable()).isFalse();
        assertThat(connector.check(context).verdict()).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThatThrownBy(() -> connector.actionData(context)).isInstanceOf(VendorException.class);
        assertThat(vendor.requests()).as("calls made").isEmpty();
    }

    @Test
    void the_credential_check_asks_for_resources_by_version() {
        stubCredentialCheck(true);
        assertThat(connector.check(context())).isNull();
        assertAuthorized(vendor.only("GET", "/"));
    }

    @Test
    void the_credential_check_reports_what_salesforce_said() {
        stubCredentialCheck(false);
        DeliveryResult failed = connector.check(context());
        assertThat(failed.verdict()).isEqualTo(Verdict.TOKEN_EXPIRED);
        assertThat(failed.message()).isEqualTo("Salesforce: credential check: INVALID_SESSION_ID "
                + "(Session expired or invalid), HTTP 401");
    }

    @Test
    void action_data_that_cannot_be_read_is_a_vendor_exception_with_the_verdict() {
        vendor.on("GET", "/query", SESSION_EXPIRED);
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .satisfies(e -> assertThat(((VendorException) e).result().verdict()).isEqualTo(Verdict.TOKEN_EXPIRED));
    }

    @Test
    void a_page_link_to_another_host_is_not_followed_with_the_token() {
        stubActionData();
        vendor.on("GET", "/query", json(200, "{\"totalSize\":2,\"done\":false,"
                + "\"nextRecordsUrl\":\"https://collector.example/services/data/v62.0/query/01g-2000\",\"records\":[]}"));
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("unexpected answer");
        assertThat(vendor.requests()).as("only the first page was asked for").hasSize(1);
    }

    @Test
    void a_describe_cut_short_is_a_failure_not_an_org_without_fields() {
        stubActionData();
        vendor.on("GET", "/sobjects/Contact/describe", json(200, "{\"name\":\"Contact\",\"fields\":[{\"name\":\"Em"));
        assertThatThrownBy(() -> connector.fields(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("describe Contact");
    }

    @Test
    void fields_add_the_orgs_writable_custom_fields_typed_from_the_describe() {
        stubActionData();
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        connector.fields(context()).forEach(f -> byKey.put(f.key(), f));
        assertThat(byKey.keySet()).as("declared fields, then writable custom ones").containsExactly(
                "email", "first_name", "last_name", "phone", "title", "Level__c", "Plan__c", "Seats__c",
                "Renews_On__c");
        assertThat(byKey.get("email").providerMeta()).containsEntry("name", "Email");
        assertThat(byKey.get("email").constraints().isRequired()).isTrue();
        FieldDefinition level = byKey.get("Level__c");
        assertThat(List.of(level.type(), level.label(), level.description()))
                .containsExactly(FieldDefinition.Type.ENUM, "Level", "How engaged the contact is");
        assertThat(level.constraints().allowedValues()).containsExactly("Primary", "Secondary");
        assertThat(byKey.get("Plan__c").constraints().maxLength()).isEqualTo(40);
        assertThat(byKey.get("Seats__c").type()).isEqualTo(FieldDefinition.Type.NUMBER);
        assertThat(byKey.get("Renews_On__c").type()).isEqualTo(FieldDefinition.Type.DATE);
        assertThat(byKey.get("Renews_On__c").providerMeta()).isEqualTo(
                Map.of("name", "Renews_On__c", "object", "Contact", "type", "date"));
    }

    @Test
    void the_declaration_is_oauth_against_login_salesforce_com_with_a_daily_allocation() {
        var oauth = (Authentication.OAuth2) connector.spec().authentication();
        assertThat(oauth.authorizeUrl()).isEqualTo("https://login.salesforce.com/services/oauth2/authorize");
        assertThat(oauth.tokenUrl()).isEqualTo("https://login.salesforce.com/services/oauth2/token");
        assertThat(oauth.scopes()).containsExactly("api", "refresh_token");
        assertThat(oauth.clientAuth()).isEqualTo(Authentication.OAuth2.ClientAuth.BODY);
        assertThat(oauth.refreshes()).isTrue();
        assertThat(connector.spec().fields()).as("connection fields").isEmpty();
        assertThat(connector.spec().rateLimit().permits()).isEqualTo(100_000);
        assertThat(connector.spec().rateLimit().per()).isEqualTo(Duration.ofHours(24));
        var integration = connector.spec().toIntegration();
        assertThat(integration.actions().get("update_property").fields()).containsExactly("id", "value");
        assertThat(integration.actions().get("add_to_campaign").fields()).containsExactly("id");
        assertThat(integration.actions().get("add_to_campaign").data().getFirst()).containsEntry("key", "campaigns")
                .containsEntry("kind", "simple");
        assertThat(integration.actions().get("update_property").data().getFirst()).containsEntry("key", "properties")
                .containsEntry("kind", "advanced");
    }

    @Test
    void connections_share_one_connector_each_with_its_own_token_and_instance() throws Exception {
        vendor.on("GET", "/services/data/v62.0/query", records(CONTACT));
        vendor.on("POST", "/services/data/v62.0/sobjects/CampaignMember", created(MEMBER));
        List<Thread> threads = new java.util.ArrayList<>();
        List<DeliveryResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            AccessToken token = new AccessToken("token-of-connection-" + i, null, Map.of("instance_url", vendor.url()));
            ConnectorContext context = new ConnectorContext(context().connection(), () -> token, http, clock,
                    ConnectorSettings.defaults("salesforce"));
            threads.add(Thread.ofVirtual().start(() -> results.add(deliver(new ActionCase("parallel",
                    "add_to_campaign", Map.of("id", CAMPAIGN), event(EMAIL), Map.of(), () -> {}, v -> {}), context))));
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(20));
        }
        assertThat(results).hasSize(8).allSatisfy(r -> assertThat(r.delivered()).as("%s", r).isTrue());
        assertThat(vendor.requests().stream().map(r -> r.header("Authorization")).distinct().count())
                .as("distinct tokens sent").isEqualTo(8);
    }
}
