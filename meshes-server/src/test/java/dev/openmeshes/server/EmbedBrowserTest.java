package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.server.support.Chromium;
import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.store.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The embedded dashboard in headless Chromium, framed by a host page on another origin: a second
 * local HTTP server that mints nothing (the test mints the session through the API, as the host's
 * backend would, and hands the page the launch URL and the token). The server is reached as
 * {@code http://localhost:<port>}, the host as {@code http://127.0.0.1:<port>}: two origins. Each
 * test attacks one boundary: the resource pair, the pages, the payload scope, the one-use launch,
 * framing from an origin not allowed, and a revoked or expired session. Screenshots go to
 * {@code target/screenshots/embed-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbedBrowserTest {

    private static final LocatorAssertions.IsVisibleOptions PATIENTLY =
            new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);

    @TempDir
    static Path dataDir;

    TestServer server;
    /** Zoom's token and API endpoints, for connecting an OAuth type from the embedded page. */
    final VendorStub zoom = new VendorStub();
    EmbedSessions sessions;
    Scenario shop;
    HttpServer host;
    HttpServer stranger;
    UUID eventO1;
    UUID eventO2;
    Chromium chromium;
    Page page;
    /** Every answer of 400 or more the browser got, as "status method url". */
    final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir, Map.of(
                "MESHES_OAUTH_ZOOM_CLIENT_ID", "zoom-embed-client", "MESHES_OAUTH_ZOOM_CLIENT_SECRET", "zoom-embed-secret",
                "MESHES_CONNECTOR_ZOOM_TOKEN_URL", zoom.url() + "/oauth/token", "MESHES_CONNECTOR_ZOOM_BASE_URL", zoom.url()));
        zoom.onJson("POST", "/oauth/token", 200, "{\"access_token\":\"zat-embedded\",\"token_type\":\"bearer\","
                + "\"refresh_token\":\"zrt-embedded\",\"expires_in\":3600}");
        zoom.onJson("GET", "/users/me/meetings", 200, "{\"page_size\":300,\"total_records\":0,\"next_page_token\":\"\","
                + "\"meetings\":[]}");
        zoom.onJson("GET", "/users/me/webinars", 200, "{\"page_size\":300,\"total_records\":0,\"next_page_token\":\"\","
                + "\"webinars\":[]}");
        sessions = new EmbedSessions(server);
        shop = new Scenario(server, "Embed Shop");
        // A destination nobody listens on: the deliveries fail, which is something to show
        UUID hook = shop.connection("Hook", "{\"url\":\"http://127.0.0.1:9/hook\",\"skip_url_test\":true}");
        rule(hook, "o-1");
        rule(hook, "o-2");
        eventO1 = emit("o-1");
        eventO2 = emit("o-2");
        host = hostPage();
        stranger = hostPage();
    }

    @BeforeEach
    void openBrowser() {
        chromium = Chromium.open(hostOrigin(host));
        page = chromium.page();
        refused.clear();
        page.onResponse(r -> {
            if (r.status() >= 400) {
                refused.add(r.status() + " " + r.request().method() + " " + r.url());
            }
        });
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        if (chromium != null) {
            try {
                chromium.screenshot("embed-last-" + test.getTestMethod().orElseThrow().getName());
            } finally {
                chromium.close();
            }
        }
    }

    @AfterAll
    void stop() {
        host.stop(0);
        stranger.stop(0);
        zoom.close();
        server.close();
    }

    @Test
    void aResourceSessionShowsOnlyItsOwnResourcesEventsAndNeverTheConnections() {
        JsonNode session = mint("\"launch_page\":\"events\"", host);

        FrameLocator frame = embed(session);

        Locator rows = frame.locator("#event-rows tr");
        expect(rows.first()).isVisible(PATIENTLY);
        expect(rows).hasCount(1);
        expect(rows.first()).containsText("o-1");
        expect(frame.locator("#event-rows")).not().containsText("o-2");
        expect(frame.locator("#nav a")).hasText(new String[] {"Dashboard", "Rules", "Events"});
        chromium.screenshot("embed-01-resource-events");

        // The host asks for the connections: not a page of this session, so nothing changes
        page.evaluate("window.navigateTo('connections')");
        page.evaluate("window.navigateTo('rules')");
        expect(frame.locator("h1")).hasText("Rules");
        expect(frame.locator("#rules tbody tr")).hasCount(1);
        expect(frame.locator("#new-rule-link")).hasCount(0); // no rule form for a resource session
        expect(frame.locator("#rules")).containsText("o-1");
        expect(frame.locator("#rules")).not().containsText("o-2");
        assertThat(messageTypes()).as("the host was told of the page shown, and of the content's height")
                .contains("meshes:ready", "meshes:navigate", "meshes:resize");
        assertThat(navigations()).as("pages reported by meshes:navigate").containsExactly("events", "rules");
        chromium.screenshot("embed-02-resource-rules");

        // Typed into the frame's own address: the page is not routed at all
        embedded().evaluate("location.hash = '#/connections'");
        expect(frame.locator("h1")).hasText("Not found");
        expect(frame.locator("#page")).containsText("not available here");
        assertThat(navigations()).as("no navigation to the connections reported").doesNotContain("connections");
        assertNothingRefused();
    }

    @Test
    void anAdminsWorkspaceSessionCreatesARuleInTheEmbeddedPageAndAMembersCannot() {
        JsonNode admin = workspaceSession("admin", "rules");
        FrameLocator frame = embed(admin);

        frame.locator("#new-rule-link").click();
        expect(frame.locator("h1")).hasText("New rule");
        Locator form = frame.locator("#new-rule");
        form.getByLabel("Event", new Locator.GetByLabelOptions().setExact(true)).fill("order.shipped");
        form.getByLabel("Resource (optional)").fill("order");
        form.locator("input[name='resource_id']").fill("o-9");
        chromium.screenshot("embed-04-new-rule");
        form.getByText("Create rule").click();
        expect(frame.locator("h1")).hasText("Rules");
        expect(frame.locator("#rules")).containsText("order.shipped");
        assertThat(server.http().get("/api/v1/workspaces/" + shop.workspace + "/rules?resource_id=o-9", shop.tenant.token())
                .json().path("records").findValuesAsString("event")).as("the rule, made in the embedded page")
                .containsExactly("order.shipped");
        assertThat(refused).as("requests the API refused").isEmpty();

        JsonNode member = workspaceSession("member", "rules");
        frame = embed(member);
        expect(frame.locator("h1")).hasText("Rules");
        expect(frame.locator("#new-rule-link")).hasCount(0);
        embedded().evaluate("location.hash = '#/rules/new'");
        expect(frame.locator("#rule-form-refused")).isVisible();
        assertThat(chromium.errors()).as("script errors or refused requests in the embedded page").isEmpty();
    }

    @Test
    void anAdminsWorkspaceSessionConnectsAWebhookAndAnOAuthTypeWhoseConsentPageOpensInAWindowOfItsOwn() {
        JsonNode admin = workspaceSession("admin", "connections");
        String sessionId = admin.path("session_id").asString();
        FrameLocator frame = embed(admin);

        // a webhook: the form generated from the catalog, as in the dashboard
        frame.locator("#new-connection-link").click();
        expect(frame.locator("h1")).hasText("New connection");
        Locator form = frame.locator("#new-connection");
        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Embedded hook");
        form.getByLabel("URL *").fill(hostOrigin(host) + "/hook");
        chromium.screenshot("embed-07-new-connection");
        form.getByText("Create connection").click();
        expect(frame.locator("h1")).containsText("Embedded hook");
        expect(frame.locator("#connection-state")).containsText("active");
        expect(frame.locator("#mapping")).isVisible();
        chromium.screenshot("embed-08-connection");
        String hookId = embedded().url().replaceAll(".*#/connections/([0-9a-f-]{36}).*", "$1");
        frame.locator("#connection-actions").getByText("New rule").click();
        expect(frame.locator("h1")).hasText("New rule");
        expect(frame.locator("#rule-connection")).hasValue(hookId);

        // Zoom: its consent page (intercepted here) opens in a window of its own, as vendors refuse frames
        chromium.context().route("https://zoom.us/**", route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                .setContentType("text/html").setBody("<h1>Zoom consent</h1>")));
        embedded().evaluate("location.hash = '#/connections/new?type=zoom'");
        Locator connect = frame.locator("#oauth-connect").getByRole(AriaRole.BUTTON);
        expect(connect).hasText("Connect with Zoom");
        Page consent = chromium.context().waitForPage(connect::click);
        consent.waitForURL(Pattern.compile(Pattern.quote("https://zoom.us/oauth/authorize?") + ".*"));
        String authorize = URLDecoder.decode(consent.url(), StandardCharsets.UTF_8);
        assertThat(authorize).as("Zoom's authorize URL, with this server's app and our callback")
                .contains("client_id=zoom-embed-client")
                .contains("redirect_uri=" + serverOrigin() + "/api/v1/connections/oauth/zoom/callback&");
        String state = authorize.replaceAll(".*[?&]state=([^&]+).*", "$1");
        // Zoom sends the window back to our callback with a code; the completion page tells the frame and closes
        String callback = serverOrigin() + "/api/v1/connections/oauth/zoom/callback?code=zoom-embedded-code&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8);
        consent.waitForClose(() -> consent.evaluate("url => { location.href = url; }", callback));

        expect(frame.locator("#notice")).hasText("Connected with Zoom");
        expect(frame.locator("h1")).containsText("Zoom");
        String zoomId = embedded().url().replaceAll(".*#/connections/([0-9a-f-]{36}).*", "$1");
        chromium.screenshot("embed-09-oauth-connected");
        assertThat(zoom.only("POST", "/oauth/token").body()).as("the code exchanged at Zoom's token endpoint")
                .contains("code=zoom-embedded-code");
        JsonNode saved = server.http().get("/api/v1/connections/" + zoomId, shop.tenant.token()).json();
        assertThat(saved.path("type").asString()).isEqualTo("zoom");
        assertThat(saved.path("workspace").asString()).isEqualTo(shop.workspace.toString());
        assertThat(saved.path("created_by").asString()).as("made by the embed session").isEqualTo("session:" + sessionId);
        assertNothingRefused();
    }

    @Test
    void aMembersWorkspaceSessionSeesTheConnectionsButCannotCreateOrChangeThem() {
        JsonNode member = workspaceSession("member", "connections");
        FrameLocator frame = embed(member);

        expect(frame.locator("#connections")).containsText("Hook");
        expect(frame.locator("#new-connection-link")).hasCount(0);
        frame.locator("#connections").getByText("Hook", new Locator.GetByTextOptions().setExact(true)).click();
        expect(frame.locator("h1")).containsText("Hook");
        expect(frame.locator("#connection-actions")).isHidden();
        expect(frame.locator("#edit-connection")).isHidden();
        embedded().evaluate("location.hash = '#/connections/new'");
        expect(frame.locator("#connection-form-refused")).isVisible();
        assertNothingRefused();
    }

    @Test
    void withoutThePayloadScopeAnEventShowsNoPayloadAndTheRetryIsHiddenFromAMember() {
        JsonNode session = mint("\"launch_page\":\"events\"", host);
        FrameLocator frame = embed(session);

        frame.locator("#event-rows a").first().click();

        expect(frame.locator("#event h1")).containsText("order.paid", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        expect(frame.locator("#payload-hidden")).isVisible();
        expect(frame.locator("#event")).not().containsText("secret-o-1");
        // retry and cancel are for owners and admins
        expect(frame.locator("#event button.retry, #event button.cancel, #event button.danger")).hasCount(0);
        chromium.screenshot("embed-03-event-without-payload");
        assertThat(refused).as("requests the session may not make").isEmpty();
    }

    @Test
    void withThePayloadScopeTheEventShowsItsOwnPayload() {
        JsonNode session = mint("\"launch_page\":\"events\",\"scopes\":[\"events.payload:read\"]", host);
        FrameLocator frame = embed(session);

        frame.locator("#event-rows a").first().click();

        expect(frame.locator("#event")).containsText("secret-o-1", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        expect(frame.locator("#payload-hidden")).hasCount(0);
    }

    @Test
    void reloadingTheSameLaunchUrlShowsTheRefusedPage() {
        JsonNode session = mint("\"launch_page\":\"dashboard\"", host);
        FrameLocator frame = embed(session);
        expect(frame.locator("h1")).hasText("Dashboard");

        page.evaluate("url => window.relaunch(url)", session.path("launch_url").asString());

        expect(frame.locator("body")).containsText("expired or was already used");
        expect(frame.locator("#nav")).hasCount(0);
        chromium.screenshot("embed-04-launch-reused");
    }

    @Test
    void aHostOnAnOriginNotAllowedCannotFrameThePage() {
        JsonNode session = mint("\"launch_page\":\"events\"", host); // allowed: the host, not the stranger
        page.navigate(hostOrigin(stranger) + "/host.html");

        page.evaluate("([url, token]) => window.embedMeshes(url, token)",
                List.of(session.path("launch_url").asString(), session.path("access_token").asString()));

        page.waitForTimeout(2000); // what would have loaded by now
        Frame framed = page.frames().stream().filter(f -> f != page.mainFrame()).findFirst().orElseThrow();
        assertThat(framed.url()).as("the frame the browser refused to render").doesNotStartWith(serverOrigin());
        assertThat(framed.locator("#page").count()).as("dashboard elements inside the refused frame").isZero();
        assertThat(messageTypes()).as("messages the framed page sent to a host not allowed").isEmpty();
        chromium.screenshot("embed-05-framing-refused");
    }

    @Test
    void aRevokedSessionIsRefusedAtItsNextRequestAndThePageSignsOut() {
        JsonNode session = mint("\"launch_page\":\"events\"", host);
        FrameLocator frame = embed(session);
        expect(frame.locator("#event-rows tr").first()).isVisible(PATIENTLY);

        Response revoked = server.http().delete("/api/v1/sessions/" + session.path("session_id").asString(), shop.tenant.token());
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);

        // the live view polls every 2 s: its next request is refused
        expect(frame.locator("#signed-out")).isVisible(PATIENTLY);
        expect(frame.locator("#event-rows")).hasCount(0);
        assertThat(messageTypes()).as("the host is asked for a new token").contains("meshes:token-refresh");
        chromium.screenshot("embed-06-revoked");
    }

    @Test
    void anExpiredSessionIsRefusedAndATokenThatRunsOutIsReportedAsExpired() {
        JsonNode session = mint("\"launch_page\":\"events\"", host);
        FrameLocator frame = embed(session);
        expect(frame.locator("#event-rows tr").first()).isVisible(PATIENTLY);

        sessions.expire(session.path("session_id").asString());
        expect(frame.locator("#signed-out")).isVisible(PATIENTLY);

        // the host hands over a token said to live one more second: it is asked for a refresh at once, then told it ran out
        JsonNode other = mint("\"launch_page\":\"events\"", host);
        page.navigate(hostOrigin(host) + "/host.html");
        page.evaluate("([url, token]) => window.embedMeshes(url, token, 1)",
                List.of(other.path("launch_url").asString(), other.path("access_token").asString()));
        page.waitForCondition(() -> messageTypes().contains("meshes:token-expired"),
                new Page.WaitForConditionOptions().setTimeout(10_000));
        assertThat(messageTypes()).as("refresh asked before the expiry").containsSubsequence("meshes:token-refresh",
                "meshes:token-expired");
        expect(frame.locator("#signed-out")).isVisible();

        // a fresh token brings the page back
        page.evaluate("window.authenticate(600)");
        expect(frame.locator("#event-rows tr").first()).isVisible(PATIENTLY);
    }

    // --- the host, the session, the frame

    /** A server of its own (another origin) that serves the host page and nothing else. */
    private static HttpServer hostPage() {
        try {
            byte[] html;
            try (InputStream in = EmbedBrowserTest.class.getResourceAsStream("/embed-host/host.html")) {
                html = in.readAllBytes();
            }
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/host.html", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
                exchange.close();
            });
            http.createContext("/hook", exchange -> { // a webhook destination that answers the URL test
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            http.createContext("/favicon.ico", exchange -> { // asked by the browser; a 404 would log an error
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hostOrigin(HttpServer http) {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private String serverOrigin() {
        return "http://localhost:" + server.port();
    }

    /** A resource session for order o-1, framed only by {@code allowedHost}, minted as the host's backend would. */
    private JsonNode mint(String fields, HttpServer allowedHost) {
        JsonNode session = sessions.create(shop.tenant, "{\"workspace_id\":\"" + shop.workspace + "\",\"session_type\":\"resource\","
                + "\"resource\":\"order\",\"resource_id\":\"o-1\",\"allowed_origins\":[\"" + hostOrigin(allowedHost) + "\"],"
                + fields + "}");
        assertThat(session.path("launch_url").asString()).as("the launch URL points at this server").startsWith(serverOrigin());
        return session;
    }

    /** A whole-workspace session of this role opening on this page, framed by the host page. */
    private JsonNode workspaceSession(String role, String launchPage) {
        return sessions.create(shop.tenant, "{\"workspace_id\":\"" + shop.workspace + "\",\"role\":\"" + role
                + "\",\"launch_page\":\"" + launchPage + "\",\"allowed_origins\":[\"" + hostOrigin(host) + "\"]}");
    }

    private void assertNothingRefused() {
        assertThat(refused).as("requests the API refused").isEmpty();
        assertThat(chromium.errors()).as("script errors or refused requests in the embedded page").isEmpty();
    }

    /** Opens the host page, gives it the launch URL and the token, and returns the embedded frame. */
    private FrameLocator embed(JsonNode session) {
        page.navigate(hostOrigin(host) + "/host.html");
        page.evaluate("([url, token]) => window.embedMeshes(url, token)",
                List.of(session.path("launch_url").asString(), session.path("access_token").asString()));
        FrameLocator frame = page.frameLocator("#meshes");
        expect(frame.locator("#nav a").first()).isVisible(PATIENTLY);
        return frame;
    }

    private Frame embedded() {
        return page.frames().stream().filter(f -> f.url().startsWith(serverOrigin())).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private List<String> messageTypes() {
        return ((List<Map<String, Object>>) page.evaluate("window.messages")).stream().map(m -> (String) m.get("type")).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> navigations() {
        return ((List<Map<String, Object>>) page.evaluate("window.messages")).stream()
                .filter(m -> "meshes:navigate".equals(m.get("type"))).map(m -> (String) m.get("page")).toList();
    }

    private void rule(UUID connection, String resourceId) {
        Response created = server.http().post("/api/v1/rules", shop.tenant.token(), "{\"workspace\":\"" + shop.workspace
                + "\",\"connection\":\"" + connection + "\",\"event\":\"order.paid\",\"resource\":\"order\",\"resource_id\":\""
                + resourceId + "\",\"metadata\":{\"action\":\"send_webhook\"}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
    }

    private UUID emit(String resourceId) {
        Response created = server.http().post("/api/v1/events", shop.tenant.token(), "{\"workspace\":\"" + shop.workspace
                + "\",\"event\":\"order.paid\",\"resource\":\"order\",\"resource_id\":\"" + resourceId
                + "\",\"payload\":{\"note\":\"secret-" + resourceId + "\"}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return UUID.fromString(created.json().path("event").path("id").asString());
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }
}
