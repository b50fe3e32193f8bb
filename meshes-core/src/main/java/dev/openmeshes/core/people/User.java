package dev.openmeshes.core.people;

import java.time.Instant;
import java.util.UUID;

/**
 * A person who signs in with an email and a password. {@code sessionEpoch} grows with every
 * password change and logout-everywhere: a session signed with an older epoch no longer opens.
 */
public record User(UUID id, String email, String passwordHash, Instant createdAt, long sessionEpoch) {

    public User withPassword(String newHash) {
        return new User(id, email, newHash, createdAt, sessionEpoch + 1);
    }

    public User withNextEpoch() {
        return new User(id, email, passwordHash, createdAt, sessionEpoch + 1);
    }

    @Override
    public String toString() { // never the hash in a log line
        return "User[id=" + id + ", email=" + email + ", sessionEpoch=" + sessionEpoch + "]";
    }
}
