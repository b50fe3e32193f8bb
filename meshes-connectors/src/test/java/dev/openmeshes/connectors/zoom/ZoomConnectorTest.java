package dev.openmeshes.connectors.zoom;

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
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.OutboundHttp;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The Zoom connector against a stub answering with the bodies Zoom documents: the exact registrant
 * requests, both list calls to their last page, and each documented error.
 */
class ZoomConnectorTest extends ConnectorContractTest {

    static final String TOKEN = "zoom-access-token-5f1e9c";
    static final String MEETING = "85746065";
    static final String WEBINAR = "81684508385";
    static final String MEETING_PATH = "/meetings/" + MEETING + "/registrants";
    static final String WEBINAR_PATH = "/webinars/" + WEBINAR + "/registrants";

    // Zoom's documented 201 answers of "add a meeting registrant" / "add a webinar registrant".
    static final String MEETING_REGISTERED = """
            {"id":85746065,"join_url":"https://example.com/j/11111?tk=abc","registrant_id":"fdgsfh2ey82fuh",
             "start_time":"2026-07-13T21:44:51Z","topic":"My Meeting",
             "occurrences":[{"duration":60,"occurrence_id":"1648194360000","start_time":"2026-07-13T21:44:51Z",
             "status":"available"}],"participant_pin_code":380303}""";
    static final String WEBINAR_REGISTERED = """
            {"id":81684508385,"join_url":"https://example.com/w/81684508385?tk=xyz","registrant_id":"55jBBGwQQY2",
             "start_time":"2026-08-01T15:00:00Z","topic":"Product launch"}""";

