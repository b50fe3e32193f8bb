package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.server.ConnectorEndToEndTest.HubSpot;
import dev.openmeshes.server.support.Chromium;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.store.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium against the server users run ({@link TestServer}: the same
 * {@code MeshesServer}, on SQLite, and on PostgreSQL in {@link DashboardOnPostgresqlBrowserTest})
 * and a webhook receiver on loopback: a person signs up, connects a
 * webhook, makes a rule, sends a test event and follows its deliveries, breaks and fixes the
 * receiver, retries from the page, and makes a machine key. Screenshots of the main pages are written
 * to {@code target/screenshots/}. Skipped without Chromium, except under {@code CI=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final LocatorAssertions.IsVisibleOptions PATIENTLY =
            new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);

    @TempDir
    static Path dataDir;

    TestServer server;
    Receiver receiver;
    /** Stands in for HubSpot: its lists and contact properties, for the live action data and the field catalog. */
    final VendorStub hubspot = new VendorStub();
    Chromium chromium;
    Page page;

    @BeforeAll
    void start() {
        // open sign-up: each test is its own organization
        server = TestServer.start(store(), dataDir, Map.of("MESHES_SIGNUP", "open",
                "MESHES_CONNECTOR_HUBSPOT_BASE_URL", hubspot.url() + "/hubspot",
                "MESHES_CONNECTOR_HUBSPOT_TOKEN_URL", hubspot.url() + "/hubspot/oauth/v1/token",
                "MESHES_OAUTH_HUBSPOT_CLIENT_ID", "hs-client",
                "MESHES_OAUTH_HUBSPOT_CLIENT_SECRET", "hs-client-secret"));
        receiver = Receiver.start();
    }

    @BeforeEach
    void openBrowser() {
        chromium = Chromium.open("http://127.0.0.1:" + server.port());
        page = chromium.page();
    }

    /** The page as the test left it (also when it failed), to see what went wrong. */
    @AfterEach
    void closeBrowser(org.junit.jupiter.api.TestInfo test) {
        if (chromium != null) {
            try {
                screenshot("last-" + test.getTestMethod().orElseThrow().getName());
            } finally {
                chromium.close();
            }
        }
    }

    @AfterAll
    void stop() {
        hubspot.close();
        receiver.close();
        server.close();
    }

    /** The store the server runs on. */
    TestDatabases.Kind store() {
        return TestDatabases.Kind.SQLITE;
    }

    /** {@code target/screenshots/<name>.png}, the PostgreSQL run's named apart. */
    private void screenshot(String name) {
        chromium.screenshot((store() == TestDatabases.Kind.SQLITE ? "" : "postgresql-") + name);
    }

    /** The input of a form labelled exactly so ("Name" is not "Header name"). */
    private static Locator labelled(Locator form, String label) {
        return form.getByLabel(label, new Locator.GetByLabelOptions().setExact(true));
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    private void signUp(String company, String email) {
        page.navigate("/");
        expect(page.locator("h1")).hasText("Sign in");
        page.getByText("Create an organization").click();
        Locator form = page.locator("#signup");
        labelled(form, "Organization name").fill(company);
        labelled(form, "Email").fill(email);
        labelled(form, "Password").fill(PASSWORD);
        form.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        expect(page.locator("h1")).hasText("Workspaces");
        expect(page.locator("#who")).containsText(email);
    }

    /** Creates a workspace from the list page and returns its id, read from the page's address. */
    private String createWorkspace(String name) {
        page.navigate("/#/workspaces");
        Locator form = page.locator("#new-workspace");
        labelled(form, "Name").fill(name);
        form.getByText("Create workspace").click();
        expect(page.locator("h1")).hasText(name);
        return page.url().replaceAll(".*#/workspaces/([0-9a-f-]{36}).*", "$1");
    }

    /** From the rule's row of the workspace page: the event name comes filled in. */
    private void sendTestEvent(String payload) {
        page.locator("#rules").getByText("Send test event").click();
        expect(page.locator("h1")).hasText("Send test event");
        expect(labelled(page.locator("#test-event"), "Event")).hasValue("order.paid");
        page.locator("#payload").fill(payload);
        page.locator("#test-event").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        expect(page.locator("#event h1")).containsText("order.paid");
    }

    @Test
    void aPersonSignsUpConnectsAWebhookSendsATestEventFollowsItsFailureRetriesAndMakesAKey() {
        signUp("Browser Shop", "ada@example.com");
        screenshot("01-workspaces");

        String workspaceId = createWorkspace("Web shop");
        expect(page.locator("#publishable-key code.secret")).hasText(Pattern.compile("\\S{16,}"));
        screenshot("02-workspace");

        // a webhook connection, its form generated from the integrations catalog
        page.getByText("Add connection").click();
        expect(page.locator("h1")).hasText("New connection");
        expect(page.locator("#connection-type")).hasValue("webhook");
        Locator connectionForm = page.locator("#new-connection");
        labelled(connectionForm, "Name").fill("Order receiver");
        labelled(connectionForm, "URL *").fill(receiver.url());
        expect(labelled(connectionForm, "Username *")).isHidden(); // only with auth.type basic
        labelled(connectionForm, "Authentication").selectOption("basic");
        expect(labelled(connectionForm, "Username *")).isVisible();
        labelled(connectionForm, "Authentication").selectOption("none");
        connectionForm.getByText("Create connection").click();
        expect(page.locator("h1")).containsText("Order receiver");
        expect(page.locator("#connection-state")).containsText("active");
        screenshot("03-connection");
        // saved again as the page shows it, with a custom header (a JSON object) added
        labelled(page.locator("#edit-connection"), "Custom headers").fill("{\"X-Shop\": \"web\"}");
        page.locator("#edit-connection").getByText("Save", new Locator.GetByTextOptions().setExact(true)).click();
        expect(page.locator("#notice")).hasText("Saved");

        // a rule for order.paid, to that connection
        page.getByText("New rule").click();
        Locator ruleForm = page.locator("#new-rule");
        labelled(ruleForm, "Event").fill("order.paid");
        expect(page.locator("#rule-action")).hasValue("send_webhook");
        ruleForm.getByText("Create rule").click();
        expect(page.locator("#rules")).containsText("order.paid");
        screenshot("04-rules");

        // a test event, delivered and seen in the history
        int before = receiver.requests().size();
        sendTestEvent("{\"email\": \"grace@example.com\", \"total\": 42}");
        expect(page.locator("#event h1 .badge")).hasText("completed", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        expect(page.locator(".delivery .badge").first()).hasText("completed");
        assertThat(receiver.requests()).as("the receiver got the test event").hasSizeGreaterThan(before);
        assertThat(receiver.requests().getLast().body()).as("the payload typed in the editor, as delivered")
                .contains("\"email\":\"grace@example.com\"").contains("\"event\":\"order.paid\"");
        assertThat(receiver.requests().getLast().header("X-Shop")).as("the custom header saved on the page").isEqualTo("web");
        screenshot("05-event-delivered");

        // the receiver breaks: every attempt fails, each shown with its status code and answer
        receiver.always(500);
        page.navigate("/#/workspaces/" + workspaceId);
        sendTestEvent("{\"email\": \"linus@example.com\"}");
        expect(page.locator(".delivery .badge").first()).hasText("failed", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        Locator attempts = page.locator(".delivery tr.attempt");
        expect(attempts).hasCount(3); // MESHES_RETRY_SCHEDULE of the tests: three attempts
        expect(attempts.first().locator(".status-code")).hasText("500");
        attempts.first().getByText("Details").click();
        expect(page.locator("tr.attempt-details pre.response").first()).containsText("received");
        expect(page.locator("tr.attempt-details").first()).containsText("Content-Type");
        screenshot("06-event-failed");

        // fixed, and retried from the page
        receiver.always(200);
        page.locator(".delivery button.retry").click();
        expect(page.locator(".delivery .badge").first()).hasText("completed", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        expect(page.locator(".delivery tr.attempt")).hasCount(4);
        expect(page.locator(".delivery tr.attempt").last().locator(".status-code")).hasText("200");

        // the history: both events, newest first, and the filter by status
        page.navigate("/#/workspaces/" + workspaceId + "/events");
        expect(page.locator("#event-rows tr")).hasCount(2);
        expect(page.locator("#event-rows tr .status .badge")).hasText(new String[] {"completed", "completed"});
        expect(page.locator("#delivery-chart svg")).isVisible();
        expect(page.locator("#delivery-chart .legend")).containsText(java.util.regex.Pattern.compile(
                "[1-9]\\d* delivered .*of [1-9]\\d* events in the last 3 hours"));
        screenshot("07-history");
        labelled(page.locator("#event-filters"), "Status").selectOption("failed");
        page.locator("#event-filters").getByText("Filter").click();
        expect(page.locator("#event-rows")).containsText("No event matches.");

        // a machine key, whose secret is shown once
        page.locator("#nav").getByText("Keys").click();
        Locator keyForm = page.locator("#new-key");
        labelled(keyForm, "Name").fill("CI deploy");
        keyForm.locator("input[value='events:write']").check();
        keyForm.locator("input[value='workspaces:read']").check();
        keyForm.getByText("Create key").click();
        Locator secret = page.locator("#secret-value");
        expect(secret).hasText(Pattern.compile("\\S{20,}"));
        expect(page.locator("table")).containsText("CI deploy");
        screenshot("08-key-secret-once");
        page.reload();
        expect(page.locator("table")).containsText("CI deploy");
        expect(page.locator("#secret-value")).hasCount(0);

        assertThat(pageErrors()).as("script errors or loads refused by the Content-Security-Policy").isEmpty();
    }

    @Test
    void aSignedOutVisitorIsSentToSignInAndAWrongPasswordShowsTheApisAnswer() {
        page.navigate("/#/keys");
        expect(page.locator("h1")).hasText("Sign in");
        assertThat(page.url()).as("where to go back to after signing in").endsWith("#/signin?next=%2Fkeys");
        Locator form = page.locator("#signin");
        labelled(form, "Email").fill("nobody@example.com");
        labelled(form, "Password").fill("not the password at all");
        form.getByText("Sign in").click();
        expect(page.locator("#notice")).isVisible();
        expect(page.locator("#notice")).containsText("correlation id");
        expect(page.locator("h1")).hasText("Sign in");
        screenshot("00-sign-in-refused");
    }

    @Test
    void markupInAPayloadIsShownAsTextAndAnotherOrganizationsEventIsNotFound() {
        signUp("Markup Inc", "mallory@example.com");
        String workspaceId = createWorkspace("Payloads");
        page.navigate("/#/workspaces/" + workspaceId + "/test-event");
        labelled(page.locator("#test-event"), "Event").fill("order.paid");
        String markup = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
        page.locator("#payload").fill("{\"name\": \"" + markup.replace("\"", "\\\"") + "\"}");
        page.locator("#test-event").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        expect(page.locator("#event pre.json")).containsText("<img src=x onerror=");
        assertThat(page.locator("#event img").count()).as("the payload's <img> must not become an element").isZero();
        assertThat(page.locator("#event script").count()).as("nor its <script>").isZero();
        assertThat(page.title()).isEqualTo("OpenMeshes");
        String eventUrl = page.url();

        // careless client: a payload that is not JSON is refused on the page, nothing sent
        page.navigate("/#/workspaces/" + workspaceId + "/test-event");
        labelled(page.locator("#test-event"), "Event").fill("order.paid");
        page.locator("#payload").fill("{not json");
        page.locator("#test-event").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        expect(page.locator("#notice")).containsText("not valid JSON");
        expect(page.locator("h1")).hasText("Send test event");

        // another organization's person, with the same link: the API's 404, shown as such
        page.locator("#who").getByText("Sign out").click();
        expect(page.locator("h1")).hasText("Sign in");
        signUp("Other Org", "eve@example.com");
        page.navigate(eventUrl);
        expect(page.locator("h1")).hasText("Could not load this page");
        expect(page.locator("#notice")).containsText("correlation id");
        assertThat(page.locator("#event").count()).as("nothing of the other organization's event is shown").isZero();
    }

    @Test
    void anOAuthConnectionSendsThePersonToTheVendorAndBackToItsPageAndItsRuleAndMappingUseTheVendorsLiveData() {
        // on the server's public URL (http://localhost:port), where the vendor sends the person back
        chromium.close();
        chromium = Chromium.open("http://localhost:" + server.port());
        page = chromium.page();
        signUp("CRM Co", "hedy@example.com");
        String workspaceId = createWorkspace("Marketing");
        hubspot.reset();
        hubspot.onJson("POST", "/hubspot/crm/v3/lists/search", 200, "{\"hasMore\":false,\"offset\":2,\"total\":2,"
                + "\"lists\":[" + HubSpot.list("7", "Newsletter", "0-1") + "," + HubSpot.list("8", "Companies", "0-2") + "]}");
        hubspot.onJson("GET", "/hubspot/crm/v3/properties/contacts", 200, HubSpot.properties(HubSpot.PLAN_TIER));

        // "Connect with HubSpot": the browser is sent to HubSpot's consent page (intercepted here)
        page.route("https://app.hubspot.com/**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(200).setContentType("text/html").setBody("<h1>HubSpot consent</h1>")));
        page.navigate("/#/workspaces/" + workspaceId + "/connections/new");
        labelled(page.locator("main"), "Type").selectOption("hubspot");
        labelled(page.locator("#oauth-connect"), "Name").fill("CRM");
        page.getByText("Connect with HubSpot").click();
        page.waitForURL(Pattern.compile("https://app\\.hubspot\\.com/.*"));
        String consent = java.net.URLDecoder.decode(page.url(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(consent).as("HubSpot's authorize URL, with this server's app, a state and our callback")
                .contains("client_id=hs-client").contains("state=")
                .containsPattern("redirect_uri=http://localhost:" + server.port() + "/api/v1/connections/oauth/hubspot/callback&");

        // HubSpot sends the person back with a code: the callback lands on the dashboard's page of the connection
        hubspot.onJson("POST", "/hubspot/oauth/v1/token", 200,
                "{\"access_token\":\"hs-browser-token\",\"refresh_token\":\"hs-refresh\",\"expires_in\":1800}");
        page.navigate(callback(consent, "code=hs-code"));
        expect(page.locator("h1")).containsText("CRM");
        assertThat(page.url()).matches("http://localhost:\\d+/#/connections/[0-9a-f-]{36}\\?connected=hubspot");
        expect(page.locator("#notice")).hasText("Connected with HubSpot");
        expect(page.locator("#connection-state")).containsText("active");
        screenshot("16-oauth-returned");

        // Re-authorize, and the person says no at HubSpot: back on the connection's page, HubSpot's answer shown
        String connectionPage = page.url().replaceAll("\\?.*", "");
        page.getByText("Re-authorize with HubSpot").click();
        page.waitForURL(Pattern.compile("https://app\\.hubspot\\.com/.*"));
        page.navigate(callback(java.net.URLDecoder.decode(page.url(), java.nio.charset.StandardCharsets.UTF_8),
                "error=access_denied"));
        expect(page.locator("#notice")).containsText("Connecting with HubSpot did not complete");
        expect(page.locator("#notice")).containsText("access_denied");
        assertThat(page.url()).startsWith(connectionPage + "?oauth_error=");
        expect(page.locator("#connection-state")).containsText("active");

        // the rule's list is picked from HubSpot's live lists (contact lists only)
        page.navigate("/#/workspaces/" + workspaceId + "/rules/new");
        Locator ruleForm = page.locator("#new-rule");
        labelled(ruleForm, "Event").fill("user.signup");
        labelled(ruleForm, "Action").selectOption("add_to_list");
        Locator list = ruleForm.locator("select[name='data:id']");
        expect(list.locator("option")).hasText(new String[] {"Choose a list…", "Newsletter"});
        list.selectOption("7");
        screenshot("09-rule-live-data");
        ruleForm.getByText("Create rule").click();
        expect(page.locator("#rules")).containsText("user.signup");
        expect(page.locator("#rules")).containsText("hubspot → add_to_list");

        // the mapping editor over the connection's field catalog: generated, then saved as version 1
        page.locator("#connections").getByText("CRM").click();
        expect(page.locator("#connection-state")).containsText("active");
        expect(page.getByText("Re-authorize with HubSpot")).isVisible();
        Locator mapping = page.locator("#mapping");
        expect(mapping.locator(".badge").first()).hasText("generated");
        mapping.getByText("Add field").click();
        Locator added = mapping.locator("tr.mapping-row").last();
        added.locator("select.dest").selectOption("plan_tier");
        added.locator("input.source-value").fill("plan");
        mapping.getByText("Save mapping").click();
        expect(page.locator("#notice")).containsText("Mapping saved");
        expect(mapping.locator(".badge").first()).hasText("stored");
        screenshot("10-mapping");
        var saved = page.request().get("/api/v1/connections/" + page.url().replaceAll(".*#/connections/", "")
                + "/mappings/default");
        assertThat(saved.text()).as("the saved mapping").contains("\"dest\":\"plan_tier\"").contains("\"value\":\"plan\"");
        assertThat(pageErrors()).as("script errors or loads refused by the Content-Security-Policy").isEmpty();
    }

    @Test
    void anOwnerInvitesAMemberWhoJoinsByTheLinkAndCannotMakeAKey() {
        signUp("Team Co", "grace@example.com");
        page.locator("#nav").getByText("Members").click();
        expect(page.locator("h1")).hasText("Members");
        expect(page.locator("#member-rows")).containsText("grace@example.com");

        // the invitation link is shown once
        Locator invite = page.locator("#invite");
        labelled(invite, "Email").fill("Linus@Example.com");
        labelled(invite, "Role").selectOption("member");
        invite.getByText("Invite").click();
        Locator url = page.locator("#invitation-url");
        expect(url).hasText(Pattern.compile("^http://[^/]+/invitations/accept\\?token=\\S{20,}$"));
        String link = url.textContent();
        screenshot("11-invitation-once");
        page.reload();
        expect(page.locator("h1")).hasText("Members");
        expect(page.locator("#invitation-url")).hasCount(0);
        expect(page.locator("#invitation-rows")).containsText("linus@example.com");

        // a second invitation, withdrawn by the owner: gone from the list
        labelled(invite, "Email").fill("withdrawn@example.com");
        invite.getByText("Invite").click();
        expect(page.locator("#invitation-rows")).containsText("withdrawn@example.com");
        page.onceDialog(com.microsoft.playwright.Dialog::accept);
        page.locator("#invitation-rows tr[data-email='withdrawn@example.com'] button.revoke").click();
        expect(page.locator("#notice")).containsText("withdrawn");
        expect(page.locator("#invitation-rows")).not().containsText("withdrawn@example.com");

        // a second browser opens the link, chooses a password and is signed in as a member
        try (Chromium other = Chromium.open(java.net.URI.create(link).resolve("/").toString())) {
            Page invited = other.page();
            invited.navigate(link);
            expect(invited.locator("h1")).hasText("Accept an invitation");
            assertThat(invited.url()).as("the token is taken out of the address bar once read")
                    .endsWith("/#/invitations/accept").doesNotContain("token");
            labelled(invited.locator("#accept-invitation"), "Password").fill("short");
            invited.locator("#accept-invitation").getByText("Join").click();
            expect(invited.locator("#notice")).containsText("password");
            expect(invited.locator("h1")).hasText("Accept an invitation");
            labelled(invited.locator("#accept-invitation"), "Password").fill(PASSWORD);
            invited.locator("#accept-invitation").getByText("Join").click();
            expect(invited.locator("h1")).hasText("Workspaces");
            expect(invited.locator("#who")).hasText(Pattern.compile("linus@example\\.com · member"));
            expect(invited.locator("#nav")).not().containsText("Members");

            // a member cannot make a key: the form is hidden, and forced into view the API's 403 is shown
            invited.locator("#nav").getByText("Keys").click();
            expect(invited.locator("h1")).hasText("Machine keys");
            expect(invited.locator("#new-key")).isHidden();
            invited.locator("#new-key").evaluate("form => form.hidden = false");
            Locator keyForm = invited.locator("#new-key");
            labelled(keyForm, "Name").fill("forced");
            keyForm.locator("input[value='events:write']").check();
            keyForm.getByText("Create key").click();
            expect(invited.locator("#notice")).containsText("Your role does not allow this");
            expect(invited.locator("#notice")).containsText("correlation id");
            expect(invited.locator("#secret-value")).hasCount(0);
            other.screenshot("12-member-forced-key-refused");

            // the link works once: opened again it is refused, and the page says so
            invited.navigate(link);
            labelled(invited.locator("#accept-invitation"), "Password").fill(PASSWORD);
            invited.locator("#accept-invitation").getByText("Join").click();
            expect(invited.locator("#notice")).isVisible();
            expect(invited.locator("h1")).hasText("Accept an invitation");
        }
        page.reload();
        expect(page.locator("#member-rows")).containsText("linus@example.com");
        expect(page.locator("#invitation-rows")).containsText("No invitation is waiting.");
        assertThat(pageErrors()).as("script errors or loads refused by the Content-Security-Policy").isEmpty();
    }

    /** From the Members page, as its owner: the invitation link, read from where it is shown once. */
    private String invite(String email, String role) {
        page.navigate("/#/members");
        Locator invite = page.locator("#invite");
        labelled(invite, "Email").fill(email);
        labelled(invite, "Role").selectOption(role);
        invite.getByText("Invite").click();
        expect(page.locator("#invitation-url")).containsText("/invitations/accept?token=");
        return page.locator("#invitation-url").textContent();
    }

    /**
     * A second browser that opened the link and joined with a new password; on the link's origin (the
     * server's public URL), where its session cookie is.
     */
    private Chromium join(String link) {
        Chromium other = Chromium.open(java.net.URI.create(link).resolve("/").toString());
        other.page().navigate(link);
        labelled(other.page().locator("#accept-invitation"), "Password").fill(PASSWORD);
        other.page().locator("#accept-invitation").getByText("Join").click();
        expect(other.page().locator("h1")).hasText("Workspaces");
        return other;
    }

    private Locator memberRow(Page on, String email) {
        return on.locator("#member-rows tr[data-email='" + email + "']");
    }

    @Test
    void anOwnerChangesRolesAndRemovesMembersButNeverTheLastOwnerAndAnAdminOnlyReads() {
        signUp("Roles Inc", "barbara@example.com");
        String link = invite("ken@example.com", "member");
        try (Chromium ken = join(link)) {
            page.reload();
            Locator owner = memberRow(page, "barbara@example.com");
            expect(owner.locator("select.role")).isDisabled();
            expect(owner.locator("button.remove")).isDisabled();

            // forced by script, the last owner's demotion is the API's 409, and the role stays shown as it is
            owner.locator("select.role").evaluate("select => select.disabled = false");
            owner.locator("select.role").selectOption("member");
            expect(page.locator("#notice")).containsText("last owner can be neither removed nor demoted");
            expect(owner.locator("select.role")).hasValue("owner");

            // ken becomes admin: he sees the members, read-only, and no invitation form
            memberRow(page, "ken@example.com").locator("select.role").selectOption("admin");
            expect(page.locator("#notice")).containsText("ken@example.com is now admin");
            Page kens = ken.page();
            kens.navigate("/#/workspaces");
            kens.reload(); // the role is read with the session
            expect(kens.locator("#who")).containsText("admin");
            kens.locator("#nav").getByText("Members").click();
            expect(kens.locator("#members-read-only")).isVisible();
            expect(memberRow(kens, "barbara@example.com")).containsText("owner");
            expect(kens.locator("#member-rows select, #member-rows button")).hasCount(0);
            expect(kens.locator("#invite")).hasCount(0);
            ken.screenshot("13-members-read-only");

            // a second owner: the first one's controls come back; then ken is removed and signed out
            memberRow(page, "ken@example.com").locator("select.role").selectOption("owner");
            expect(page.locator("#notice")).containsText("ken@example.com is now owner");
            expect(owner.locator("select.role")).isEnabled();
            memberRow(page, "ken@example.com").locator("select.role").selectOption("member");
            page.onceDialog(dialog -> dialog.accept());
            memberRow(page, "ken@example.com").locator("button.remove").click();
            expect(page.locator("#notice")).containsText("ken@example.com was removed");
            expect(memberRow(page, "ken@example.com")).hasCount(0);
            screenshot("14-members");
            kens.navigate("/#/keys");
            kens.reload();
            expect(kens.locator("h1")).hasText("Sign in");
        }
        assertThat(pageErrors()).as("script errors or loads refused by the Content-Security-Policy").isEmpty();
    }

    @Test
    void aMemberHasNoMembersPage() {
        signUp("Quiet Co", "frances@example.com");
        try (Chromium member = join(invite("joan@example.com", "member"))) {
            member.page().navigate("/#/members");
            expect(member.page().locator("#members-refused")).hasText("Only owners and admins see the members.");
            expect(member.page().locator("#member-rows")).hasCount(0);
        }
    }

    /** A change through the API with the page's cookie and CSRF token, as a script on the page would send it. */
    private static com.microsoft.playwright.APIResponse send(Chromium browser, String method, String path, String json) {
        String csrf = browser.context().cookies().stream().filter(c -> c.name.equals("meshes_csrf")).findFirst()
                .orElseThrow(() -> new AssertionError("no meshes_csrf cookie: not signed in")).value;
        var options = com.microsoft.playwright.options.RequestOptions.create().setMethod(method)
                .setHeader("X-CSRF-Token", csrf).setHeader("Content-Type", "application/json");
        return browser.page().request().fetch(path, json == null ? options : options.setData(json));
    }

    private static String idIn(com.microsoft.playwright.APIResponse answer, String what) {
        assertThat(answer.status()).as("creating %s: %s", what, answer.text()).isEqualTo(201);
        var id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(answer.text());
        assertThat(id.find()).as("an id in the answer creating %s: %s", what, answer.text()).isTrue();
        return id.group(1);
    }

    @Test
    void aMemberSeesOnlyReadingAndSendTestEventAndAForcedChangeIsStill403WhileAnAdminGetsTheControls() {
        signUp("Readers Ltd", "margaret@example.com");
        String workspaceId = createWorkspace("Storefront");
        String connectionId = idIn(send(chromium, "POST", "/api/v1/connections", "{\"workspace\":\"" + workspaceId
                + "\",\"type\":\"webhook\",\"name\":\"Hook\",\"metadata\":{\"url\":\"" + receiver.url() + "\"}}"), "a connection");
        String ruleId = idIn(send(chromium, "POST", "/api/v1/rules", "{\"workspace\":\"" + workspaceId + "\",\"connection\":\""
                + connectionId + "\",\"event\":\"order.paid\",\"metadata\":{\"action\":\"send_webhook\"}}"), "a rule");

        try (Chromium member = join(invite("alan@example.com", "member"))) {
            Page its = member.page();
            its.navigate("/#/workspaces");
            expect(its.locator("h1")).hasText("Workspaces");
            expect(its.locator("#new-workspace")).isHidden();
            its.locator("table").getByText("Storefront").click();
            expect(its.locator("h1")).hasText("Storefront");
            expect(its.locator("#rules")).containsText("order.paid");
            expect(its.locator("#rename")).isHidden();
            expect(its.locator("#rotate-publishable-key")).isHidden();
            expect(its.locator("#publishable-key code.secret")).isVisible();
            expect(its.getByText("Add connection")).hasCount(0);
            expect(its.getByText("New rule")).hasCount(0);
            expect(its.locator("#rules").getByText("Delete")).hasCount(0);
            member.screenshot("15-member-workspace");

            its.locator("#connections a").getByText("Hook").click();
            expect(its.locator("#connection-state")).containsText("active");
            expect(its.locator("#connection-actions")).isHidden();
            expect(its.locator("#edit-connection")).isHidden();
            expect(its.getByText("Save mapping")).isHidden();

            // what a member may do: send a test event, from the rule's row
            its.navigate("/#/workspaces/" + workspaceId);
            its.locator("#rules").getByText("Send test event").click();
            expect(labelled(its.locator("#test-event"), "Event")).hasValue("order.paid");
            its.locator("#payload").fill("{\"sku\": \"A-1\"}");
            its.locator("#test-event").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
            expect(its.locator("#event h1")).containsText("order.paid");

            // the hidden controls' requests, forced by script: the API refuses each with 403
            for (String[] forced : new String[][] {{"DELETE", "/api/v1/rules/" + ruleId, null},
                    {"PUT", "/api/v1/connections/" + connectionId, "{\"active\":false}"},
                    {"POST", "/api/v1/workspaces", "{\"name\":\"Sneaky\"}"},
                    {"POST", "/api/v1/members", "{\"email\":\"friend@example.com\",\"role\":\"owner\"}"}}) {
                var answer = send(member, forced[0], forced[1], forced[2]);
                assertThat(answer.status()).as("%s %s by a member: %s", forced[0], forced[1], answer.text()).isEqualTo(403);
                assertThat(answer.text()).contains("insufficient_scope");
            }
            page.navigate("/#/workspaces/" + workspaceId);
            expect(page.locator("#rules")).containsText("order.paid");
            expect(page.locator("#connections")).containsText("active");

            // made admin, the same person gets every control but managing people
            var promoted = send(chromium, "GET", "/api/v1/members", null);
            String alanId = promoted.text().replaceAll(".*\"user_id\":\"([0-9a-f-]{36})\",\"email\":\"alan@example.com\".*", "$1");
            assertThat(send(chromium, "PUT", "/api/v1/members/" + alanId, "{\"role\":\"admin\"}").status()).isEqualTo(200);
            its.navigate("/#/workspaces/" + workspaceId);
            its.reload();
            expect(its.locator("#rename")).isVisible();
            expect(its.getByText("Add connection")).isVisible();
            expect(its.locator("#rules button.danger")).isVisible();
            its.locator("#nav").getByText("Keys").click();
            expect(its.locator("#new-key")).isVisible();
            expect(its.locator("#nav")).containsText("Members");
        }
        assertThat(pageErrors()).as("script errors or loads refused by the Content-Security-Policy").isEmpty();
    }

    /** Where HubSpot sends the browser back (the authorize URL's redirect_uri), with its state and this answer. */
    private static String callback(String decodedAuthorizeUrl, String answer) {
        String redirectUri = decodedAuthorizeUrl.replaceAll(".*[?&]redirect_uri=([^&]+).*", "$1");
        String state = decodedAuthorizeUrl.replaceAll(".*[?&]state=([^&]+).*", "$1");
        return redirectUri + "?" + answer + "&state=" + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Errors the page logged, but the browser's own line for each 4xx answer the test provoked. */
    private List<String> pageErrors() {
        return chromium.errors().stream().filter(e -> !e.contains("Failed to load resource")).toList();
    }
}
