package dev.openmeshes.server.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Browser;
import dev.openmeshes.server.support.TestServer;
import java.util.UUID;

/** A person signed in through a browser over HTTP, as the people tests set them up. */
record SignedIn(Browser browser, String email, String password, UUID organizationId, UUID userId) {

    static final String PASSWORD = "correct horse battery";

    /** Signs up a new organization: its owner. */
    static SignedIn owner(TestServer server, String name) {
        var browser = new Browser(server.http());
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        var response = browser.signUp(email, PASSWORD, name + " Inc");
        assertThat(response.status()).as("sign-up of %s: %s", email, response).isEqualTo(201);
        var data = response.json().path("data");
        return new SignedIn(browser, email, PASSWORD, UUID.fromString(data.path("tenant_id").asString()),
                UUID.fromString(data.path("user_id").asString()));
    }

    /** Invites a new person with {@code role} into this person's organization; they accept and are signed in. */
    SignedIn invites(TestServer server, String name, String role) {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        var invited = browser.post("/api/v1/members", "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertThat(invited.status()).as("invitation of %s as %s: %s", email, role, invited).isEqualTo(201);
        String token = invited.json().path("invitation").path("token").asString();
        var newcomer = new Browser(server.http());
        var accepted = newcomer.post("/auth/invitations/accept", "{\"token\":\"" + token + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(accepted.status()).as("acceptance by %s: %s", email, accepted).isEqualTo(200);
        return new SignedIn(newcomer, email, PASSWORD, organizationId,
                UUID.fromString(accepted.json().path("data").path("user_id").asString()));
    }
}
