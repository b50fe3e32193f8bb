package dev.openmeshes.core.people;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Hashes passwords with Argon2id (spring-security-crypto over Bouncy Castle): a random salt per
 * hash, the parameters inside the encoded hash ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}) so they
 * can be raised later, and a constant-time comparison.
 */
public class PasswordHasher {

    /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    private static final Argon2PasswordEncoder ARGON2ID = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);

    public String hash(String password) {
        return ARGON2ID.encode(password);
    }

    public boolean matches(String password, String hash) {
        return ARGON2ID.matches(password, hash);
    }
}
