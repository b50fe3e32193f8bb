package dev.openmeshes.server.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The caller's {@code x-correlation-id} when it is a sane token (it is then safe to echo into JSON
 * and logs as is), else a fresh one.
 */
final class CorrelationIds {

    private static final Pattern ACCEPTED = Pattern.compile("^[A-Za-z0-9._:/@+=-]{1,128}$");

    private CorrelationIds() {}

    static String effective(String fromCaller) {
        if (fromCaller != null && ACCEPTED.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        // A trace id, not a secret: a fast random UUID instead of SecureRandom's contended one.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
