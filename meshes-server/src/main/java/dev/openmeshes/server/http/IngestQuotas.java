package dev.openmeshes.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.store.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Each organization's monthly event quota (UTC calendar months), checked before an ingest writes
 * anything. A request costs no store read: this node counts the month from the store at most every
 * {@link #REFRESH} and adds the events it let through since. Nodes sharing PostgreSQL learn of each
 * other's events only at their next read, so together they may overshoot a quota by about
 * {@link #REFRESH}'s worth of their traffic.
 */
public final class IngestQuotas {

    public static final Duration REFRESH = Duration.ofSeconds(5);

    /** Why events were refused: the quota, and when it resets (the start of next month) and how many seconds away that is. */
    public record Refusal(long quota, Instant resetAt, long retryAfterSeconds) {}

    private final Usage usage;
    private final OrganizationGate organizations;
    private final InstantSource clock;
    private final Cache<UUID, Meter> meters = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    public IngestQuotas(Usage usage, OrganizationGate organizations, InstantSource clock) {
        this.usage = usage;
        this.organizations = organizations;
        this.clock = clock;
    }

    /**
     * Counts {@code events} against the organization's quota, or, when accepting them all would
     * pass it, counts none and refuses them.
     */
    public Optional<Refusal> take(UUID organizationId, int events) {
        Long quota = organizations.limits(organizationId).monthlyEventQuota();
        if (quota == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        Meter meter = meters.get(organizationId, id -> new Meter());
        if (meter.take(events, quota, month, now, () -> usage.acceptedSince(organizationId, month.atDay(1)))) {
            return Optional.empty();
        }
        Instant reset = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long seconds = Math.max(1, (Duration.between(now, reset).toMillis() + 999) / 1000);
        return Optional.of(new Refusal(quota, reset, seconds));
    }

    /** Uncounts events taken for an ingest that then failed. */
    public void giveBack(UUID organizationId, int events) {
        Meter meter = meters.getIfPresent(organizationId);
        if (meter != null) {
            meter.giveBack(events);
        }
    }

    /** One organization's month as this node sees it: the store's count at the last read, plus its own since. */
    private static final class Meter {

        private YearMonth month;
        private Instant readAt = Instant.MIN;
        private long stored;
        private long takenSinceRead;

        synchronized boolean take(int events, long quota, YearMonth now, Instant at,
                                  LongSupplier read) {
            if (!now.equals(month) || !at.isBefore(readAt.plus(REFRESH))) {
                stored = read.getAsLong();
                takenSinceRead = 0;
                month = now;
                readAt = at;
            }
            if (stored + takenSinceRead + events > quota) {
                return false;
            }
            takenSinceRead += events;
            return true;
        }

        synchronized void giveBack(int events) {
            takenSinceRead = Math.max(0, takenSinceRead - events);
        }
    }
}
