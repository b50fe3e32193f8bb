package dev.openmeshes.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Browser;
import dev.openmeshes.server.support.OnBothStores;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** People over HTTP: sign-up, login, invitations, roles as scopes, members, password and logout. */
class PeopleTest extends OnBothStores {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_SIGNUP", "open");
    }

    @Test
    void signUpCreatesAnOrganizationOwnedByTheNewUserAndSignsTheBrowserIn() {
        var browser = new Browser(server.http());
        String email = "Founder-" + UUID.randomUUID() + "@Example.COM";

        var signedUp = browser.signUp(email, "correct horse battery", "Founders Inc");

        assertThat(signedUp.status()).as("sign-up answer: %s", signedUp).isEqualTo(201);
        var data = signedUp.json().path("data");
        assertThat(signedUp.json().path("success").asBoolean()).isTrue();
        assertThat(data.has("api_key")).as("sign-up mints no API key: %s", data).isFalse();
        UUID tenant = UUID.fromString(data.path("tenant_id").asString());
        assertThat(browser.cookie("meshes_session")).as("the session cookie").isNotBlank();

        var session = browser.get("/auth/session").json().path("data");
        assertThat(session.path("organization_id").asString()).isEqualTo(tenant.toString());
        assertThat(session.path("role").asString()).isEqualTo("owner");
        assertThat(session.path("email").asString()).as("emails are kept lower-cased").isEqualTo(email.toLowerCase());
        assertThat(session.path("csrf_token").asString()).isEqualTo(browser.cookie("meshes_csrf"));
        assertThat(server.meshes().store().organizations().find(tenant).orElseThrow().name()).isEqualTo("Founders Inc");
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxOnTheWholeSiteAndNotSecureOverPlainHttp() {
        var owner = SignedIn.owner(server, "flags");

        var setCookies = owner.browser().lastSetCookies();
        String session = setCookies.stream().filter(c -> c.startsWith("meshes_session=")).findFirst().orElseThrow();
        String csrf = setCookies.stream().filter(c -> c.startsWith("meshes_csrf=")).findFirst().orElseThrow();
        assertThat(session).contains("; HttpOnly", "; SameSite=Lax", "; Path=/", "; Max-Age=43200").doesNotContain("Secure");
        assertThat(csrf).as("scripts read the CSRF cookie").contains("; SameSite=Lax", "; Path=/").doesNotContain("HttpOnly");
    }

    @Test
    void signUpRefusesABadEmailAShortPasswordAndATakenEmailNamingTheFields() {
        var browser = new Browser(server.http());
        var invalid = browser.signUp("not-an-email", "short", "");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("details").findValuesAsString("field"))
                .containsExactlyInAnyOrder("email", "password", "company_name");
        assertThat(browser.cookie("meshes_session")).as("a refused sign-up signs nobody in").isNull();

        var owner = SignedIn.owner(server, "taken");
        var again = new Browser(server.http()).signUp(owner.email().toUpperCase(), "another long password", "Copy Inc");
        assertThat(again.status()).as("same email in other case: %s", again).isEqualTo(409);
        assertThat(again.error()).isEqualTo("email_taken");
    }

    @Test
    void loginAnswersTheSeedsShapeAndItsTokenWorksAsABearerWithoutCsrf() {
        var owner = SignedIn.owner(server, "login");

        var login = new Browser(server.http()).login(owner.email(), owner.password());

        assertThat(login.status()).as("login answer: %s", login).isEqualTo(200);
        var data = login.json().path("data");
        assertThat(data.path("token_type").asString()).isEqualTo("bearer");
        assertThat(data.path("expires_in").asLong()).isEqualTo(43200);
        assertThat(data.path("tenant_id").asString()).isEqualTo(owner.organizationId().toString());
        String bearer = data.path("access_token").asString();
        var created = server.http().post("/api/v1/workspaces", bearer, "{\"name\":\"By bearer\"}");
        assertThat(created.status()).as("a bearer session needs no CSRF token: %s", created).isEqualTo(201);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailAreTheSame401() {
        var owner = SignedIn.owner(server, "guess");

        var wrongPassword = new Browser(server.http()).login(owner.email(), "not the password at all");
        var unknownEmail = new Browser(server.http()).login("nobody-" + UUID.randomUUID() + "@example.com", owner.password());

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.error()).isEqualTo(unknownEmail.error()).isEqualTo("invalid_credentials");
        assertThat(wrongPassword.json().path("message").asString()).isEqualTo(unknownEmail.json().path("message").asString());
    }

    @Test
    void anInvitationIsShownOnceAndBringsTheInviteeInWithItsRole() {
        var owner = SignedIn.owner(server, "inviter");
        String email = "invitee-" + UUID.randomUUID() + "@example.com";

        var invited = owner.browser().post("/api/v1/members", "{\"email\":\"" + email + "\",\"role\":\"admin\"}");

        assertThat(invited.status()).as("invitation: %s", invited).isEqualTo(201);
        var invitation = invited.json().path("invitation");
        String token = invitation.path("token").asString();
        assertThat(invitation.path("invitation_url").asString()).endsWith("/invitations/accept?token=" + token);
        var accepted = new Browser(server.http()).post("/auth/invitations/accept",
                "{\"token\":\"" + token + "\",\"password\":\"a new long password\"}");
        assertThat(accepted.status()).as("acceptance: %s", accepted).isEqualTo(200);
        assertThat(accepted.json().path("data").path("role").asString()).isEqualTo("admin");
        assertThat(accepted.json().path("data").path("tenant_id").asString()).isEqualTo(owner.organizationId().toString());

        var again = new Browser(server.http()).post("/auth/invitations/accept",
                "{\"token\":\"" + token + "\",\"password\":\"a new long password\"}");
        assertThat(again.status()).as("a spent invitation: %s", again).isEqualTo(404);
        assertThat(again.error()).isEqualTo("invitation_invalid");
        var members = owner.browser().get("/api/v1/members").json();
        assertThat(members.path("records").findValuesAsString("email")).containsExactly(owner.email(), email);
        assertThat(members.path("records").findValuesAsString("role")).containsExactly("owner", "admin");
    }

    @Test
    void waitingInvitationsAreListedWithoutTheirTokensAndAWithdrawnOnesLinkStopsWorking() {
        var owner = SignedIn.owner(server, "withdrawer");
        var stranger = SignedIn.owner(server, "stranger");
        String kept = "kept-" + UUID.randomUUID() + "@example.com", withdrawn = "gone-" + UUID.randomUUID() + "@example.com";
        owner.browser().post("/api/v1/members", "{\"email\":\"" + kept + "\",\"role\":\"member\"}");
        var invited = owner.browser().post("/api/v1/members", "{\"email\":\"" + withdrawn + "\",\"role\":\"admin\"}");
        String id = invited.json().path("invitation").path("id").asString();
        String token = invited.json().path("invitation").path("token").asString();

        var waiting = owner.browser().get("/api/v1/invitations");
        assertThat(waiting.status()).as("the waiting invitations: %s", waiting).isEqualTo(200);
        assertThat(waiting.json().path("records").findValuesAsString("email")).as("newest first")
                .containsExactly(withdrawn, kept);
        assertThat(waiting.text()).as("a token is shown once, when the invitation is made").doesNotContain(token)
                .doesNotContain("token");
        assertThat(stranger.browser().get("/api/v1/invitations").json().path("records").size())
                .as("another organization's list").isZero();
        var theirs = stranger.browser().delete("/api/v1/invitations/" + id);
        assertThat(theirs.status()).as("another organization withdrawing ours: %s", theirs).isEqualTo(404);

        var gone = owner.browser().delete("/api/v1/invitations/" + id);
        assertThat(gone.status()).as("withdrawn: %s", gone).isEqualTo(200);
        assertThat(gone.json().path("revoked").asBoolean()).isTrue();
        var accepted = new Browser(server.http()).post("/auth/invitations/accept",
                "{\"token\":\"" + token + "\",\"password\":\"a new long password\"}");
        assertThat(accepted.status()).as("the withdrawn invitation's link: %s", accepted).isEqualTo(404);
        assertThat(accepted.error()).isEqualTo("invitation_invalid");
        assertThat(owner.browser().delete("/api/v1/invitations/" + id).status()).as("withdrawn twice").isEqualTo(404);
        assertThat(owner.browser().get("/api/v1/invitations").json().path("records").findValuesAsString("email"))
                .containsExactly(kept);
    }

    @Test
    void onlyOwnersWithdrawInvitationsAndAdminsSeeThem() {
        var owner = SignedIn.owner(server, "inviting");
        String email = "invitee-" + UUID.randomUUID() + "@example.com";
        String id = owner.browser().post("/api/v1/members", "{\"email\":\"" + email + "\",\"role\":\"member\"}")
                .json().path("invitation").path("id").asString();
        var admin = new Browser(server.http());
        String adminEmail = "admin-" + UUID.randomUUID() + "@example.com";
        String adminToken = owner.browser().post("/api/v1/members", "{\"email\":\"" + adminEmail + "\",\"role\":\"admin\"}")
                .json().path("invitation").path("token").asString();
        admin.post("/auth/invitations/accept", "{\"token\":\"" + adminToken + "\",\"password\":\"a new long password\"}");

        assertThat(admin.get("/api/v1/invitations").json().path("records").findValuesAsString("email"))
                .as("an admin reads the waiting invitations").containsExactly(email);
        var refused = admin.delete("/api/v1/invitations/" + id);
        assertThat(refused.status()).as("an admin withdrawing one: %s", refused).isEqualTo(403);
        assertThat(refused.json().path("correlation_id").asString()).isNotEmpty();
    }

    @Test
    void someoneWithAnAccountJoinsAnotherOrganizationWithTheirOwnPasswordOnly() {
        var elsewhere = SignedIn.owner(server, "elsewhere");
        var owner = SignedIn.owner(server, "joiner");
        var invited = owner.browser().post("/api/v1/members", "{\"email\":\"" + elsewhere.email() + "\",\"role\":\"member\"}");
        String token = invited.json().path("invitation").path("token").asString();

        var wrong = new Browser(server.http()).post("/auth/invitations/accept",
                "{\"token\":\"" + token + "\",\"password\":\"somebody else's guess\"}");
        assertThat(wrong.status()).as("an account's email cannot be taken over by accepting: %s", wrong).isEqualTo(401);

        var joined = new Browser(server.http()).post("/auth/invitations/accept",
                "{\"token\":\"" + token + "\",\"password\":\"" + elsewhere.password() + "\"}");
        assertThat(joined.status()).as("acceptance with the account's password: %s", joined).isEqualTo(200);
        assertThat(joined.json().path("data").path("user_id").asString()).isEqualTo(elsewhere.userId().toString());
        var intoOwnOrganization = new Browser(server.http()).post("/auth/login", "{\"email\":\"" + elsewhere.email()
                + "\",\"password\":\"" + elsewhere.password() + "\",\"organization_id\":\"" + owner.organizationId() + "\"}");
        assertThat(intoOwnOrganization.json().path("data").path("role").asString()).isEqualTo("member");
    }

    @Test
    void membersReadAndSendTestEventsButManageNothing() {
        var owner = SignedIn.owner(server, "team");
        UUID workspace = workspace(owner, "Team space");
        var member = owner.invites(server, "member", "member");

        assertThat(member.browser().get("/api/v1/workspaces/" + workspace).status()).isEqualTo(200);
        var event = member.browser().post("/api/v1/events", "{\"workspace\":\"" + workspace
                + "\",\"event\":\"test.ping\",\"payload\":{\"email\":\"a@example.com\"}}");
        assertThat(event.status()).as("a member sends a test event: %s", event).isEqualTo(201);

        var key = member.browser().post("/api/v1/keys", "{\"name\":\"mine\",\"scopes\":[\"events:read\"]}");
        assertThat(key.status()).as("a member creating a key: %s", key).isEqualTo(403);
        assertThat(key.error()).isEqualTo("insufficient_scope");
        assertThat(member.browser().post("/api/v1/workspaces", "{\"name\":\"Nope\"}").status()).isEqualTo(403);
        assertThat(member.browser().post("/api/v1/members", "{\"email\":\"x@example.com\",\"role\":\"member\"}").status())
                .isEqualTo(403);
        assertThat(server.http().get("/api/v1/keys", ownerToken(owner)).json().path("count").asInt())
                .as("no key was made").isZero();
    }

    @Test
    void adminsManageConnectionsRulesAndKeysButNotPeopleNorGrantMoreThanTheyHold() {
        var owner = SignedIn.owner(server, "admins");
        var admin = owner.invites(server, "admin", "admin");

        assertThat(admin.browser().post("/api/v1/workspaces", "{\"name\":\"Admin space\"}").status()).isEqualTo(201);
        var key = admin.browser().post("/api/v1/keys", "{\"name\":\"ci\",\"scopes\":[\"events:write\",\"keys:read\"]}");
        assertThat(key.status()).as("an admin makes a key: %s", key).isEqualTo(201);
        assertThat(key.json().path("key").path("created_by").asString()).isEqualTo("user:" + admin.userId());

        var invite = admin.browser().post("/api/v1/members", "{\"email\":\"x@example.com\",\"role\":\"member\"}");
        assertThat(invite.status()).as("an admin inviting: %s", invite).isEqualTo(403);
        assertThat(invite.error()).isEqualTo("insufficient_scope");
        var ownerKey = admin.browser().post("/api/v1/keys", "{\"name\":\"escalate\",\"scopes\":[\"admin\"]}");
        assertThat(ownerKey.status()).as("an admin minting an admin key: %s", ownerKey).isEqualTo(403);
        assertThat(ownerKey.error()).isEqualTo("scope_not_grantable");
        var peopleKey = admin.browser().post("/api/v1/keys", "{\"name\":\"escalate\",\"scopes\":[\"people:write\"]}");
        assertThat(peopleKey.error()).as("an admin minting a people key: %s", peopleKey).isEqualTo("scope_not_grantable");
        assertThat(admin.browser().put("/api/v1/members/" + admin.userId(), "{\"role\":\"owner\"}").status())
                .as("an admin promoting themselves").isEqualTo(403);
    }

    @Test
    void theLastOwnerCanBeNeitherDemotedNorRemoved() {
        var owner = SignedIn.owner(server, "solo");
        String self = "/api/v1/members/" + owner.userId();

        var demoted = owner.browser().put(self, "{\"role\":\"admin\"}");
        assertThat(demoted.status()).as("demoting the last owner: %s", demoted).isEqualTo(409);
        assertThat(demoted.error()).isEqualTo("last_owner");
        assertThat(owner.browser().delete(self).error()).isEqualTo("last_owner");

        var second = owner.invites(server, "second", "owner");
        var nowDemoted = owner.browser().put(self, "{\"role\":\"admin\"}");
        assertThat(nowDemoted.status()).as("with another owner: %s", nowDemoted).isEqualTo(200);
        assertThat(nowDemoted.json().path("member").path("role").asString()).isEqualTo("admin");
        assertThat(owner.browser().get("/auth/session").json().path("data").path("role").asString())
                .as("the demotion applies to the open session at once").isEqualTo("admin");
        assertThat(second.browser().delete("/api/v1/members/" + second.userId()).error()).isEqualTo("last_owner");
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        var first = SignedIn.owner(server, "rival");
        var second = first.invites(server, "rival", "owner");

        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> first.browser().put("/api/v1/members/" + second.userId(), "{\"role\":\"member\"}"));
            var b = pool.submit(() -> second.browser().put("/api/v1/members/" + first.userId(), "{\"role\":\"member\"}"));
            var statuses = java.util.List.of(a.get().status(), b.get().status());
            var roles = server.meshes().people().members(dev.openmeshes.core.auth.Principal.user(first.organizationId(),
                    first.userId(), java.util.Set.of())).stream().map(m -> m.role().wire()).toList();

            assertThat(roles).as("roles after %s", statuses).containsOnlyOnce("owner");
            assertThat(statuses).as("one demotion wins; the other is refused (last owner, or no longer an owner)")
                    .contains(200).doesNotContain(500);
        }
    }

    @Test
    void aRemovedMembersSessionEndsAtOnce() {
        var owner = SignedIn.owner(server, "remover");
        var member = owner.invites(server, "leaver", "member");
        assertThat(member.browser().get("/api/v1/workspaces").status()).isEqualTo(200);

        var removed = owner.browser().delete("/api/v1/members/" + member.userId());

        assertThat(removed.status()).as("removal: %s", removed).isEqualTo(200);
        var after = member.browser().get("/api/v1/workspaces");
        assertThat(after.status()).as("the removed member's session: %s", after).isEqualTo(401);
        assertThat(after.error()).isEqualTo("invalid_session");
        assertThat(owner.browser().get("/api/v1/members").json().path("records").findValuesAsString("email"))
                .containsExactly(owner.email());
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionAndKeepsThisOne() {
        var owner = SignedIn.owner(server, "changer");
        var otherDevice = new Browser(server.http());
        assertThat(otherDevice.login(owner.email(), owner.password()).status()).isEqualTo(200);

        var wrongCurrent = owner.browser().post("/auth/password",
                "{\"current_password\":\"not my password\",\"new_password\":\"a brand new password\"}");
        assertThat(wrongCurrent.status()).as("with a wrong current password: %s", wrongCurrent).isEqualTo(403);
        var changed = owner.browser().post("/auth/password",
                "{\"current_password\":\"" + owner.password() + "\",\"new_password\":\"a brand new password\"}");

        assertThat(changed.status()).as("password change: %s", changed).isEqualTo(200);
        assertThat(owner.browser().get("/api/v1/workspaces").status()).as("this session goes on").isEqualTo(200);
        assertThat(otherDevice.get("/api/v1/workspaces").status()).as("the other device's session").isEqualTo(401);
        assertThat(new Browser(server.http()).login(owner.email(), owner.password()).status()).isEqualTo(401);
        assertThat(new Browser(server.http()).login(owner.email(), "a brand new password").status()).isEqualTo(200);
    }

    @Test
    void logoutClearsTheCookiesAndLogoutEverywhereEndsEverySession() {
        var owner = SignedIn.owner(server, "leaving");
        var otherDevice = new Browser(server.http());
        otherDevice.login(owner.email(), owner.password());
        String stolen = otherDevice.cookie("meshes_session");

        var out = owner.browser().post("/auth/logout", "{}");
        assertThat(out.status()).isEqualTo(200);
        assertThat(owner.browser().lastSetCookies()).anySatisfy(c -> assertThat(c).startsWith("meshes_session=;").contains("Max-Age=0"));
        assertThat(owner.browser().get("/auth/session").status()).as("signed out").isEqualTo(401);
        assertThat(otherDevice.get("/auth/session").status()).as("a plain logout leaves other devices in").isEqualTo(200);

        var everywhere = otherDevice.post("/auth/logout", "{\"everywhere\":true}");
        assertThat(everywhere.status()).isEqualTo(200);
        var replayed = new Browser(server.http());
        replayed.setCookie("meshes_session", stolen);
        assertThat(replayed.get("/api/v1/workspaces").status()).as("a copy of a session after logout everywhere").isEqualTo(401);
    }

    @Test
    void theOwnerKeyManagesPeopleToo() {
        var tenant = server.newTenant("Keyed");
        String email = "by-key-" + UUID.randomUUID() + "@example.com";

        var invited = server.http().post("/api/v1/members", tenant.token(), "{\"email\":\"" + email + "\",\"role\":\"owner\"}");
        assertThat(invited.status()).as("the bootstrap key (admin) invites an owner: %s", invited).isEqualTo(201);
        var narrow = server.newKey(tenant, "[\"people:write\"]", null);
        var owner = server.http().post("/api/v1/members", narrow.token(), "{\"email\":\"" + email + "\",\"role\":\"owner\"}");
        assertThat(owner.status()).as("people:write without admin cannot make owners: %s", owner).isEqualTo(403);
        assertThat(owner.error()).isEqualTo("role_not_grantable");
        assertThat(server.http().get("/auth/session", tenant.token()).error()).isEqualTo("not_a_session");
    }

    private UUID workspace(SignedIn owner, String name) {
        var created = owner.browser().post("/api/v1/workspaces", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as("workspace: %s", created).isEqualTo(201);
        return UUID.fromString(created.json().path("workspace").path("id").asString());
    }

    /** The owner's session as a bearer token, for calls outside the browser. */
    private String ownerToken(SignedIn owner) {
        return new Browser(server.http()).login(owner.email(), owner.password()).json().path("data").path("access_token").asString();
    }
}
