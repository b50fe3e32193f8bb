package dev.openmeshes.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.VendorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The Slack connector against a stub of Slack's Web API answering as Slack documents it
 * (docs.slack.dev: chat.postMessage, conversations.list, auth.test, rate limits, formatting): most
 * errors are HTTP 200 with {@code {"ok":false,"error":"<code>"}}, rate limits HTTP 429 with Retry-After.
 */
class SlackConnectorTest extends ConnectorContractTest {

    private static final String TOKEN = "xoxb-17-4242-s3cretB0tT0ken";
    private static final String POST_MESSAGE = "/chat.postMessage";
    private static final String LIST = "/conversations.list";
    private static final String AUTH_TEST = "/auth.test";
    private static final String ALL_SCOPES = "chat:write,chat:write.public,channels:read,groups:read";

    /** chat.postMessage's documented success answer. */
    private static final String POSTED = """
            {"ok":true,"channel":"C0123ABCDEF","ts":"1503435956.000247","message":{"text":"Here's a message for you",\
            "username":"ecto1","bot_id":"B19LU7CSY","type":"message","subtype":"bot_message","ts":"1503435956.000247"}}""";
    /** auth.test's documented success answer for a bot token. */
    private static final String AUTHENTICATED = """
            {"ok":true,"url":"https://subarachnoid.slack.com/","team":"Subarachnoid Workspace","user":"meshes",\
            "team_id":"T12345678","user_id":"U12345678","bot_id":"B12345678","is_enterprise_install":false}""";
    /** Three pages of conversations.list; the second cursor holds characters a query must encode. */
    private static final String CURSOR_1 = "dGVhbTpDMDYxRkE1UEI=";
    private static final String CURSOR_2 = "dGVhbTpD+MDYx/RkE1UEI=";
    private static final String PAGE_1 = """
            {"ok":true,"channels":[\
            {"id":"C012AB3CD","name":"general","is_channel":true,"is_archived":false,"is_member":true,"is_private":false},\
            {"id":"C061EG9T2","name":"random","is_channel":true,"is_archived":false,"is_member":false,"is_private":false}],\
            "response_metadata":{"next_cursor":"%s"}}""".formatted(CURSOR_1);
    private static final String PAGE_2 = """
            {"ok":true,"channels":[\
            {"id":"G0AKFJBEU","name":"deals","is_channel":false,"is_group":true,"is_member":true,"is_private":true}],\
            "response_metadata":{"next_cursor":"%s"}}""".formatted(CURSOR_2);
    private static final String PAGE_3 = """
            {"ok":true,"channels":[{"id":"C0LASTONE","name":"announcements","is_private":false}],\
            "response_metadata":{"next_cursor":""}}""";

