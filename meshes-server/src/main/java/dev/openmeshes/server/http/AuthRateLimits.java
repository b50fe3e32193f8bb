package dev.openmeshes.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Locale;

/**
 * Limits password guessing: sign-up, login and invitation acceptance take a token from the client
 * address's bucket ({@code MESHES_LOGIN_RATE_LIMIT}, 10 a minute by default) and from the email's
 * (5 a minute), in this node's memory. Behind a reverse proxy every client shares the proxy's
 * address, so its bucket is the whole site's: raise the setting there, or turn it off with 0.
 */
public final class AuthRateLimits {

    public static final int DEFAULT_PER_ADDRESS_PER_MINUTE = 10;
    public static final int PER_EMAIL_PER_MINUTE = 5;

    private final long perAddressPerMinute;

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(5)).build();

    /** @param perAddressPerMinute attempts a client address may make a minute; 0: unlimited */
    public AuthRateLimits(long perAddressPerMinute) {
        this.perAddressPerMinute = perAddressPerMinute;
    }

    /** @return 0 when the attempt may go ahead, else the seconds to wait before trying again */
    public long take(String clientAddress, String email) {
        long wait = perAddressPerMinute == 0 ? 0 : take("address:" + clientAddress, perAddressPerMinute);
        if (wait == 0 && email != null) {
            wait = take("email:" + email.trim().toLowerCase(Locale.ROOT), PER_EMAIL_PER_MINUTE);
        }
        return wait;
    }

    private long take(String key, long perMinute) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
    }
}
