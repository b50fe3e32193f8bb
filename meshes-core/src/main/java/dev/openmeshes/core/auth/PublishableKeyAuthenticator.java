package dev.openmeshes.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.model.PublishableKey;
import dev.openmeshes.core.model.Workspace;
import dev.openmeshes.core.store.Workspaces;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Resolves {@code X-Meshes-Publishable-Key} to its workspace. Keys are looked up briefly cached,
 * since browsers send one with every event. Every hit is checked against the cached key's own
 * expiry, so a rotated-out key stops at the end of its grace on every node. A rotation here is
 * forgotten at once ({@link #forget}); on other nodes sharing the store, a copy cached before the
 * rotation keeps the old key working for at most {@link #CACHE_TTL} after it.
 */
public final class PublishableKeyAuthenticator {

    private static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private final Workspaces workspaces;
    private final InstantSource clock;
    private final Cache<String, Optional<Workspace>> cache = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(CACHE_TTL).build();

    public PublishableKeyAuthenticator(Workspaces workspaces, InstantSource clock) {
        this.workspaces = workspaces;
        this.clock = clock;
    }

    /** Drops the cached lookups of keys that were rotated here. */
    public void forget(PublishableKey rotatedOut) {
        cache.invalidate(rotatedOut.current());
        if (rotatedOut.previous() != null) {
            cache.invalidate(rotatedOut.previous());
        }
    }

    public Principal authenticate(String key) {
        // Only well-formed keys are ever cached, so a hit needs no second look at the format.
        Optional<Workspace> found = cache.getIfPresent(key);
        if (found == null) {
            if (key.length() > 200 || !Credentials.PUBLISHABLE_KEY.matcher(key).matches()) {
                throw rejected();
            }
            found = cache.get(key, workspaces::findByPublishableKey);
        }
        Workspace workspace = found
                .filter(w -> w.publishableKey().accepts(key, clock.instant()))
                .orElseThrow(PublishableKeyAuthenticator::rejected);
        return Principal.publishable(workspace.organizationId(), workspace.id());
    }

    private static Problem rejected() {
        return new Problem(Problem.Kind.UNAUTHORIZED, "invalid_publishable_key", "Invalid publishable key");
    }
}
