package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.server.ConnectorEndToEndTest.HubSpot;
import dev.openmeshes.server.ConnectorEndToEndTest.Intercom;
import dev.openmeshes.server.ConnectorEndToEndTest.Salesforce;
import dev.openmeshes.server.support.Chromium;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.store.testing.TestDatabases;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard makes a connection and a rule of every connection type but the webhook (which
 * {@link DashboardBrowserTest} covers), in headless Chromium against one server whose vendors are all
 * one {@link VendorStub}, each type under its own path prefix. Per type: the new-connection form
 * shows exactly the fields the integrations catalog declares (secrets as password inputs), or, for
 * an OAuth type, "Connect with …", whose consent page is intercepted and whose callback carries the
 * vendor's token answer; the connection lands active on its page without its secret; and a rule of
 * one of its actions is made from the vendor's live data. Screenshots of a few forms are written to
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryConnectionTypeBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "correct horse battery staple";
    private static final String DISCORD_BOT_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhQx7Z.browser-b0t-t0ken";
    private static final Set<String> SCREENSHOTS = Set.of("activecampaign", "sendgrid", "slack");

    /** A vendor answer, at a path under the type's prefix. */
    record Answer(String method, String path, int status, String body) {
        static Answer get(String path, String body) {
            return new Answer("GET", path, 200, body);
        }

        static Answer post(String path, String body) {
            return new Answer("POST", path, 200, body);
        }
    }

    /** What the rule form asks for an action: an item of the live data (shown by its name), or typed text. */
    sealed interface Input {
        String label();
    }

    record Pick(String label, String value, String shownAs) implements Input {}

    record Typed(String label, String text) implements Input {}

    /** The rule made of a connection: one of the type's actions, and its inputs as the form asks them. */
    record RuleOf(String action, List<Input> inputs) {
        RuleOf(String action, Input... inputs) {
            this(action, List.of(inputs));
        }
    }

    /** One connection type as a person connects it from the dashboard, and the vendor's side of it. */
    sealed interface TypeCase {
        String type();

        /** What the vendor answers for the action data and the field catalog. */
        List<Answer> vendorData();

        RuleOf rule();

        /** The credential that must never be shown back: the API key, or the OAuth access token. */
        String secret();
    }

    /**
     * @param settings the form's inputs by their label (" *" marks a required one) and the value typed or chosen
     * @param check    the vendor's answer to the credential check made on save
     */
    record ApiKeyType(String type, Map<String, String> settings, String secret, Answer check, List<Answer> vendorData,
                      RuleOf rule) implements TypeCase {}

    /**
     * @param authorizeUrl the vendor's consent page as the type declares it
     * @param tokenAnswer  the token endpoint's answer to the code, with what the type needs besides the tokens
     */
    record OAuthType(String type, String authorizeUrl, String secret, String tokenAnswer, List<Answer> vendorData,
                     RuleOf rule) implements TypeCase {}

    static final String AC_KEY = "b0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5";
    static final String MAILCHIMP_LIST = "a1b2c3d4e5";
    static final String MAILERLITE_GROUP = "139791145237481296";
    static final String RESEND_TEMPLATE = "34a080c9-b17d-4187-ad80-5af20266e535";
    static final String SENDGRID_TEMPLATE = "d-2c214ac919e84170b00004bf7a1bf4b6";
    static final String DISCORD_GUILD = "1098765432109876543";

    static final List<TypeCase> TYPES = List.of(
            new ApiKeyType("activecampaign", settings("API URL *", "https://acct.api-us1.com", "API key *", AC_KEY),
                    AC_KEY, Answer.get("/users/me", "{\"user\":{\"username\":\"jdoe\",\"firstName\":\"John\","
                            + "\"lastName\":\"Doe\",\"email\":\"johndoe@example.com\",\"id\":\"1\"}}"),
                    List.of(Answer.get("/lists", "{\"lists\":[{\"stringid\":\"newsletter\",\"name\":\"Newsletter\","
                                    + "\"id\":\"2\"}],\"meta\":{\"total\":\"1\"}}"),
                            Answer.get("/tags", "{\"tags\":[{\"tagType\":\"contact\",\"tag\":\"VIP\",\"id\":\"20\"}],"
                                    + "\"meta\":{\"total\":\"1\"}}"),
                            Answer.get("/fields", "{\"fieldOptions\":[],\"fieldRels\":[],\"fields\":[{\"title\":\"Plan\","
                                    + "\"type\":\"text\",\"perstag\":\"PLAN\",\"id\":\"3\"}],\"meta\":{\"total\":\"1\"}}")),
                    new RuleOf("add_to_list", new Pick("List", "2", "Newsletter"))),
            new ApiKeyType("customer_io", settings("Region", "eu", "Pipelines API key *", "cdp-browser-5d9c0f3ab7e14c62"),
                    "cdp-browser-5d9c0f3ab7e14c62", Answer.post("/batch", "{}"), List.of(),
                    new RuleOf("track_event", new Typed("Event name", "Signed up"))),
            new ApiKeyType("mailchimp", settings("Data center *", "us6", "API key *", "5f4dcc3b5aa765d61d8327deb882cf99-us6"),
                    "5f4dcc3b5aa765d61d8327deb882cf99-us6", Answer.get("/ping", "{\"health_status\":\"Everything's Chimpy!\"}"),
                    List.of(Answer.get("/lists", "{\"lists\":[{\"id\":\"" + MAILCHIMP_LIST + "\",\"name\":\"Newsletter\"}],"
                                    + "\"total_items\":1}"),
                            Answer.get("/lists/" + MAILCHIMP_LIST + "/merge-fields", "{\"merge_fields\":[{\"merge_id\":1,"
                                    + "\"tag\":\"PLAN\",\"name\":\"Plan\",\"type\":\"text\",\"required\":false,\"list_id\":\""
                                    + MAILCHIMP_LIST + "\"}],\"list_id\":\"" + MAILCHIMP_LIST + "\",\"total_items\":1}")),
                    new RuleOf("add_to_list", new Pick("Audience", MAILCHIMP_LIST, "Newsletter"))),
            new ApiKeyType("mailerlite", settings("API key *", "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.browser-mailerlite-key"),
                    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.browser-mailerlite-key",
                    Answer.get("/groups", "{\"data\":[{\"id\":\"" + MAILERLITE_GROUP + "\",\"name\":\"Newsletter\","
                            + "\"active_count\":1,\"created_at\":\"2023-09-23 08:12:28\"}],\"meta\":{\"current_page\":1,"
                            + "\"last_page\":1,\"per_page\":100}}"),
                    List.of(Answer.get("/fields", "{\"data\":[{\"id\":\"1\",\"name\":\"Name\",\"key\":\"name\",\"type\":"
                            + "\"text\",\"is_default\":true}],\"meta\":{\"current_page\":1,\"last_page\":1,\"per_page\":100}}")),
                    new RuleOf("add_to_group", new Pick("Group", MAILERLITE_GROUP, "Newsletter"))),
            new ApiKeyType("resend", settings("API Token *", "re_browser_c1tpEyD8_NKFusih9vKVQknRAQfm"),
                    "re_browser_c1tpEyD8_NKFusih9vKVQknRAQfm", Answer.get("/domains", "{\"object\":\"list\","
                            + "\"has_more\":false,\"data\":[{\"id\":\"d91cd9bd-1176-453e-8fc1-35364d380206\","
                            + "\"name\":\"example.com\",\"status\":\"verified\"}]}"),
                    List.of(Answer.get("/segments", "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":"
                                    + "\"78261eea-8f8b-4381-83c6-79fa7120f1cf\",\"name\":\"Newsletter\"}]}"),
                            Answer.get("/templates", "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\""
                                    + RESEND_TEMPLATE + "\",\"name\":\"welcome-email\",\"status\":\"published\"}]}"),
                            Answer.get("/contact-properties", "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":"
                                    + "\"prop_company_name\",\"key\":\"company_name\",\"type\":\"string\"}]}")),
                    new RuleOf("send_email_template", new Pick("Template", RESEND_TEMPLATE, "welcome-email"),
                            new Typed("Subject", "Welcome, {{first_name}}"), new Typed("From", "Acme <hello@acme.com>"))),
            new ApiKeyType("sendgrid", settings("API key *", "SG.browser-key-id.browser-key-secret-abcdefghijkl", "Region", "global"),
                    "SG.browser-key-id.browser-key-secret-abcdefghijkl",
                    Answer.get("/v3/scopes", "{\"scopes\":[\"mail.send\",\"templates.read\"]}"),
                    List.of(Answer.get("/v3/templates", "{\"result\":[{\"id\":\"" + SENDGRID_TEMPLATE + "\",\"name\":"
                            + "\"Welcome\",\"generation\":\"dynamic\",\"updated_at\":\"2026-11-12 12:00:09\",\"versions\":[]}],"
                            + "\"_metadata\":{\"self\":\"https://api.sendgrid.com/v3/templates\",\"count\":1}}")),
                    new RuleOf("send_email_template", new Pick("Template", SENDGRID_TEMPLATE, "Welcome"),
                            new Typed("From", "Acme <hello@acme.example>"), new Typed("Subject", "Welcome, {{first_name}}"))),
            new OAuthType("aweber", "https://auth.aweber.com/oauth2/authorize", "aw-browser-access-9c1f3b7d5e",
                    "{\"access_token\":\"aw-browser-access-9c1f3b7d5e\",\"token_type\":\"bearer\",\"expires_in\":7200,"
                            + "\"refresh_token\":\"aw-browser-refresh\"}",
                    List.of(Answer.get("/accounts", "{\"entries\":[{\"id\":1234,\"self_link\":"
                                    + "\"https://api.aweber.com/1.0/accounts/1234\"}],\"start\":0,\"total_size\":1}"),
                            Answer.get("/accounts/1234/lists", "{\"entries\":[{\"id\":456,\"name\":\"Newsletter\","
                                    + "\"total_subscribers\":3}],\"start\":0,\"total_size\":1}"),
                            Answer.get("/accounts/1234/lists/456/custom_fields", "{\"entries\":[{\"id\":1,\"name\":\"plan\","
                                    + "\"is_subscriber_updateable\":true}],\"start\":0,\"total_size\":1}")),
                    new RuleOf("add_to_list", new Pick("List", "456", "Newsletter"))),
            new OAuthType("discord", "https://discord.com/oauth2/authorize", "discord-browser-user-token",
                    "{\"access_token\":\"discord-browser-user-token\",\"token_type\":\"Bearer\",\"expires_in\":604800,"
                            + "\"refresh_token\":\"discord-browser-refresh\",\"scope\":\"bot\",\"guild\":{\"id\":\""
                            + DISCORD_GUILD + "\",\"name\":\"Acme Community\"}}",
                    List.of(Answer.get("/guilds/" + DISCORD_GUILD + "/channels", "["
                            + "{\"id\":\"1400000000000000001\",\"type\":4,\"name\":\"Community\",\"position\":0},"
                            + "{\"id\":\"1400000000000000002\",\"type\":0,\"name\":\"general\",\"position\":1}]")),
                    new RuleOf("send_message", new Pick("Channel", "1400000000000000002", "general"),
                            new Typed("Title", "New signup"), new Typed("Message", "{{email}} joined"))),
            new OAuthType("hubspot", "https://app.hubspot.com/oauth/authorize", "hs-browser-access-token",
                    "{\"access_token\":\"hs-browser-access-token\",\"refresh_token\":\"hs-refresh\",\"expires_in\":1800}",
                    List.of(new Answer("POST", "/crm/v3/lists/search", 200, "{\"hasMore\":false,\"offset\":1,\"total\":1,"
                                    + "\"lists\":[" + HubSpot.list("7", "Newsletter", "0-1") + "]}"),
                            Answer.get("/crm/v3/properties/contacts", HubSpot.properties(HubSpot.PLAN_TIER))),
                    new RuleOf("add_to_list", new Pick("List", "7", "Newsletter"))),
            new OAuthType("intercom", "https://app.intercom.com/oauth", "dG9rOmludGVyY29tLWJyb3dzZXI=",
                    "{\"access_token\":\"dG9rOmludGVyY29tLWJyb3dzZXI=\",\"token_type\":\"Bearer\"}",
                    List.of(Answer.get("/tags", "{\"type\":\"list\",\"data\":[{\"type\":\"tag\",\"id\":\"103\","
                                    + "\"name\":\"VIP\"}]}"),
                            Answer.get("/data_attributes", Intercom.attributes(Intercom.PLAN))),
                    new RuleOf("add_tag", new Pick("Tag", "103", "VIP"))),
            new OAuthType("pipedrive", "https://oauth.pipedrive.com/oauth/authorize", "v1u:pipedrive-browser-token",
                    "{\"access_token\":\"v1u:pipedrive-browser-token\",\"token_type\":\"Bearer\",\"refresh_token\":"
                            + "\"pd-refresh\",\"scope\":\"base,contacts:full\",\"expires_in\":3599,"
                            + "\"api_domain\":\"https://acme.pipedrive.com\"}",
                    List.of(Answer.get("/api/v2/personFields", "{\"success\":true,\"data\":[" + PipedriveEndToEndTest.LABEL_FIELD
                            + "," + PipedriveEndToEndTest.PLAN_FIELD + "],\"additional_data\":{\"next_cursor\":null}}")),
                    new RuleOf("add_label_to_person", new Pick("Label", "5", "Hot lead"))),
            new OAuthType("salesforce", "https://login.salesforce.com/services/oauth2/authorize",
                    "00D5g000004SxyZ!AQ4AQ.browser-access-token",
                    "{\"access_token\":\"00D5g000004SxyZ!AQ4AQ.browser-access-token\",\"refresh_token\":\"sf-refresh\","
                            + "\"instance_url\":\"https://acme.my.salesforce.com\",\"id\":"
                            + "\"https://login.salesforce.com/id/00D5g000004SxyZ/0055g00000AbCdE\",\"token_type\":\"Bearer\","
                            + "\"issued_at\":\"1733054400000\"}",
                    List.of(Answer.get("/query", "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":"
                                    + "\"Campaign\"},\"Id\":\"" + Salesforce.CAMPAIGN + "\",\"Name\":\"Spring webinar\"}]}"),
                            Answer.get("/sobjects/Contact/describe", Salesforce.describe(Salesforce.PLAN))),
                    new RuleOf("add_to_campaign", new Pick("Campaign", Salesforce.CAMPAIGN, "Spring webinar"))),
            // Slack's answer for a workspace install carries "enterprise": null
            new OAuthType("slack", "https://slack.com/oauth/v2/authorize", "xoxb-17653672481-19874698323-browser",
                    "{\"ok\":true,\"access_token\":\"xoxb-17653672481-19874698323-browser\",\"token_type\":\"bot\","
                            + "\"scope\":\"chat:write,chat:write.public,channels:read,groups:read\",\"bot_user_id\":"
                            + "\"U0KRQLJ9H\",\"app_id\":\"A0KRD7HC3\",\"team\":{\"name\":\"Acme\",\"id\":\"T9TK3CUKW\"},"
                            + "\"enterprise\":null,\"is_enterprise_install\":false,\"authed_user\":{\"id\":\"U1234\"}}",
                    List.of(Answer.get("/conversations.list", "{\"ok\":true,\"channels\":[{\"id\":\"C012AB3CD\",\"name\":"
                            + "\"general\",\"is_channel\":true,\"is_archived\":false,\"is_private\":false}],"
                            + "\"response_metadata\":{\"next_cursor\":\"\"}}")),
                    new RuleOf("send_message", new Pick("Channel", "C012AB3CD", "general"),
                            new Typed("Message", "New signup: {{email}}"))),
            new OAuthType("zoom", "https://zoom.us/oauth/authorize", "zat-browser-access",
                    "{\"access_token\":\"zat-browser-access\",\"token_type\":\"bearer\",\"refresh_token\":\"zrt-browser\","
                            + "\"expires_in\":3600,\"scope\":\"meeting:write:registrant\"}",
                    List.of(Answer.get("/users/me/meetings", "{\"page_size\":300,\"total_records\":1,\"next_page_token\":"
                                    + "\"\",\"meetings\":[{\"uuid\":\"aDYlohsHRtCd4ii1uC2+hA==\",\"id\":85746065,"
                                    + "\"topic\":\"Weekly sync\",\"type\":8,\"start_time\":\"2026-07-13T21:44:51Z\"}]}"),
                            Answer.get("/users/me/webinars", "{\"page_size\":300,\"total_records\":0,\"next_page_token\":"
                                    + "\"\",\"webinars\":[]}")),
                    new RuleOf("add_meeting_registrant", new Pick("Meeting", "85746065", "Weekly sync"))));

    @TempDir
    static Path dataDir;

    final VendorStub vendors = new VendorStub();
    TestServer server;
    Chromium chromium;
    Page page;
    String workspaceId;
    /** The integrations catalog by type, as the API serves it to the dashboard. */
    Map<String, JsonNode> catalog;

    @BeforeAll
    void start() {
        Map<String, String> env = new HashMap<>(Map.of("MESHES_SIGNUP", "open",
                "MESHES_CONNECTOR_DISCORD_BOT_TOKEN", DISCORD_BOT_TOKEN));
        for (TypeCase type : TYPES) {
            String variable = type.type().toUpperCase(Locale.ROOT);
            env.put("MESHES_CONNECTOR_" + variable + "_BASE_URL", vendors.url() + prefix(type));
            if (type instanceof ApiKeyType apiKey) {
                answer(apiKey, apiKey.check());
            } else if (type instanceof OAuthType oauth) {
                env.put("MESHES_CONNECTOR_" + variable + "_TOKEN_URL", vendors.url() + prefix(type) + "/oauth/token");
                env.put("MESHES_OAUTH_" + variable + "_CLIENT_ID", clientId(type));
                env.put("MESHES_OAUTH_" + variable + "_CLIENT_SECRET", type.type() + "-client-secret");
                answer(oauth, Answer.post("/oauth/token", oauth.tokenAnswer()));
            }
            type.vendorData().forEach(answer -> answer(type, answer));
        }
        server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir, env);
        // on the server's public URL (http://localhost:port), where vendors send the person back
        chromium = Chromium.open("http://localhost:" + server.port());
        page = chromium.page();
        signUp();
        workspaceId = createWorkspace("Every type");
        catalog = new LinkedHashMap<>();
        JSON.readTree(page.request().get("/api/v1/integrations?limit=200").text()).path("records")
                .forEach(integration -> catalog.put(integration.path("type").asString(), integration));
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        vendors.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theCatalogListsAllFifteenTypesAndTheFormOffersEachOfThem() {
        assertThat(catalog.keySet()).as("GET /api/v1/integrations").hasSize(15).contains("webhook")
                .containsAll(TYPES.stream().map(TypeCase::type).toList());
        page.navigate("/#/workspaces/" + workspaceId + "/connections/new");
        expect(page.locator("h1")).hasText("New connection");
        assertThat(page.locator("#connection-type option").evaluateAll("options => options.map(o => o.value)"))
                .as("the types the form offers").asInstanceOf(LIST)
                .containsExactlyInAnyOrderElementsOf(catalog.keySet());
    }

    @TestFactory
    Stream<DynamicTest> eachTypeIsConnectedAndGetsARuleFromTheDashboard() {
        return TYPES.stream().map(type -> DynamicTest.dynamicTest(type.type(), () -> {
            int errorsBefore = chromium.errors().size();
            try {
                String connectionId = switch (type) {
                    case ApiKeyType apiKey -> connectWithItsFields(apiKey);
                    case OAuthType oauth -> connectThroughTheVendor(oauth);
                };
                expect(page.locator("#connection-state")).containsText("active");
                expectLabels(page.locator("#edit-connection"), declaredLabels(type));
                assertSecretNotShown(type);
                makeRule(type, connectionId);
            } catch (AssertionError | RuntimeException failed) {
                chromium.screenshot("last-every-type-" + type.type());
                throw failed;
            }
            assertThat(pageErrors(errorsBefore))
                    .as("script errors or loads refused by the Content-Security-Policy for %s", type.type()).isEmpty();
        }));
    }

    /** Fills the type's generated form and saves it; the vendor's credential check passes. Returns the connection's id. */
    private String connectWithItsFields(ApiKeyType type) {
        Locator form = openNewConnectionForm(type);
        expectLabels(form, declaredLabels(type));
        expect(page.getByText("Connect with", new Page.GetByTextOptions().setExact(false))).hasCount(0);
        for (JsonNode secret : declaredFields(type).stream().filter(f -> f.path("type").asString().equals("password")).toList()) {
            expect(labelled(form, displayLabel(secret))).hasAttribute("type", "password");
        }
        type.settings().forEach((label, value) -> {
            Locator input = labelled(form, label);
            if (input.evaluate("input => input.tagName").equals("SELECT")) {
                input.selectOption(value);
            } else {
                input.fill(value);
            }
        });
        screenshot(type, "form");
        String name = labelled(form, "Name").inputValue();
        int checks = vendors.requests(type.check().method(), prefix(type) + type.check().path()).size();
        form.getByText("Create connection").click();
        expect(page.locator("h1")).containsText(name);
        assertThat(vendors.requests(type.check().method(), prefix(type) + type.check().path()))
                .as("the %s credential check %s %s on save", type.type(), type.check().method(), type.check().path())
                .hasSize(checks + 1);
        return connectionIdInUrl();
    }

    /**
     * "Connect with …": the browser goes to the vendor's consent page (intercepted here) with this
     * server's client id, a state and our callback; the vendor sends it back with a code, which the
     * server exchanges for the stub's token answer. Returns the connection's id.
     */
    private String connectThroughTheVendor(OAuthType type) {
        String vendorName = catalog.get(type.type()).path("name").asString();
        URI consentPage = URI.create(type.authorizeUrl());
        page.route(consentPage.getScheme() + "://" + consentPage.getHost() + "/**", route -> route.fulfill(
                new Route.FulfillOptions().setStatus(200).setContentType("text/html")
                        .setBody("<h1>" + vendorName + " consent</h1>")));
        Locator form = openNewConnectionForm(type);
        expect(page.locator("#new-connection")).hasCount(0);
        Locator connect = form.getByRole(AriaRole.BUTTON);
        expect(connect).hasText("Connect with " + vendorName);
        screenshot(type, "form");
        String name = labelled(form, "Name").inputValue();
        connect.click();
        page.waitForURL(Pattern.compile(Pattern.quote(type.authorizeUrl()) + "\\?.*"));
        String consent = URLDecoder.decode(page.url(), StandardCharsets.UTF_8);
        assertThat(consent).as("%s's authorize URL, with this server's app, a state and our callback", vendorName)
                .contains("client_id=" + clientId(type)).contains("state=")
                .contains("redirect_uri=http://localhost:" + server.port() + "/api/v1/connections/oauth/" + type.type()
                        + "/callback&");

        String code = type.type() + "-browser-code";
        page.navigate(callback(consent, "code=" + code));
        expect(page.locator("h1")).containsText(name);
        assertThat(page.url()).as("the connection's page after the callback")
                .matches("http://localhost:\\d+/#/connections/[0-9a-f-]{36}\\?connected=" + type.type());
        expect(page.locator("#notice")).hasText("Connected with " + vendorName);
        assertThat(vendors.requests("POST", prefix(type) + "/oauth/token").getLast().body())
                .as("the code exchanged at %s's token endpoint", vendorName).contains("code=" + code);
        return connectionIdInUrl();
    }

    private Locator openNewConnectionForm(TypeCase type) {
        page.navigate("/#/workspaces/" + workspaceId + "/connections/new");
        expect(page.locator("h1")).hasText("New connection");
        labelled(page.locator("main"), "Type").selectOption(type.type());
        Locator form = page.locator(type instanceof OAuthType ? "#oauth-connect" : "#new-connection");
        expect(form).isVisible();
        expect(page.locator("#connection-type")).hasValue(type.type());
        return form;
    }

    /** From the connection's page: a rule of the type's action, its inputs picked from the vendor's live data. */
    private void makeRule(TypeCase type, String connectionId) {
        page.locator("#connection-actions").getByText("New rule").click();
        Locator form = page.locator("#new-rule");
        expect(page.locator("#rule-connection")).hasValue(connectionId);
        labelled(form, "Event").fill("user.signup");
        labelled(form, "Action").selectOption(type.rule().action());
        for (Input input : type.rule().inputs()) {
            Locator control = labelled(form, input.label());
            switch (input) {
                case Pick pick -> {
                    expect(control.locator("option[value='" + pick.value() + "']")).hasText(pick.shownAs());
                    control.selectOption(pick.value());
                }
                case Typed typed -> control.fill(typed.text());
            }
        }
        form.getByText("Create rule").click();
        expect(page.locator("h1")).hasText("Every type");
        expect(page.locator("#rules")).containsText(type.type() + " → " + type.rule().action());
    }

    /** Neither the page's text nor any input's value holds the credential. */
    private void assertSecretNotShown(TypeCase type) {
        assertThat(page.locator("body").innerText()).as("the %s connection's page", type.type())
                .doesNotContain(type.secret());
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) page.locator("input, textarea, select")
                .evaluateAll("inputs => inputs.map(i => i.value)");
        assertThat(values).as("the input values of the %s connection's page", type.type())
                .noneMatch(value -> value.contains(type.secret()));
    }

    private List<JsonNode> declaredFields(TypeCase type) {
        return catalog.get(type.type()).path("authentication").path("fields").valueStream().toList();
    }

    /** The labels the form shows for the type's declared fields, as the catalog names them. */
    private List<String> declaredLabels(TypeCase type) {
        return declaredFields(type).stream().map(EveryConnectionTypeBrowserTest::displayLabel).toList();
    }

    private static String displayLabel(JsonNode field) {
        return field.path("label").asString() + (field.path("required").asBoolean() ? " *" : "");
    }

    /** The form's settings are exactly these labelled inputs, in this order (none: no settings at all). */
    private static void expectLabels(Locator form, List<String> labels) {
        Locator shown = form.locator("fieldset.settings .field > label");
        if (labels.isEmpty()) {
            expect(shown).hasCount(0);
        } else {
            expect(shown).hasText(labels.toArray(String[]::new));
        }
    }

    private void screenshot(TypeCase type, String what) {
        if (SCREENSHOTS.contains(type.type())) {
            chromium.screenshot("every-type-" + type.type() + "-" + what);
        }
    }

    private String connectionIdInUrl() {
        return page.url().replaceAll(".*#/connections/([0-9a-f-]{36}).*", "$1");
    }

    private void answer(TypeCase type, Answer answer) {
        vendors.onJson(answer.method(), prefix(type) + answer.path(), answer.status(), answer.body());
    }

    private static String prefix(TypeCase type) {
        return "/" + type.type();
    }

    private static String clientId(TypeCase type) {
        return type.type() + "-client";
    }

    private static Map<String, String> settings(String... labelsAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            settings.put(labelsAndValues[i], labelsAndValues[i + 1]);
        }
        return settings;
    }

    private void signUp() {
        page.navigate("/");
        expect(page.locator("h1")).hasText("Sign in");
        page.getByText("Create an organization").click();
        Locator form = page.locator("#signup");
        labelled(form, "Organization name").fill("Every Type Co");
        labelled(form, "Email").fill("katherine@example.com");
        labelled(form, "Password").fill(PASSWORD);
        form.getByRole(AriaRole.BUTTON).click();
        expect(page.locator("h1")).hasText("Workspaces");
    }

    private String createWorkspace(String name) {
        page.navigate("/#/workspaces");
        Locator form = page.locator("#new-workspace");
        labelled(form, "Name").fill(name);
        form.getByText("Create workspace").click();
        expect(page.locator("h1")).hasText(name);
        return page.url().replaceAll(".*#/workspaces/([0-9a-f-]{36}).*", "$1");
    }

    /** Where the vendor sends the browser back (the authorize URL's redirect_uri), with its state and this answer. */
    private static String callback(String decodedAuthorizeUrl, String answer) {
        String redirectUri = decodedAuthorizeUrl.replaceAll(".*[?&]redirect_uri=([^&]+).*", "$1");
        String state = decodedAuthorizeUrl.replaceAll(".*[?&]state=([^&]+).*", "$1");
        return redirectUri + "?" + answer + "&state=" + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    /** The input of a form labelled exactly so ("Name" is not "Header name"). */
    private static Locator labelled(Locator form, String label) {
        return form.getByLabel(label, new Locator.GetByLabelOptions().setExact(true));
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    /** Errors the page logged since {@code from}, but the browser's own line for each 4xx answer. */
    private List<String> pageErrors(int from) {
        List<String> errors = chromium.errors();
        return errors.subList(from, errors.size()).stream().filter(e -> !e.contains("Failed to load resource")).toList();
    }
}
