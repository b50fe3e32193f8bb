package dev.openmeshes.core.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key for verifying signatures, on pooled JCA {@link Mac} instances. Looking up and
 * keying a Mac costs more than the MAC itself on a token-sized input, so each instance is keyed once
 * and reused by later requests. The pool is a fixed array of slots, so borrowing allocates nothing.
 * The comparison is constant-time.
 */
final class HmacSha256Key {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SLOTS = 64;

    private final SecretKeySpec key;
    private final AtomicReferenceArray<Mac> idle = new AtomicReferenceArray<>(SLOTS);

    HmacSha256Key(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("an HS256 key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** Whether {@code signature} is the MAC of the first {@code length} bytes of {@code input}. */
    boolean verifies(byte[] input, int length, byte[] signature) {
        int slot = ThreadLocalRandom.current().nextInt(SLOTS);
        Mac mac = idle.getAndSet(slot, null);
        try {
            if (mac == null) {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
            }
            mac.update(input, 0, length);
            return MessageDigest.isEqual(mac.doFinal(), signature); // doFinal leaves the Mac keyed and reset
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        } finally {
            if (mac != null) {
                idle.set(slot, mac);
            }
        }
    }
}
