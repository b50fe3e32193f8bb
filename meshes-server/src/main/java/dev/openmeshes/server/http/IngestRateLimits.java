package dev.openmeshes.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.model.Workspace;
import dev.openmeshes.core.store.Workspaces;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Token buckets for ingestion, refilled every second: one per publishable key (its workspace's
 * {@code ingest_rate_limit}, else the server default) and one per organization for all of its
 * ingestion (its own {@code ingest_rate_limit} set by the platform admin, else ten times the
 * default). A limit of 0 means unlimited; a server default of 0 turns the keys' limits off and
 * leaves only the organizations' own. Buckets live in this node's memory, so N nodes behind a
 * balancer admit up to N times the limit.
 */
public final class IngestRateLimits {

    /** The decision for one request, with the {@code RateLimit-*} headers that describe it. */
    public record Decision(boolean allowed, Map<String, String> headers) {}

    private static final Decision UNLIMITED = new Decision(true, Map.of());

    private final long perKey;
    private final Workspaces workspaces;
    private final OrganizationGate organizations;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Cache<UUID, Optional<Integer>> workspaceLimits =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(10)).build();

    /** @param perKey events per second a publishable key may send unless its workspace says otherwise; 0: off */
    public IngestRateLimits(long perKey, Workspaces workspaces, OrganizationGate organizations) {
        this.perKey = perKey;
        this.workspaces = workspaces;
        this.organizations = organizations;
    }

    /**
     * Takes {@code events} tokens for this caller: first from its key's bucket, then from its
     * organization's, so a key over its own limit spends none of the organization's budget; when
     * the organization refuses, the key's tokens are given back.
     */
    public Decision take(Principal caller, int events) {
        Integer organizationsOwn = organizations.limits(caller.organizationId()).ingestRateLimit();
        long perOrganization = organizationsOwn != null ? organizationsOwn : perKey * 10;
        if (perKey == 0 && perOrganization == 0) {
            return UNLIMITED;
        }
        Bucket key = null;
        Decision own = null;
        // An embedded page's test events spend its workspace's budget, as its publishable key's events do
        if (perKey != 0 && (caller.type() == Principal.Type.PUBLISHABLE_KEY || caller.type() == Principal.Type.EMBED_SESSION)) {
            UUID workspaceId = caller.workspaces().iterator().next();
            long limit = workspaceLimits.get(workspaceId, id -> workspaces.find(caller.organizationId(), id)
                    .map(Workspace::ingestRateLimit)).map(Integer::longValue).orElse(perKey);
            if (limit != 0) {
                key = bucket("key:" + workspaceId, limit);
                own = take(key, limit, events);
                if (!own.allowed()) {
                    return own;
                }
            }
        }
        if (perOrganization == 0) {
            return own == null ? UNLIMITED : own;
        }
        Decision organization = take(bucket("org:" + caller.organizationId(), perOrganization), perOrganization, events);
        if (!organization.allowed() && key != null) {
            key.addTokens(events);
        }
        return own == null || !organization.allowed() ? organization : own;
    }

    private Bucket bucket(String scope, long perSecond) {
        return buckets.get(scope + "@" + perSecond, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build());
    }

    private static Decision take(Bucket bucket, long perSecond, int events) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
        long resetSeconds = Math.max(1, (probe.getNanosToWaitForReset() + 999_999_999) / 1_000_000_000);
        var headers = new java.util.HashMap<String, String>();
        headers.put("RateLimit-Limit", String.valueOf(perSecond));
        headers.put("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        headers.put("RateLimit-Reset", String.valueOf(resetSeconds));
        if (!probe.isConsumed()) {
            long wait = probe.getNanosToWaitForRefill() / 1_000_000_000 + 1; // more events than a full bucket: retry hourly
            headers.put("Retry-After", String.valueOf(Math.min(wait, 3600)));
        }
        return new Decision(probe.isConsumed(), headers);
    }
}
