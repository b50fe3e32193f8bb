package dev.openmeshes.server.http;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.store.IdempotencyRecords;
import dev.openmeshes.core.store.IdempotencyRecords.Entry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on POST: the first successful answer is kept for 24 hours and replayed
 * to any retry of the same request by the same principal. A different request under the same key
 * is refused (422), and so is a retry while the first is still running (409). Failures are not
 * kept: a retry runs again.
 *
 * <p>A record belongs to the principal that sent it, never to its whole organization: another key
 * sending the same request runs it under its own authority. The fingerprint and the answer are
 * sealed with the master key, bound to their record: an answer may carry a secret (a new key's
 * {@code secret_key}, whatever a later endpoint returns), and a body may carry one too, which a
 * plain hash would let anyone holding the database confirm by guessing.
 */
final class Idempotency {

    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    static final int MAX_KEY_LENGTH = 255;

    /** An answer, and whether it is a replay of an earlier one. */
    record Outcome(int status, byte[] body, boolean replayed) {}

    private final IdempotencyRecords records;
    private final SecretBox box;
    private final InstantSource clock;

    Idempotency(IdempotencyRecords records, SecretBox box, InstantSource clock) {
        this.records = records;
        this.box = box;
        this.clock = clock;
    }

    Outcome run(Principal caller, String key, String method, String path, byte[] body, Supplier<Reply> work) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw Problem.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String principal = principalOf(caller);
        String record = principal + " " + key;
        String fingerprint = fingerprint(method, path, body);
        Instant now = clock.instant();
        Optional<Entry> existing = records.claim(principal, key, box.seal(fingerprint, "idempotency_request:" + record),
                now, now.minus(RETENTION), now.minus(ABANDONED_AFTER));
        if (existing.isPresent()) {
            return replay(existing.get(), record, fingerprint);
        }
        boolean kept = false;
        try {
            Reply reply = work.get();
            byte[] json = Json.bytes(reply.body());
            if (reply.status() / 100 == 2) {
                String sealed = box.seal(new String(json, StandardCharsets.UTF_8), "idempotency_response:" + record);
                records.complete(principal, key, reply.status(), sealed);
                kept = true;
            }
            return new Outcome(reply.status(), json, false);
        } finally {
            if (!kept) {
                records.release(principal, key);
            }
        }
    }

    /**
     * Whose answers a request may replay. A machine key is named by its id: its scopes and
     * workspaces are fixed for its life, so every answer kept for it is one it was allowed to get,
     * and a rotation keeps the id on purpose (a client retrying across its own rotation, even the
     * rotate call itself, gets its first answer, not a second rotation; a previous secret still in
     * its grace period already holds the key's full authority). A revoked or expired key never gets
     * this far. A publishable key is named by its workspace: rotating it changes its value, not what
     * it may do (send that workspace's events), and a retry with the new value still replays.
     */
    static String principalOf(Principal caller) {
        return switch (caller.type()) {
            case MACHINE_KEY -> "org:" + caller.organizationId() + ":key:" + caller.keyId();
            case PUBLISHABLE_KEY -> "org:" + caller.organizationId() + ":workspace:" + caller.workspaces().iterator().next();
            case USER -> "org:" + caller.organizationId() + ":user:" + caller.userId();
        };
    }

    private Outcome replay(Entry entry, String record, String fingerprint) {
        if (!box.open(entry.sealedFingerprint(), "idempotency_request:" + record).equals(fingerprint)) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, "idempotency_key_reused",
                    "This Idempotency-Key was already used for a different request");
        }
        if (entry.statusCode() == null) {
            throw Problem.conflict("idempotency_request_in_progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly");
        }
        String body = box.open(entry.sealedResponse(), "idempotency_response:" + record);
        return new Outcome(entry.statusCode(), body.getBytes(StandardCharsets.UTF_8), true);
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