    private static final String BASIC = "posts the rendered template to the picked channel";

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new SlackConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "slack";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of(); // an OAuth type: the workspace comes with the token
    }

    @Override
    protected AccessToken token() {
        return new AccessToken(TOKEN, null, Map.of("team_id", "T12345678", "bot_user_id", "U0BOT"));
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        if (accepted) {
            vendor.on("POST", AUTH_TEST, Response.json(200, AUTHENTICATED).withHeader("x-oauth-scopes", ALL_SCOPES));
        } else {
            vendor.onJson("POST", AUTH_TEST, 200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
        }
    }

    @Override
    protected void stubActionData() {
        vendor.on("GET", LIST, Response.json(200, PAGE_1), Response.json(200, PAGE_2), Response.json(200, PAGE_3));
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data keys").containsOnlyKeys("channels");
        assertThat(data.get("channels")).as("channels of all three pages, in order").isEqualTo(List.of(
                Map.of("id", "C012AB3CD", "name", "general"),
                Map.of("id", "C061EG9T2", "name", "random"),
                Map.of("id", "G0AKFJBEU", "name", "deals"),
                Map.of("id", "C0LASTONE", "name", "announcements")));
        List<Request> pages = vendor.requests("GET", LIST);
        assertThat(pages).as("conversations.list calls; all requests: %s", vendor.requests()).hasSize(3);
        for (Request page : pages) {
            assertThat(page.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(page.queryParameter("types")).isEqualTo("public_channel,private_channel");
            assertThat(page.queryParameter("exclude_archived")).isEqualTo("true");
            assertThat(page.queryParameter("limit")).isEqualTo("200");
            assertThat(page.body()).as("a GET carries no body").isEmpty();
        }
        assertThat(pages.get(0).queryParameter("cursor")).as("first page: no cursor").isNull();
        assertThat(pages.get(1).queryParameter("cursor")).isEqualTo(CURSOR_1);
        assertThat(pages.get(2).queryParameter("cursor")).as("cursor with + and / sent encoded: %s", pages.get(2).query())
                .isEqualTo(CURSOR_2);
        assertThat(pages.get(2).query()).contains("cursor=dGVhbTpD%2BMDYx%2FRkE1UEI%3D");
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                message(BASIC, Map.of("id", "C0123ABCDEF", "template", "New signup: ada+test@example.com on the pro plan"),
                        Map.of("email", "ada+test@example.com", "plan", "pro"), POSTED,
                        "C0123ABCDEF", "New signup: ada+test@example.com on the pro plan"),
                message("escapes Slack's control characters, so an event cannot mention everyone or disguise a link",
                        Map.of("id", "C0123ABCDEF", "template", "Signup from <!channel> & <https://evil.example|your bank>"),
                        Map.of("name", "<!channel>"), POSTED,
                        "C0123ABCDEF", "Signup from &lt;!channel&gt; &amp; &lt;https://evil.example|your bank&gt;"),
                message("sends an id with / and text with quotes, new lines and non-ASCII exactly; needs no email",
                        Map.of("id", "C01/../admin?x=1", "template", "Zoë said \"hi\"\n\tline 2 ✓ *bold*"),
                        Map.of(), POSTED, "C01/../admin?x=1", "Zoë said \"hi\"\n\tline 2 ✓ *bold*"),
                message("counts ok:true with a warning as delivered",
                        Map.of("id", "C0123ABCDEF", "template", "hello"), Map.of("email", "ada@example.com"), """
                                {"ok":true,"channel":"C0123ABCDEF","ts":"1503435956.000248","warning":"superfluous_charset",\
                                "response_metadata":{"warnings":["superfluous_charset"]}}""",
                        "C0123ABCDEF", "hello"));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        List<ErrorCase> cases = new ArrayList<>();
        for (String permanent : List.of("channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "no_text",
                "restricted_action", "restricted_action_read_only_channel", "ekm_access_denied", "no_permission",
                "invalid_arguments", "accesslimited", "some_error_slack_adds_later")) {
            cases.add(slackError(permanent, Outcome.REJECTED_CLIENT_ERROR, false, null));
        }
        for (String revoked : List.of("invalid_auth", "token_revoked", "account_inactive", "not_authed")) {
            cases.add(slackError(revoked, Outcome.AUTH_FAILED, false, Verdict.AUTHORIZATION_REVOKED));
        }
        cases.add(slackError("token_expired", Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED));
        cases.add(slackError("not_allowed_token_type", Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID));
        cases.add(new ErrorCase("missing_scope: reauthorize with the scopes", BASIC, () -> vendor.onJson("POST",
                POST_MESSAGE, 200, "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"chat:write\",\"provided\":\"channels:read\"}"),
                Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED));
        for (String transientError : List.of("internal_error", "fatal_error", "service_unavailable", "request_timeout",
                "team_added_to_org")) {
            cases.add(slackError(transientError, Outcome.REJECTED_SERVER_ERROR, true, null));
        }
        cases.add(slackError("rate_limited", Outcome.RATE_LIMITED, true, null));
        cases.add(new ErrorCase("HTTP 429 ratelimited with Retry-After", BASIC, () -> vendor.on("POST", POST_MESSAGE,
                Response.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "30")),
                Outcome.RATE_LIMITED, true, null));
        cases.add(new ErrorCase("HTTP 500 with an HTML page", BASIC, () -> vendor.on("POST", POST_MESSAGE,
                new Response(500, "<html><body>Internal Server Error</body></html>", Map.of("Content-Type", "text/html"))),
                Outcome.REJECTED_SERVER_ERROR, true, null));
        cases.add(new ErrorCase("HTTP 200 that is not a Web API answer (a proxy's page)", BASIC, () -> vendor.on("POST",
                POST_MESSAGE, new Response(200, "<html>Sign in to the proxy</html>", Map.of("Content-Type", "text/html"))),
                Outcome.REJECTED_SERVER_ERROR, true, null));
        cases.add(new ErrorCase("HTTP 404 unknown_method (a wrong base URL)", BASIC, () -> vendor.onJson("POST",
                POST_MESSAGE, 404, "{\"ok\":false,\"error\":\"unknown_method\"}"), Outcome.REJECTED_CLIENT_ERROR, false, null));
        cases.add(new ErrorCase("HTTP 401 without a Web API body: the platform refreshes once", BASIC,
                () -> vendor.on("POST", POST_MESSAGE, new Response(401, "Unauthorized", Map.of())),
                Outcome.AUTH_FAILED, false, Verdict.TOKEN_EXPIRED));
        return cases;
    }

    // --- what the result says -------------------------------------------------------------------

    @Test
    void a_refusal_names_slacks_error_in_words_a_user_understands() {
        vendor.onJson("POST", POST_MESSAGE, 200, "{\"ok\":false,\"error\":\"channel_not_found\"}");

        DeliveryResult result = deliver(basic());

        assertThat(result.message()).as("message of %s", result)
                .startsWith("Slack: channel_not_found").contains("does not exist").doesNotContain(TOKEN);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.responseBody()).contains("channel_not_found");
        assertThat(result.requestHeaders()).as("recorded headers").containsEntry("Authorization", HttpCall.REDACTED);
    }

    @Test
    void a_missing_scope_names_the_scope_slack_needs() {
        vendor.onJson("POST", POST_MESSAGE, 200,
                "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"chat:write\",\"provided\":\"channels:read\"}");

        DeliveryResult result = deliver(basic());

        assertThat(result.message()).as("message").contains("missing_scope").contains("chat:write")
                .contains("connect Slack again");
    }

    @Test
    void a_rate_limit_carries_slacks_retry_after() {
        vendor.on("POST", POST_MESSAGE, Response.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}")
                .withHeader("Retry-After", "30"));

        DeliveryResult result = deliver(basic());

        assertThat(result.retryAfter()).as("retry after of %s", result).isEqualTo(Duration.ofSeconds(30));
    }

    // --- careless input: refused before any request, never an exception --------------------------

    @Test
    void a_rule_without_a_channel_is_a_final_refusal_and_sends_nothing() {
        for (Map<String, Object> metadata : List.<Map<String, Object>>of(Map.of("template", "hi"),
                Map.of("id", "   ", "template", "hi"))) {
            DeliveryResult result = deliver(withMetadata(metadata));

            assertThat(result.delivered()).as("delivered with %s", metadata).isFalse();
            assertThat(result.retryable()).as("retryable with %s", metadata).isFalse();
            assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_CLIENT_ERROR);
            assertThat(result.message()).contains("metadata.id");
        }
        assertThat(vendor.requests()).as("requests sent to Slack").isEmpty();
    }

    @Test
    void a_rule_without_a_template_is_a_final_refusal_and_sends_nothing() {
        DeliveryResult result = deliver(withMetadata(Map.of("id", "C0123ABCDEF")));

        assertThat(List.of(result.outcome(), result.retryable())).as("%s", result)
                .containsExactly(Outcome.REJECTED_CLIENT_ERROR, false);
        assertThat(result.message()).contains("metadata.template");
        assertThat(vendor.requests()).as("requests sent to Slack").isEmpty();
    }

    @Test
    void a_template_that_fills_in_to_nothing_is_a_final_mapping_error() {
        DeliveryResult result = deliver(withMetadata(Map.of("id", "C0123ABCDEF", "template", " \n ")));

        assertThat(List.of(result.outcome(), result.retryable())).as("%s", result)
                .containsExactly(Outcome.MAPPING_ERROR, false);
        assertThat(vendor.requests()).as("requests sent to Slack").isEmpty();
    }

    @Test
    void a_connection_without_a_token_asks_for_reauthorization_without_calling_slack() {
        var noToken = new ConnectorContext(context().connection(), AccessToken.Source.NONE, http, clock, settings());

        DeliveryResult delivered = deliver(basic(), noToken);
        DeliveryResult checked = connector.check(noToken);

        for (DeliveryResult result : List.of(delivered, checked)) {
            assertThat(java.util.Arrays.asList(result.outcome(), result.retryable(), result.verdict())).as("%s", result)
                    .containsExactly(Outcome.AUTH_FAILED, false, Verdict.REAUTHORIZATION_REQUIRED);
        }
        assertThatThrownBy(() -> connector.actionData(noToken)).isInstanceOf(VendorException.class);
        assertThat(vendor.requests()).as("requests sent to Slack").isEmpty();
    }

    // --- the credential check ---------------------------------------------------------------------

    @Test
    void the_check_is_auth_test_with_the_bot_token() {
        stubCredentialCheck(true);

        assertThat(connector.check(context())).isNull();

        Request check = vendor.only("POST", AUTH_TEST);
        assertThat(check.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(check.query()).isNull();
        assertThat(check.body()).as("auth.test takes no arguments").isEmpty();
    }

    @Test
    void the_check_passes_when_slack_does_not_list_scopes() {
        vendor.onJson("POST", AUTH_TEST, 200, AUTHENTICATED); // a mock server sends no x-oauth-scopes

        assertThat(connector.check(context())).isNull();
    }

    @Test
    void the_check_fails_when_the_app_was_installed_without_a_scope_the_actions_need() {
        vendor.on("POST", AUTH_TEST, Response.json(200, AUTHENTICATED).withHeader("x-oauth-scopes", "chat:write,channels:read"));

        DeliveryResult failed = connector.check(context());

        assertThat(failed).as("check result").isNotNull();
        assertThat(failed.verdict()).isEqualTo(Verdict.REAUTHORIZATION_REQUIRED);
        assertThat(failed.message()).contains("chat:write.public").contains("groups:read").doesNotContain(TOKEN);
    }

    @Test
    void the_check_reports_an_expired_rotating_token_as_expired() {
        vendor.onJson("POST", AUTH_TEST, 200, "{\"ok\":false,\"error\":\"token_expired\"}");

        assertThat(connector.check(context()).verdict()).isEqualTo(Verdict.TOKEN_EXPIRED);
    }

    // --- action data failures -------------------------------------------------------------------

    @Test
    void a_page_slack_refuses_fails_the_action_data_with_its_verdict() {
        vendor.on("GET", LIST, Response.json(200, PAGE_1), Response.json(200, "{\"ok\":false,\"error\":\"token_revoked\"}"));

        VendorException failed = catchThrowableOfType(VendorException.class, () -> connector.actionData(context()));

        assertThat(failed).as("the exception of a refused second page").isNotNull();
        assertThat(failed.result().verdict()).isEqualTo(Verdict.AUTHORIZATION_REVOKED);
        assertThat(failed.getMessage()).contains("token_revoked").doesNotContain(TOKEN);
        assertThat(vendor.requests("GET", LIST)).hasSize(2);
    }

    @Test
    void a_rate_limited_page_fails_the_action_data_as_retryable_with_retry_after() {
        vendor.on("GET", LIST, Response.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "12"));

        VendorException failed = catchThrowableOfType(VendorException.class, () -> connector.actionData(context()));

        assertThat(failed.result().outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(failed.result().retryable()).isTrue();
        assertThat(failed.result().retryAfter()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void a_cursor_that_never_ends_fails_instead_of_looping() {
        vendor.on("GET", LIST, Response.json(200, PAGE_1)); // the same page, the same cursor, forever

        assertThatThrownBy(() -> connector.actionData(context())).isInstanceOf(VendorException.class)
                .hasMessageContaining("cursor");
        assertThat(vendor.requests("GET", LIST)).as("calls before giving up").hasSize(2);
    }

    @Test
    void an_empty_workspace_has_no_channels() {
        vendor.onJson("GET", LIST, 200, "{\"ok\":true,\"channels\":[],\"response_metadata\":{\"next_cursor\":\"\"}}");

        assertThat(connector.actionData(context())).isEqualTo(Map.of("channels", List.of()));
    }

    // --- the declaration and the defaults ---------------------------------------------------------

    @Test
    void the_declaration_is_an_oauth_v2_bot_with_one_action_and_slacks_rate_limit() {
        ConnectorSpec spec = connector.spec();

        assertThat(spec.authentication()).isEqualTo(new Authentication.OAuth2("https://slack.com/oauth/v2/authorize",
                "https://slack.com/api/oauth.v2.access", List.of("chat:write", "chat:write.public", "channels:read",
                "groups:read"), Authentication.OAuth2.ClientAuth.BODY, true, Map.of(), ","));
        assertThat(spec.fields()).as("connection fields").isEmpty();
        assertThat(spec.secretPaths()).isEmpty();
        assertThat(spec.rateLimit()).isEqualTo(new ConnectorSpec.RateLimit(1, Duration.ofSeconds(1)));
        assertThat(spec.destinationFields()).as("a message writes no mapped fields").isEmpty();
        ActionSpec send = spec.action("send_message").orElseThrow();
        assertThat(send.metadataFields()).containsExactly("id", "template");

        Integration integration = spec.toIntegration();
        assertThat(integration.name()).isEqualTo("Slack");
        assertThat(integration.authentication()).containsEntry("type", "oauth").containsEntry("oauth", Map.of("version", 2))
                .containsEntry("fields", List.of());
        Integration.Action action = integration.actions().get("send_message");
        assertThat(action.fields()).containsExactly("id", "template");
        assertThat(action.data()).extracting(d -> d.get("key"), d -> d.get("field"), d -> d.get("kind"), d -> d.get("required"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("channels", "id", "simple", true),
                        org.assertj.core.groups.Tuple.tuple("template", "template", "field", true));
    }

    @Test
    void without_a_configured_base_url_it_calls_slack_itself() {
        List<HttpCall> calls = new CopyOnWriteArrayList<>();
        var context = new ConnectorContext(context().connection(), () -> token(), call -> {
            calls.add(call);
            return new HttpExchange(200, Map.of(), POSTED, Duration.ZERO, null, null, null, false, call.recordedHeaders());
        }, clock, ConnectorSettings.defaults("slack"));

        DeliveryResult result = deliver(basic(), context);

        assertThat(result.delivered()).as("%s", result).isTrue();
        assertThat(calls).extracting(HttpCall::method, HttpCall::url)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "https://slack.com/api/chat.postMessage"));
        assertThat(result.requestHeaders()).containsEntry("Authorization", HttpCall.REDACTED);
    }

    @Test
    void concurrent_deliveries_each_use_their_own_connections_token_and_channel() throws Exception {
        vendor.onJson("POST", POST_MESSAGE, 200, POSTED);
        int connections = 24;
        List<Future<DeliveryResult>> results = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                AccessToken own = new AccessToken("xoxb-connection-" + i, null, Map.of());
                var context = new ConnectorContext(context().connection(), () -> own, http, clock, settings());
                ActionCase c = withMetadata(Map.of("id", "C" + i, "template", "event for " + i));
                results.add(threads.submit(() -> deliver(c, context)));
            }
        }
        for (Future<DeliveryResult> result : results) {
            assertThat(result.get().delivered()).as("%s", result.get()).isTrue();
        }
        List<Request> posts = vendor.requests("POST", POST_MESSAGE);
        assertThat(posts).hasSize(connections);
        for (Request post : posts) {
            String channel = VendorJson.read(post.body()).path("channel").asString();
            assertThat(post.header("Authorization")).as("token of the request to %s", channel)
                    .isEqualTo("Bearer xoxb-connection-" + channel.substring(1));
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    private ActionCase basic() {
        return actionCases().getFirst();
    }

    private static ActionCase withMetadata(Map<String, Object> metadata) {
        return new ActionCase("careless", "send_message", metadata, Map.of("email", "ada@example.com"), Map.of(),
                () -> {}, v -> {});
    }

    /** A send_message case: Slack answers {@code answer}, and must have seen exactly one post of this message. */
    private ActionCase message(String name, Map<String, Object> metadata, Map<String, Object> payload, String answer,
                               String channel, String text) {
        Consumer<VendorStub> verify = v -> {
            assertThat(v.requests()).as("requests Slack saw").hasSize(1);
            Request post = v.only("POST", POST_MESSAGE);
            assertThat(post.query()).as("query").isNull();
            assertThat(post.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(post.header("Content-Type")).isEqualToIgnoringCase("application/json; charset=utf-8");
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("channel", channel);
            expected.put("text", text);
            assertThat(VendorJson.read(post.body())).as("chat.postMessage body %s", post.body())
                    .isEqualTo(VendorJson.read(VendorJson.write(expected)));
        };
        return new ActionCase(name, "send_message", metadata, payload, Map.of(),
                () -> vendor.onJson("POST", POST_MESSAGE, 200, answer), verify);
    }

    private ErrorCase slackError(String code, Outcome outcome, boolean retryable, Verdict verdict) {
        return new ErrorCase(code, BASIC, () -> vendor.onJson("POST", POST_MESSAGE, 200,
                "{\"ok\":false,\"error\":\"" + code + "\"}"), outcome, retryable, verdict);
    }
}
