package dev.openmeshes.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Browser;
import dev.openmeshes.server.support.OnBothStores;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The attacker's requests against cookie sessions: each is refused with a clear 4xx in the error shape. */
class SessionSecurityTest extends OnBothStores {

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_SIGNUP", "open");
    }

    SignedIn victim;
    UUID workspace;

    @BeforeEach
    void aSignedInOwnerWithAWorkspace() {
        victim = SignedIn.owner(server, "victim");
        var created = victim.browser().post("/api/v1/workspaces", "{\"name\":\"Victim space\"}");
        assertThat(created.status()).as("setup: %s", created).isEqualTo(201);
        workspace = UUID.fromString(created.json().path("workspace").path("id").asString());
    }

    @Test
    void aStateChangingRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        var forged = victim.browser().forged("POST", "/api/v1/workspaces", "{\"name\":\"Forged\"}");

        assertThat(forged.status()).as("a forged cross-site POST: %s", forged).isEqualTo(403);
        assertThat(forged.error()).isEqualTo("csrf_failed");
        assertThat(forged.json().path("correlation_id").asString()).isNotBlank();
        assertThat(victim.browser().forged("PUT", "/api/v1/workspaces/" + workspace, "{\"name\":\"Renamed\"}").error())
                .isEqualTo("csrf_failed");
        assertThat(victim.browser().forged("POST", "/auth/logout", "{\"everywhere\":true}").error()).isEqualTo("csrf_failed");
        assertThat(victim.browser().get("/api/v1/workspaces").json().path("records").findValuesAsString("name"))
                .as("nothing was created or renamed").containsExactly("Victim space");
        assertThat(victim.browser().get("/auth/session").status()).as("nor was the victim signed out").isEqualTo(200);
    }

    @Test
    void aCsrfTokenOfAnotherSessionOrMadeUpIsRefused() {
        var attacker = SignedIn.owner(server, "attacker");
        String attackersToken = attacker.browser().cookie("meshes_csrf");

        var withTheirs = victim.browser().send("POST", "/api/v1/workspaces", "{\"name\":\"Forged\"}",
                Map.of("X-CSRF-Token", attackersToken));
        var madeUp = victim.browser().send("POST", "/api/v1/workspaces", "{\"name\":\"Forged\"}",
                Map.of("X-CSRF-Token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

        assertThat(withTheirs.status()).as("another session's CSRF token: %s", withTheirs).isEqualTo(403);
        assertThat(withTheirs.error()).isEqualTo("csrf_failed");
        assertThat(madeUp.error()).isEqualTo("csrf_failed");
        assertThat(victim.browser().get("/api/v1/workspaces").json().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void theCsrfTokenMayComeAsTheFormFieldOfAFormPost() {
        var wrong = victim.browser().send("POST", "/auth/logout", "_csrf=wrong",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        var right = victim.browser().send("POST", "/auth/logout", "_csrf=" + victim.browser().cookie("meshes_csrf"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(wrong.error()).as("a wrong form field: %s", wrong).isEqualTo("csrf_failed");
        assertThat(right.error()).as("the right form field passes the CSRF check (the JSON API then refuses the form): %s", right)
                .isNotEqualTo("csrf_failed");
    }

    @Test
    void anotherSiteCannotSignTheBrowserInWithAFormPost() {
        var browser = new Browser(server.http());
        var formLogin = browser.send("POST", "/auth/login",
                "{\"email\":\"" + victim.email() + "\",\"password\":\"" + victim.password() + "\"}",
                Map.of("Content-Type", "text/plain"));

        assertThat(formLogin.status()).as("a login posted as text/plain, as a cross-site form can: %s", formLogin).isEqualTo(400);
        assertThat(formLogin.error()).isEqualTo("json_required");
        assertThat(browser.cookie("meshes_session")).as("no session cookie was set").isNull();
    }

    @Test
    void aTamperedOrForgedSessionCookieIsA401() {
        String genuine = victim.browser().cookie("meshes_session");
        String[] parts = genuine.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        var other = SignedIn.owner(server, "other");
        String swapped = payload.replace(victim.organizationId().toString(), other.organizationId().toString());
        String forgedPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(swapped.getBytes())
                + "." + parts[2];

        for (String cookie : new String[] {forgedPayload, genuine + "x", "mss1.garbage", genuine.substring(0, genuine.length() - 4)}) {
            var browser = new Browser(server.http());
            browser.setCookie("meshes_session", cookie);
            var answer = browser.get("/api/v1/workspaces/" + workspace);
            assertThat(answer.status()).as("cookie %s: %s", cookie, answer).isEqualTo(401);
            assertThat(answer.error()).isEqualTo("invalid_session");
        }
    }

    @Test
    void anotherOrganizationsUserOpensNoneOfOurResourcesByUrlOrId() {
        var connection = victim.browser().post("/api/v1/connections", "{\"workspace\":\"" + workspace
                + "\",\"type\":\"webhook\",\"name\":\"Hook\",\"metadata\":{\"url\":\"https://hooks.example.com/x\","
                + "\"skip_url_test\":true}}");
        assertThat(connection.status()).as("setup: %s", connection).isEqualTo(201);
        String connectionId = connection.json().path("connection").path("id").asString();
        var event = victim.browser().post("/api/v1/events", "{\"workspace\":\"" + workspace
                + "\",\"event\":\"signed.up\",\"payload\":{\"email\":\"a@example.com\"}}");
        assertThat(event.status()).as("setup: %s", event).isEqualTo(201);
        String eventId = event.json().path("event").path("id").asString();
        var attacker = SignedIn.owner(server, "intruder");

        for (String path : new String[] {"/api/v1/workspaces/" + workspace, "/api/v1/connections/" + connectionId,
                "/api/v1/events/" + eventId, "/api/v1/events/" + eventId + "/payload"}) {
            var answer = attacker.browser().get(path);
            assertThat(answer.status()).as("%s by another organization's owner: %s", path, answer).isEqualTo(404);
            assertThat(answer.error()).isEqualTo("not_found");
        }
        assertThat(attacker.browser().put("/api/v1/members/" + victim.userId(), "{\"role\":\"member\"}").status())
                .as("changing our owner's role").isEqualTo(404);
        assertThat(attacker.browser().delete("/api/v1/members/" + victim.userId()).status()).isEqualTo(404);
        assertThat(attacker.browser().get("/api/v1/members").text()).doesNotContain(victim.email());
        assertThat(attacker.browser().get("/api/v1/events").text()).doesNotContain(eventId);
        assertThat(victim.browser().get("/api/v1/members").json().path("records").findValuesAsString("role"))
                .containsExactly("owner");
    }

    @Test
    void aMachineTokenBesideTheCookieIsUsedAloneAndNeedsNoCsrf() {
        var tenant = server.newTenant("Machine");

        var created = victim.browser().send("POST", "/api/v1/workspaces", "{\"name\":\"By machine\"}",
                Map.of("Authorization", "Bearer " + tenant.token()));

        assertThat(created.status()).as("a machine JWT with a cookie beside it: %s", created).isEqualTo(201);
        assertThat(server.http().get("/api/v1/workspaces", tenant.token()).json().path("records").findValuesAsString("name"))
                .as("it acted as the key's organization, not the cookie's").containsExactly("By machine");
    }

    @Test
    void aSessionAfterAPasswordChangeIsA401EvenWithItsCsrfToken() {
        String oldSession = victim.browser().cookie("meshes_session");
        String oldCsrf = victim.browser().cookie("meshes_csrf");
        victim.browser().post("/auth/password", "{\"current_password\":\"" + victim.password()
                + "\",\"new_password\":\"a different long password\"}");

        var stale = new Browser(server.http());
        stale.setCookie("meshes_session", oldSession);
        stale.setCookie("meshes_csrf", oldCsrf);
        var answer = stale.post("/api/v1/workspaces", "{\"name\":\"Stale\"}");

        assertThat(answer.status()).as("the old session: %s", answer).isEqualTo(401);
        assertThat(answer.error()).isEqualTo("invalid_session");
    }
}
