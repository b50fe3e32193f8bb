package dev.openmeshes.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When each attempt of a delivery happens: {@code delays.get(0)} after ingestion for the first,
 * {@code delays.get(n)} after the n-th failed attempt for the next, with ±20% jitter so retries of
 * a burst do not arrive together. The length of the schedule is the number of attempts.
 */
public record RetrySchedule(List<Duration> delays) {

    /** Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about a day. */
    public static final RetrySchedule DEFAULT = parse("0s,5s,5m,30m,2h,5h,10h,10h");

    /** The longest {@code Retry-After} honoured: a destination cannot park a delivery for longer. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    public RetrySchedule {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one attempt");
        }
        delays = List.copyOf(delays);
    }

    /** Parses {@code MESHES_RETRY_SCHEDULE}, e.g. {@code 0s,1s,2s} (units ms, s, m, h). */
    public static RetrySchedule parse(String text) {
        return new RetrySchedule(Arrays.stream(text.split(",")).map(String::trim).map(RetrySchedule::duration).toList());
    }

    private static Duration duration(String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad retry delay '" + text + "': use a number with ms, s, m or h");
        }
    }

    public int maxAttempts() {
        return delays.size();
    }

    public Instant firstAttemptAt(Instant ingestedAt) {
        return ingestedAt.plus(jittered(delays.getFirst()));
    }

    /**
     * When to try again after {@code attemptsMade} attempts, honouring the destination's
     * {@code Retry-After} (up to a day) when it asks for more time than the schedule gives.
     */
    public Instant nextAttemptAt(int attemptsMade, Instant now, Duration retryAfter) {
        Duration delay = jittered(delays.get(Math.min(attemptsMade, delays.size() - 1)));
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        return now.plus(delay);
    }

    private static Duration jittered(Duration delay) {
        if (delay.isZero()) {
            return delay;
        }
        return Duration.ofMillis((long) (delay.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }
}
