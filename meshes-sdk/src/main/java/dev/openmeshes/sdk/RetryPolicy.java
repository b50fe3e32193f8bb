package dev.openmeshes.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry a call that hit 429, a 5xx (only requests safe to repeat) or no
 * answer at all: exponential backoff from {@code initialBackoff} up to {@code maxBackoff}, with jitter
 * (a delay between half and all of the step, so clients that failed together do not return together),
 * and a server's {@code Retry-After} honoured when it is no longer than {@code maxRetryAfter}.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** Whether the server's wait is one this policy accepts to sit out. */
    boolean accepts(Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): the server's Retry-After when it
     * gave one, else the jittered backoff step.
     */
    Duration delayBefore(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        return jittered(backoffStep(initialBackoff, maxBackoff, retry), ThreadLocalRandom.current().nextDouble());
    }

    static Duration backoffStep(Duration initial, Duration max, int retry) {
        long millis = initial.toMillis() << Math.min(retry - 1, 30);
        return millis < 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** Between half and all of {@code step}, for {@code random} in [0, 1). */
    static Duration jittered(Duration step, double random) {
        long half = step.toMillis() / 2;
        return Duration.ofMillis(half + (long) (random * (step.toMillis() - half)));
    }
}
