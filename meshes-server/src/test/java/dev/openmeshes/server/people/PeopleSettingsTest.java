package dev.openmeshes.server.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.core.people.PasswordHasher;
import dev.openmeshes.core.people.PeopleService;
import dev.openmeshes.core.Problem;
import dev.openmeshes.server.InvalidSetting;
import dev.openmeshes.server.ServerSettings;
import dev.openmeshes.server.support.Browser;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code MESHES_SIGNUP}, the {@code Secure} flag, the rate limits and the password hashing, each on a server of its own. */
class PeopleSettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void byDefaultSignUpIsOpenUntilTheFirstUserThenByInvitation() {
        try (var server = server(Map.of())) {
            var first = SignedIn.owner(server, "first");

            var second = new Browser(server.http()).signUp("second@example.com", "a long password", "Second Inc");
            assertThat(second.status()).as("a second sign-up: %s", second).isEqualTo(403);
            assertThat(second.error()).isEqualTo("signup_invite_only");
            first.invites(server, "invited", "member"); // invitations still bring people in
        }
    }

    @Test
    void ofTwoFirstSignUpsAtOnceByDefaultOnlyOneGetsIn() throws Exception {
        try (var server = server(Map.of()); var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> new Browser(server.http()).signUp("a@example.com", "a long password", "A Inc"));
            var b = pool.submit(() -> new Browser(server.http()).signUp("b@example.com", "a long password", "B Inc"));

            var statuses = java.util.List.of(a.get().status(), b.get().status());
            assertThat(statuses).as("two racing first sign-ups").containsExactlyInAnyOrder(201, 403);
        }
    }

    @Test
    void anInvitationExpiresAfterSevenDays() {
        try (var server = server(Map.of("MESHES_SIGNUP", "open"))) {
            var owner = SignedIn.owner(server, "expiring");
            var now = new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.now());
            var people = new PeopleService(server.meshes().store(), new PasswordHasher(), now::get, null, id -> { });
            var caller = dev.openmeshes.core.auth.Principal.user(owner.organizationId(), owner.userId(),
                    dev.openmeshes.core.people.Role.OWNER.scopes());
            var late = people.invite(caller, "late@example.com", "member");
            var onTime = people.invite(caller, "ontime@example.com", "member");

            now.set(now.get().plus(java.time.Duration.ofDays(7)).minusSeconds(1));
            assertThat(people.acceptInvitation(onTime.token(), "a long password").membership().role().wire()).isEqualTo("member");
            now.set(now.get().plusSeconds(1));
            assertThatThrownBy(() -> people.acceptInvitation(late.token(), "a long password"))
                    .isInstanceOf(Problem.class).extracting(p -> ((Problem) p).code()).isEqualTo("invitation_invalid");
        }
    }

    @Test
    void inviteModeRefusesEvenTheFirstSignUp() {
        try (var server = server(Map.of("MESHES_SIGNUP", "invite"))) {
            var refused = new Browser(server.http()).signUp("first@example.com", "a long password", "First Inc");

            assertThat(refused.status()).as("sign-up under invite: %s", refused).isEqualTo(403);
            assertThat(refused.error()).isEqualTo("signup_invite_only");
            assertThat(server.meshes().store().people().hasUsers()).isFalse();
        }
    }

    @Test
    void offModeRefusesSignUpAndInvitations() {
        try (var server = server(Map.of("MESHES_SIGNUP", "off"))) {
            var tenant = server.newTenant("Closed");

            var signUp = new Browser(server.http()).signUp("first@example.com", "a long password", "First Inc");
            var invite = server.http().post("/api/v1/members", tenant.token(), "{\"email\":\"a@example.com\",\"role\":\"member\"}");

            assertThat(signUp.error()).as("sign-up: %s", signUp).isEqualTo("signup_disabled");
            assertThat(invite.status()).as("an invitation: %s", invite).isEqualTo(403);
            assertThat(invite.error()).isEqualTo("signup_disabled");
        }
    }

    @Test
    void openModeLetsAnyoneCreateAnOrganization() {
        try (var server = server(Map.of("MESHES_SIGNUP", "open"))) {
            var first = SignedIn.owner(server, "one");
            var second = SignedIn.owner(server, "two");

            assertThat(first.organizationId()).isNotEqualTo(second.organizationId());
        }
    }

    @Test
    void aBadSignupValueStopsTheServerNamingTheVariable() {
        assertThatThrownBy(() -> ServerSettings.from("127.0.0.1", 0, dataDir, Map.of("MESHES_SIGNUP", "maybe")))
                .isInstanceOf(InvalidSetting.class)
                .hasMessage("MESHES_SIGNUP must be open, invite or off, not 'maybe'");
        assertThatThrownBy(() -> ServerSettings.from("127.0.0.1", 0, dataDir, Map.of("MESHES_LOGIN_RATE_LIMIT", "-1")))
                .isInstanceOf(InvalidSetting.class).hasMessageStartingWith("MESHES_LOGIN_RATE_LIMIT must be");
    }

    @Test
    void cookiesAreSecureWhenThePublicUrlIsHttps() {
        try (var server = server(Map.of("MESHES_SIGNUP", "open", "MESHES_PUBLIC_URL", "https://meshes.example.com"))) {
            var owner = SignedIn.owner(server, "secure");

            assertThat(owner.browser().lastSetCookies()).hasSize(2)
                    .allSatisfy(cookie -> assertThat(cookie).contains("; Secure", "; SameSite=Lax"));
            var invited = owner.browser().post("/api/v1/members", "{\"email\":\"x@example.com\",\"role\":\"member\"}");
            assertThat(invited.json().path("invitation").path("invitation_url").asString())
                    .startsWith("https://meshes.example.com/invitations/accept?token=inv_");
        }
    }

    @Test
    void loginsAreLimitedPerEmailAndPerClientAddressWithRetryAfter() {
        try (var server = server(Map.of("MESHES_SIGNUP", "open", "MESHES_LOGIN_RATE_LIMIT", "10"))) {
            var owner = SignedIn.owner(server, "limited"); // the sign-up is the first attempt on this email and address
            var guesser = new Browser(server.http());
            for (int i = 2; i <= 5; i++) {
                assertThat(guesser.login(owner.email(), "guess number " + i).status()).as("guess %d", i).isEqualTo(401);
            }

            var sixth = guesser.login(owner.email(), owner.password());
            assertThat(sixth.status()).as("a sixth attempt on one email within the minute: %s", sixth).isEqualTo(429);
            assertThat(sixth.error()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 60L);

            for (int i = 7; i <= 10; i++) { // other emails, until the address has had its 10
                assertThat(guesser.login("other" + i + "@example.com", "whatever it is").status()).as("attempt %d", i).isEqualTo(401);
            }
            var eleventh = guesser.login("fresh@example.com", "whatever it is");
            assertThat(eleventh.status()).as("an eleventh attempt from one address: %s", eleventh).isEqualTo(429);
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailBothGoThroughTheHash() {
        try (var server = server(Map.of("MESHES_SIGNUP", "open"))) {
            var owner = SignedIn.owner(server, "timed");
            var comparisons = new AtomicInteger();
            var counting = new PasswordHasher() {
                @Override
                public boolean matches(String password, String hash) {
                    comparisons.incrementAndGet();
                    return super.matches(password, hash);
                }
            };
            Consumer<UUID> ignore = id -> { };
            var people = new PeopleService(server.meshes().store(), counting, InstantSource.system(), null, ignore);

            assertThatThrownBy(() -> people.login(owner.email(), "not the password", null))
                    .isInstanceOf(Problem.class).hasMessage("Wrong email or password");
            assertThat(comparisons).as("a wrong password is compared against the hash").hasValue(1);
            assertThatThrownBy(() -> people.login("nobody@example.com", "not the password", null))
                    .isInstanceOf(Problem.class).hasMessage("Wrong email or password");
            assertThat(comparisons).as("an unknown email is compared against a decoy hash").hasValue(2);
            assertThat(server.meshes().store().people().findUserByEmail(owner.email()).orElseThrow().passwordHash())
                    .as("passwords are kept as Argon2id hashes").startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        }
    }

    private TestServer server(Map<String, String> env) {
        return TestServer.start(TestDatabases.Kind.SQLITE, dataDir.resolve(UUID.randomUUID().toString()), env);
    }
}
