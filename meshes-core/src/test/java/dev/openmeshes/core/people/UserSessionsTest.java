package dev.openmeshes.core.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.crypto.SecretBox;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Session tokens: signed, expiring after 12 hours, bound to their key, verified without the store. */
class UserSessionsTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T08:00:00Z"));
    final InstantSource clock = () -> now.get();
    final SecretBox box = new SecretBox(SecretBox.newMasterKey());
    /** Verifying a token's signature and expiry must not touch the store: any call to it fails the test. */
    final People noStore = (People) Proxy.newProxyInstance(People.class.getClassLoader(), new Class<?>[] {People.class},
            (proxy, method, args) -> {
                throw new AssertionError("verify() read the store: " + method.getName());
            });
    final UserSessions sessions = new UserSessions(noStore, box.derivedKey("session cookie signing"),
            box.derivedKey("csrf tokens"), clock);
    final User user = new User(UUID.randomUUID(), "ada@example.com", "$argon2id$x", now.get(), 3);
    final UUID organization = UUID.randomUUID();

    @Test
    void aTokenCarriesItsUserOrganizationEpochAndTwelveHours() {
        var session = sessions.verify(sessions.issue(user, organization));

        assertThat(session.userId()).isEqualTo(user.id());
        assertThat(session.organizationId()).isEqualTo(organization);
        assertThat(session.epoch()).isEqualTo(3);
        assertThat(Duration.between(session.issuedAt(), session.expiresAt())).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void aTokenIsRefusedOnceTwelveHoursHavePassed() {
        String token = sessions.issue(user, organization);

        now.set(now.get().plus(Duration.ofHours(12)).minusMillis(1));
        assertThat(sessions.verify(token).userId()).isEqualTo(user.id());
        now.set(now.get().plusMillis(1));
        assertThatThrownBy(() -> sessions.verify(token)).isInstanceOf(Problem.class)
                .extracting(p -> ((Problem) p).code()).isEqualTo("invalid_session");
    }

    @Test
    void aTokenSignedUnderAnotherMasterKeyIsRefused() {
        var otherBox = new SecretBox(SecretBox.newMasterKey());
        var elsewhere = new UserSessions(noStore, otherBox.derivedKey("session cookie signing"),
                otherBox.derivedKey("csrf tokens"), clock);

        assertThatThrownBy(() -> sessions.verify(elsewhere.issue(user, organization)))
                .isInstanceOf(Problem.class).hasMessageContaining("sign in again");
    }

    @Test
    void theCsrfTokenBelongsToOneSessionAndIsNotTheSigningKeysMac() {
        String one = sessions.issue(user, organization);
        now.set(now.get().plusSeconds(1));
        String two = sessions.issue(user, organization);

        assertThat(sessions.csrfMatches(one, sessions.csrfToken(one))).isTrue();
        assertThat(sessions.csrfMatches(one, sessions.csrfToken(two))).as("another session's token").isFalse();
        assertThat(sessions.csrfMatches(one, null)).isFalse();
        assertThat(one).doesNotContain(sessions.csrfToken(one));
    }

    @Test
    void derivedKeysDifferByPurposeAndAgreeAcrossNodesSharingTheMasterKey() {
        byte[] master = SecretBox.newMasterKey();

        assertThat(new SecretBox(master).derivedKey("a")).isEqualTo(new SecretBox(master).derivedKey("a"))
                .isNotEqualTo(new SecretBox(master).derivedKey("b")).hasSize(32);
    }
}
