package dev.openmeshes.server.http;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.store.IdempotencyRecords;
import dev.openmeshes.core.store.IdempotencyRecords.Entry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.nio.charset.StandardCharsets;

/**
 * {@code Idempotency-Key} on POST: the first successful answer is kept for 24 hours and replayed
 * to any retry of the same request. A different request under the same key is refused (422), and
 * so is a retry while the first is still running (409). Failures are not kept: a retry runs again.
 */
final class Idempotency {

    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    static final int MAX_KEY_LENGTH = 255;

    /** An answer, and whether it is a replay of an earlier one. */
    record Outcome(int status, byte[] body, boolean replayed) {}

    private final IdempotencyRecords records;
    private final InstantSource clock;

    Idempotency(IdempotencyRecords records, InstantSource clock) {
        this.records = records;
        this.clock = clock;
    }

    Outcome run(String scope, String key, String method, String path, byte[] body, Supplier<Reply> work) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw Problem.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String fingerprint = fingerprint(method, path, body);
        Instant now = clock.instant();
        Optional<Entry> existing = records.claim(scope, key, fingerprint, now, now.minus(RETENTION), now.minus(ABANDONED_AFTER));
        if (existing.isPresent()) {
            return replay(existing.get(), fingerprint);
        }
        boolean kept = false;
        try {
            Reply reply = work.get();
            byte[] json = Json.bytes(reply.body());
            if (reply.status() / 100 == 2) {
                records.complete(scope, key, reply.status(), new String(json, StandardCharsets.UTF_8));
                kept = true;
            }
            return new Outcome(reply.status(), json, false);
        } finally {
            if (!kept) {
                records.release(scope, key);
            }
        }
    }

    private static Outcome replay(Entry entry, String fingerprint) {
        if (!entry.fingerprint().equals(fingerprint)) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, "idempotency_key_reused",
                    "This Idempotency-Key was already used for a different request");
        }
        if (entry.statusCode() == null) {
            throw Problem.conflict("idempotency_request_in_progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly");
        }
        return new Outcome(entry.statusCode(), entry.responseBody().getBytes(StandardCharsets.UTF_8), true);
    }

    private static String fingerprint(String method, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