    static final Map<String, Object> PAYLOAD = Map.of("email", "jane@example.com", "first_name", "Jane",
            "plan", "pro");

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new ZoomConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "zoom";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of(); // OAuth: the connection has no fields of its own
    }

    @Override
    protected AccessToken token() {
        return new AccessToken(TOKEN, Instant.now().plusSeconds(3600), Map.of());
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        if (accepted) {
            vendor.onJson("GET", "/users/me", 200, """
                    {"id":"KDcuGIm1QgePTO8WbOqwIQ","first_name":"Jill","last_name":"Chill",
                     "email":"jchill@example.com","type":2,"account_id":"q6gBJVO5TzexKYTb_I2rpg"}""");
        } else {
            vendor.onJson("GET", "/users/me", 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
        }
    }

    @Override
    protected void stubActionData() {
        vendor.on("GET", "/users/me/meetings",
                Response.json(200, """
                        {"page_size":300,"total_records":3,"next_page_token":"Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3",
                         "meetings":[
                          {"uuid":"aDYlohsHRtCd4ii1uC2+hA==","id":85746065,"host_id":"KDcuGIm1QgePTO8WbOqwIQ",
                           "topic":"Weekly sync","type":8,"start_time":"2026-07-13T21:44:51Z","duration":60,
                           "timezone":"America/Los_Angeles","join_url":"https://example.com/j/85746065"},
                          {"uuid":"bEZmpitIStOz5jj2vD3+iB==","id":91234567890,"host_id":"KDcuGIm1QgePTO8WbOqwIQ",
                           "topic":"Onboarding","type":2,"start_time":"2026-07-20T16:00:00Z","duration":30,
                           "timezone":"UTC","join_url":"https://example.com/j/91234567890"}]}"""),
                Response.json(200, """
                        {"page_size":300,"total_records":3,"next_page_token":"",
                         "meetings":[
                          {"uuid":"aDYlohsHRtCd4ii1uC2+hA==","id":85746065,"topic":"Weekly sync","type":8,
                           "start_time":"2026-07-20T21:44:51Z"},
                          {"uuid":"cFanqjuJTuPa6kk3wE4+jC==","id":93333333333,"topic":"","type":2,
                           "start_time":"2026-08-01T09:00:00Z"}]}"""));
        vendor.on("GET", "/users/me/webinars",
                Response.json(200, """
                        {"page_size":300,"total_records":2,"next_page_token":"w/2+page==",
                         "webinars":[{"uuid":"dGbo==","id":81684508385,"host_id":"KDcuGIm1QgePTO8WbOqwIQ",
                          "topic":"Product launch","type":5,"start_time":"2026-08-01T15:00:00Z","duration":60}]}"""),
                Response.json(200, """
                        {"page_size":300,"total_records":2,"next_page_token":"",
                         "webinars":[{"uuid":"eHcp==","id":82222222222,"topic":"Quarterly review","type":5,
                          "start_time":"2026-09-01T15:00:00Z","duration":90}]}"""));
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).containsOnlyKeys("meetings", "webinars");
        assertThat(data.get("meetings")).as("meetings of both pages, a recurring one once, an untitled one by id")
                .isEqualTo(List.of(item("85746065", "Weekly sync"), item("91234567890", "Onboarding"),
                        item("93333333333", "93333333333")));
        assertThat(data.get("webinars")).as("webinars of both pages")
                .isEqualTo(List.of(item("81684508385", "Product launch"), item("82222222222", "Quarterly review")));

        List<VendorStub.Request> meetings = vendor.requests("GET", "/users/me/meetings");
        assertThat(meetings).as("one request per page of meetings").hasSize(2);
        assertThat(meetings).allSatisfy(r -> {
            assertThat(r.queryParameter("type")).isEqualTo("upcoming");
            assertThat(r.queryParameter("page_size")).isEqualTo("300");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        });
        assertThat(meetings.get(0).queryParameter("next_page_token")).as("first page").isNull();
        assertThat(meetings.get(1).queryParameter("next_page_token")).isEqualTo("Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3");

        List<VendorStub.Request> webinars = vendor.requests("GET", "/users/me/webinars");
        assertThat(webinars).hasSize(2);
        assertThat(webinars.get(0).queryParameter("type")).as("webinars are not filtered by type").isNull();
        assertThat(webinars.get(1).queryParameter("next_page_token")).as("a token with + / = arrives intact")
                .isEqualTo("w/2+page==");
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("add_meeting_registrant: a new registrant", ZoomSpec.ADD_MEETING_REGISTRANT,
                        Map.of("id", MEETING), PAYLOAD, Map.of(),
                        () -> vendor.onJson("POST", MEETING_PATH, 201, MEETING_REGISTERED),
                        v -> assertRegistrantRequest(v.only("POST", MEETING_PATH),
                                Map.of("email", "jane@example.com", "first_name", "Jane"))),
                new ActionCase("add_meeting_registrant: an email already registered keeps its registration",
                        ZoomSpec.ADD_MEETING_REGISTRANT, Map.of("id", MEETING), PAYLOAD, Map.of(),
                        // Zoom answers a repeated email with the existing registration: same id, same join_url.
                        () -> vendor.on("POST", MEETING_PATH, Response.json(201, MEETING_REGISTERED)),
                        v -> assertThat(v.requests()).as("one call, no lookup first").hasSize(1)),
                new ActionCase("add_meeting_registrant: the mapped fields", ZoomSpec.ADD_MEETING_REGISTRANT,
                        Map.of("id", MEETING), PAYLOAD, mappedRegistrant(),
                        () -> vendor.onJson("POST", MEETING_PATH, 201, MEETING_REGISTERED),
                        v -> assertRegistrantRequest(v.only("POST", MEETING_PATH), expectedMappedBody())),
                new ActionCase("add_webinar_registrant: a new registrant", ZoomSpec.ADD_WEBINAR_REGISTRANT,
                        Map.of("id", WEBINAR), PAYLOAD, Map.of("last_name", "Doe"),
                        () -> vendor.onJson("POST", WEBINAR_PATH, 201, WEBINAR_REGISTERED),
                        v -> assertRegistrantRequest(v.only("POST", WEBINAR_PATH),
                                Map.of("email", "jane@example.com", "first_name", "Jane", "last_name", "Doe"))));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String meeting = "add_meeting_registrant: a new registrant";
        String webinar = "add_webinar_registrant: a new registrant";
        return List.of(
                new ErrorCase("meeting does not exist (404, code 3001)", meeting,
                        () -> zoomAnswers(MEETING_PATH, 404, 3001, "Meeting does not exist: 85746065."),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("registration not enabled (404, code 404)", meeting,
                        () -> zoomAnswers(MEETING_PATH, 404, 404,
                                "Registration has not been enabled for this meeting: 85746065."),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("meeting full (400, code 3043)", meeting,
                        () -> zoomAnswers(MEETING_PATH, 400, 3043, "Meeting has reached maximum attendee capacity."),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("not the meeting host (400, code 3003)", meeting,
                        () -> zoomAnswers(MEETING_PATH, 400, 3003, "You are not the meeting host."),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("host not allowed to schedule (400, code 3161)", meeting,
                        () -> zoomAnswers(MEETING_PATH, 400, 3161,
                                "Meeting hosting and scheduling capabilities are not allowed for your user account."),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("validation failed (400, code 300 with errors)", meeting,
                        () -> vendor.onJson("POST", MEETING_PATH, 400, """
                                {"code":300,"message":"Validation Failed.",
                                 "errors":[{"field":"email","message":"Invalid field."}]}"""),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("invalid access token (401, code 124): refresh", meeting,
                        () -> zoomAnswers(MEETING_PATH, 401, 124, "Invalid access token."),
                        Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("expired access token (401, code 124): refresh", webinar,
                        () -> zoomAnswers(WEBINAR_PATH, 401, 124, "Access token is expired."),
                        Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED),
                new ErrorCase("a scope the grant lacks (400, code 4711): authorize again", meeting,
                        () -> zoomAnswers(MEETING_PATH, 400, 4711,
                                "Invalid access token, does not contain scopes:[meeting:write:registrant]."),
                        Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED),
                new ErrorCase("no permission (403)", meeting,
                        () -> vendor.onJson("POST", MEETING_PATH, 403, "{\"code\":200,\"message\":\"No permission.\"}"),
                        Outcome.AUTH_FAILED, false, null),
                new ErrorCase("daily limit for one registrant (429 with Retry-After)", meeting,
                        () -> vendor.on("POST", MEETING_PATH, Response.json(429, """
                                {"code":429,"message":"You have exceeded the daily rate limit of (3) for Add meeting \
                                registrant API requests for the registrant (jane@example.com). You can resume these \
                                API requests at GMT 00:00:00."}""").withHeader("Retry-After", "3600")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("webinar does not exist (404, code 3001)", webinar,
                        () -> zoomAnswers(WEBINAR_PATH, 404, 3001, "Webinar does not exist: 81684508385."),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("webinar plan missing (400, code 200)", webinar,
                        () -> zoomAnswers(WEBINAR_PATH, 400, 200, "Webinar plan is missing. You must subscribe to "
                                + "the webinar plan and enable webinars for this user in order to perform this action."),
                        Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("server error with an HTML page (502)", webinar,
                        () -> vendor.on("POST", WEBINAR_PATH, new Response(502, "<html>Bad Gateway</html>",
                                Map.of("Content-Type", "text/html"))),
                        Outcome.REJECTED_SERVER_ERROR, true, null));
    }

    // ---- the declaration

    @Test
    void it_is_an_oauth_type_whose_refresh_token_rotates_with_basic_client_auth() {
        Authentication.OAuth2 oauth = (Authentication.OAuth2) connector.spec().authentication();
        assertThat(oauth.authorizeUrl()).isEqualTo("https://zoom.us/oauth/authorize");
        assertThat(oauth.tokenUrl()).isEqualTo("https://zoom.us/oauth/token");
        assertThat(oauth.clientAuth()).isEqualTo(Authentication.OAuth2.ClientAuth.BASIC);
        assertThat(oauth.refreshes()).as("Zoom access tokens last an hour").isTrue();
        assertThat(oauth.scopes()).containsExactly("user:read:user", "meeting:read:list_meetings",
                "meeting:write:registrant", "webinar:read:list_webinars", "webinar:write:registrant");
        assertThat(connector.spec().fields()).as("no connection fields for an OAuth type").isEmpty();
        assertThat(connector.spec().rateLimit()).isEqualTo(new dev.openmeshes.core.connector.ConnectorSpec.RateLimit(
                20, Duration.ofSeconds(1)));
        assertThat(connector.validate(Map.of("oauth", Map.of("access_token", "a", "refresh_token", "r"))))
                .as("tokens supplied directly are accepted").containsKey("oauth");
    }

    @Test
    void the_catalog_entry_asks_each_rule_for_a_meeting_or_webinar_picked_from_live_data() {
        Integration integration = connector.spec().toIntegration();
        assertThat(integration.name()).isEqualTo("Zoom");
        assertThat(integration.authentication()).containsEntry("type", "oauth").containsEntry("fields", List.of());
        assertThat(integration.actions()).containsOnlyKeys("add_meeting_registrant", "add_webinar_registrant");

        Integration.Action meeting = integration.actions().get("add_meeting_registrant");
        assertThat(meeting.fields()).containsExactly("id");
        assertThat(meeting.data()).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("key", "meetings").containsEntry("field", "id").containsEntry("kind", "simple")
                .containsEntry("required", true));
        assertThat(integration.actions().get("add_webinar_registrant").data()).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("key", "webinars").containsEntry("field", "id"));
    }

    @Test
    void the_registrant_fields_carry_zooms_names_and_which_zoom_requires() {
        List<FieldDefinition> fields = connector.fields(context());
        assertThat(fields).extracting(FieldDefinition::key).containsExactly("email", "first_name", "last_name",
                "address", "city", "state", "zip", "country", "phone", "org", "job_title", "comments");
        assertThat(fields).allSatisfy(f -> assertThat(f.providerMeta()).containsEntry("name", f.key()));
        assertThat(fields).filteredOn(f -> f.constraints().isRequired()).extracting(FieldDefinition::key)
                .containsExactly("email", "first_name");
        assertThat(fields.getFirst().constraints().format()).isEqualTo("email");
        assertThat(vendor.requests()).as("the fields are declared, not read from Zoom").isEmpty();
    }

    // ---- the credential check

    @Test
    void the_check_calls_users_me_with_the_bearer_token() {
        stubCredentialCheck(true);
        assertThat(connector.check(context())).isNull();
        VendorStub.Request request = vendor.only("GET", "/users/me");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.query()).isNull();
    }

    @Test
    void a_check_whose_grant_lacks_a_scope_asks_for_authorization_again() {
        vendor.onJson("GET", "/users/me", 400,
                "{\"code\":4711,\"message\":\"Invalid access token, does not contain scopes:[user:read:user].\"}");
        DeliveryResult failed = connector.check(context());
        assertThat(failed.verdict()).as("%s", failed).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThat(failed.message()).contains("does not contain scopes").contains("authorize the Zoom app again");
    }

    @Test
    void without_a_configured_base_url_calls_go_to_zooms_v2_api() {
        List<HttpCall> calls = new CopyOnWriteArrayList<>();
        OutboundHttp recording = call -> {
            calls.add(call);
            return new HttpExchange(200, Map.of(), "{\"id\":\"u1\"}", Duration.ZERO, null, null, null, false,
                    call.recordedHeaders());
        };
        var production = new ConnectorContext(context().connection(), this::token, recording, clock,
                ConnectorSettings.defaults("zoom"));
        assertThat(connector.check(production)).isNull();
        assertThat(calls).extracting(HttpCall::url).containsExactly("https://api.zoom.us/v2/users/me");
    }

    // ---- action data

    @Test
    void a_user_without_the_webinar_add_on_still_lists_meetings() {
        vendor.onJson("GET", "/users/me/meetings", 200, """
                {"page_size":300,"total_records":1,"next_page_token":"",
                 "meetings":[{"id":85746065,"topic":"Weekly sync","type":2}]}""");
        vendor.onJson("GET", "/users/me/webinars", 400, "{\"code\":200,\"message\":\"Webinar plan is missing. You must "
                + "subscribe to the webinar plan and enable webinars for this user in order to perform this action.\"}");
        Map<String, Object> data = connector.actionData(context());
        assertThat(data.get("meetings")).isEqualTo(List.of(item("85746065", "Weekly sync")));
        assertThat(data.get("webinars")).as("no webinar plan: no webinars, not an error").isEqualTo(List.of());
    }

    @Test
    void action_data_that_cannot_be_read_is_a_vendor_exception_with_the_credential_verdict() {
        vendor.onJson("GET", "/users/me/meetings", 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .satisfies(e -> {
                    DeliveryResult result = ((VendorException) e).result();
                    assertThat(result.verdict()).isEqualTo(Verdict.TOKEN_EXPIRED);
                    assertThat(result.message()).contains("listing your meetings").contains("Invalid access token")
                            .doesNotContain(TOKEN);
                });
    }

    @Test
    void a_webinar_list_error_other_than_a_missing_plan_is_not_swallowed() {
        vendor.onJson("GET", "/users/me/meetings", 200, "{\"next_page_token\":\"\",\"meetings\":[]}");
        vendor.onJson("GET", "/users/me/webinars", 400, "{\"code\":200,\"message\":\"No permission.\"}");
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("No permission");
    }

    @Test
    void paging_that_never_ends_stops_with_a_vendor_exception() {
        vendor.onJson("GET", "/users/me/meetings", 200,
                "{\"next_page_token\":\"same\",\"meetings\":[{\"id\":1,\"topic\":\"Loop\"}]}");
        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("pages did not end");
        assertThat(vendor.requests("GET", "/users/me/meetings")).as("stopped when the token repeated").hasSize(2);
    }

    // ---- deliveries: encoding, careless input, messages

    @Test
    void an_email_with_a_plus_is_sent_unchanged() {
        vendor.onJson("POST", MEETING_PATH, 201, MEETING_REGISTERED);
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING),
                Map.of("email", "jane+zoom@example.com", "first_name", "Jane"), Map.of());
        assertThat(result.delivered()).as("%s", result).isTrue();
        assertThat(json(vendor.only("POST", MEETING_PATH).body())).containsEntry("email", "jane+zoom@example.com");
    }

    @Test
    void an_id_with_a_slash_stays_one_path_segment() {
        String path = "/meetings/123%2F..%2F..%2Fusers%2Fme/registrants";
        vendor.onJson("POST", path, 404, "{\"code\":3001,\"message\":\"Meeting does not exist: 123/../../users/me.\"}");
        DeliveryResult result = deliverMeeting(Map.of("id", "123/../../users/me"), PAYLOAD, Map.of());
        assertThat(vendor.requests()).extracting(VendorStub.Request::path).containsExactly(path);
        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_CLIENT_ERROR);
    }

    @Test
    void a_meeting_id_pasted_with_zooms_spaces_is_the_meeting() {
        vendor.onJson("POST", "/meetings/85390989484/registrants", 201, MEETING_REGISTERED);
        DeliveryResult result = deliverMeeting(Map.of("id", " 853 9098 9484 "), PAYLOAD, Map.of());
        assertThat(result.delivered()).as("%s; vendor saw %s", result, vendor.requests()).isTrue();
    }

    @Test
    void the_mapped_email_and_first_name_win_over_the_payloads() {
        vendor.onJson("POST", MEETING_PATH, 201, MEETING_REGISTERED);
        deliverMeeting(Map.of("id", MEETING), PAYLOAD, Map.of("email", "work@example.com", "first_name", "J."));
        assertThat(json(vendor.only("POST", MEETING_PATH).body()))
                .isEqualTo(Map.of("email", "work@example.com", "first_name", "J."));
    }

    @Test
    void an_event_without_an_email_is_refused_without_calling_zoom() {
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), Map.of("first_name", "Jane"), Map.of());
        assertRefused(result, Outcome.MAPPING_ERROR, "no email");
    }

    @Test
    void an_email_that_is_not_one_is_refused_without_calling_zoom() {
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), Map.of("email", "jane at example",
                "first_name", "Jane"), Map.of());
        assertRefused(result, Outcome.MAPPING_ERROR, "not an email address");
    }

    @Test
    void an_event_without_a_first_name_is_refused_since_zoom_requires_one() {
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), Map.of("email", "jane@example.com",
                "first_name", "  "), Map.of());
        assertRefused(result, Outcome.MAPPING_ERROR, "first name");
    }

    @Test
    void a_rule_without_a_meeting_id_is_refused_without_calling_zoom() {
        assertRefused(deliverMeeting(Map.of(), PAYLOAD, Map.of()), Outcome.REJECTED_CLIENT_ERROR, "metadata.id");
        assertRefused(deliverMeeting(Map.of("id", "   "), PAYLOAD, Map.of()), Outcome.REJECTED_CLIENT_ERROR,
                "metadata.id");
    }

    @Test
    void a_mapped_object_for_a_text_field_is_refused() {
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), PAYLOAD,
                Map.of("city", Map.of("name", "Berlin")));
        assertRefused(result, Outcome.MAPPING_ERROR, "city must be text");
    }

    @Test
    void the_history_says_who_was_registered_and_never_shows_the_token() {
        vendor.onJson("POST", MEETING_PATH, 201, MEETING_REGISTERED);
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), PAYLOAD, Map.of());
        assertThat(result.message()).isEqualTo(
                "Zoom: registered jane@example.com for meeting 85746065 (registrant fdgsfh2ey82fuh)");
        assertThat(result.statusCode()).isEqualTo(201);
        assertThat(result.requestHeaders()).containsEntry("Authorization", HttpCall.REDACTED);
    }

    @Test
    void a_refusal_says_what_zoom_said() {
        zoomAnswers(MEETING_PATH, 404, 404, "Registration has not been enabled for this meeting: 85746065.");
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), PAYLOAD, Map.of());
        assertThat(result.message()).isEqualTo("Zoom: adding the meeting registrant failed: Registration has not "
                + "been enabled for this meeting: 85746065. (HTTP 404, Zoom code 404)");
    }

    @Test
    void a_validation_failure_names_the_field_zoom_refused() {
        vendor.onJson("POST", MEETING_PATH, 400, """
                {"code":300,"message":"Validation Failed.","errors":[{"field":"email","message":"Invalid field."}]}""");
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), PAYLOAD, Map.of());
        assertThat(result.message()).contains("Validation Failed.").contains("email: Invalid field.")
                .contains("Zoom code 300");
        assertThat(result.retryable()).isFalse();
    }

    @Test
    void a_rate_limit_keeps_zooms_retry_after() {
        vendor.on("POST", MEETING_PATH, Response.json(429, "{\"code\":429,\"message\":\"Too many requests.\"}")
                .withHeader("Retry-After", "3600"));
        DeliveryResult result = deliverMeeting(Map.of("id", MEETING), PAYLOAD, Map.of());
        assertThat(result.retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(result.message()).contains("Too many requests.");
    }

    @Test
    void concurrent_deliveries_of_one_connector_do_not_mix() throws Exception {
        int n = 16;
        for (int i = 0; i < n; i++) {
            vendor.onJson("POST", "/meetings/" + (1000 + i) + "/registrants", 201, MEETING_REGISTERED);
        }
        List<Future<DeliveryResult>> results = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                results.add(threads.submit(() -> deliverMeeting(Map.of("id", String.valueOf(1000 + k)),
                        Map.of("email", "p" + k + "@example.com", "first_name", "P" + k), Map.of())));
            }
        }
        for (Future<DeliveryResult> result : results) {
            assertThat(result.get().delivered()).as("%s", result.get()).isTrue();
        }
        for (int i = 0; i < n; i++) {
            assertThat(json(vendor.only("POST", "/meetings/" + (1000 + i) + "/registrants").body()))
                    .containsEntry("email", "p" + i + "@example.com");
        }
    }

    // ---- helpers

    private DeliveryResult deliverMeeting(Map<String, Object> ruleMetadata, Map<String, Object> payload,
                                          Map<String, Object> mapped) {
        return deliver(new ActionCase("ad hoc", ZoomSpec.ADD_MEETING_REGISTRANT, ruleMetadata, payload, mapped,
                () -> {}, v -> {}));
    }

    private void assertRefused(DeliveryResult result, Outcome outcome, String because) {
        assertThat(result.outcome()).as("%s", result).isEqualTo(outcome);
        assertThat(result.retryable()).as("retrying the same input cannot help").isFalse();
        assertThat(result.message()).contains(because);
        assertThat(vendor.requests()).as("nothing sent to Zoom").isEmpty();
    }

    private void zoomAnswers(String path, int status, int code, String message) {
        vendor.onJson("POST", path, status, VendorJson.write(Map.of("code", code, "message", message)));
    }

    private static void assertRegistrantRequest(VendorStub.Request request, Map<String, Object> expectedBody) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.query()).as("no query: the host's occurrences and approval apply").isNull();
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json(request.body())).as("registrant body").isEqualTo(expectedBody);
    }

    private static Map<String, Object> mappedRegistrant() {
        Map<String, Object> mapped = new LinkedHashMap<>();
        mapped.put("last_name", "Doe");
        mapped.put("address", "1 Main St");
        mapped.put("city", "Springfield");
        mapped.put("state", "IL");
        mapped.put("zip", 62701); // a number from the payload is sent as Zoom's text
        mapped.put("country", "US");
        mapped.put("phone", "+1 555 0100");
        mapped.put("org", "Acme");
        mapped.put("job_title", "Engineer");
        mapped.put("comments", " Looking forward ");
        mapped.put("plan", "pro"); // not a registrant field: not sent
        mapped.put("industry", null); // nothing mapped: not sent
        return mapped;
    }

    private static Map<String, Object> expectedMappedBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", "jane@example.com");
        body.put("first_name", "Jane");
        body.put("last_name", "Doe");
        body.put("address", "1 Main St");
        body.put("city", "Springfield");
        body.put("state", "IL");
        body.put("zip", "62701");
        body.put("country", "US");
        body.put("phone", "+1 555 0100");
        body.put("org", "Acme");
        body.put("job_title", "Engineer");
        body.put("comments", "Looking forward");
        return body;
    }

    private static Map<String, Object> item(String id, String name) {
        return Map.of("id", id, "name", name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) {
        return VendorJson.mapper().readValue(body, Map.class);
    }
}
