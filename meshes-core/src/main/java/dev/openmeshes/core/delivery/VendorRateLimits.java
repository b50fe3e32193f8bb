package dev.openmeshes.core.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.connector.ConnectorSpec.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/**
 * How fast this node calls each connection's vendor: a token bucket per connection at the rate its
 * type declares, and a pause when the vendor answered 429 with {@code Retry-After}, so the other
 * deliveries of that connection wait instead of hammering it. A call that would wait longer than
 * {@link #MAX_WAIT} is not made: its delivery is retried after the wait instead.
 */
final class VendorRateLimits {

    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final InstantSource clock;
    private final Cache<UUID, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Cache<UUID, Instant> pauses = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).build();

    VendorRateLimits(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Takes a permit for a call to the connection's vendor, waiting up to {@link #MAX_WAIT}.
     * Empty when the call may go; else how long until it could (the delivery should wait that long).
     */
    Optional<Duration> acquire(UUID connectionId, RateLimit limit) throws InterruptedException {
        Instant paused = pauses.getIfPresent(connectionId);
        if (paused != null) {
            Duration wait = Duration.between(clock.instant(), paused);
            if (wait.compareTo(MAX_WAIT) > 0) {
                return Optional.of(wait);
            }
            if (!wait.isNegative()) {
                Thread.sleep(wait);
            }
        }
        if (limit == null) {
            return Optional.empty();
        }
        Bucket bucket = buckets.get(connectionId, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.permits()).refillGreedy(limit.permits(), limit.per()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
        if (wait.compareTo(MAX_WAIT) > 0) {
            return Optional.of(wait);
        }
        return bucket.asBlocking().tryConsume(1, MAX_WAIT) ? Optional.empty() : Optional.of(MAX_WAIT);
    }

    /** The vendor asked for a pause (429 with {@code Retry-After}): the connection's calls wait until then. */
    void pause(UUID connectionId, Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        pauses.asMap().merge(connectionId, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
