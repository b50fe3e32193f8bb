package dev.openmeshes.server.api;

import dev.openmeshes.core.model.CatalogEntry;
import dev.openmeshes.core.model.PublishableKey;
import dev.openmeshes.core.model.Workspace;
import java.time.Instant;
import java.util.UUID;

/** Workspace JSON shapes, as the Meshes reference names them. */
final class WorkspaceViews {

    private WorkspaceViews() {}

    /** WorkspaceSummary: lists, updates. */
    record Summary(UUID id, String name, String description, Integer ingestRateLimit, Instant createdAt,
                   Instant updatedAt) {
        static Summary of(Workspace w) {
            return new Summary(w.id(), w.name(), w.description(), w.ingestRateLimit(), w.createdAt(), w.updatedAt());
        }
    }

    /** WorkspaceDetail: the summary plus the publishable key. */
    record Detail(UUID id, String name, String description, Integer ingestRateLimit, KeyView publishableKey,
                  Instant createdAt, Instant updatedAt) {
        static Detail of(Workspace w) {
            return new Detail(w.id(), w.name(), w.description(), w.ingestRateLimit(), KeyView.of(w.publishableKey()),
                    w.createdAt(), w.updatedAt());
        }
    }

    /** {@code {name, public_key}} as in the reference, plus the previous key while it still works. */
    record KeyView(String name, String publicKey, String previousPublicKey, Instant previousExpiresAt) {
        static KeyView of(PublishableKey key) {
            boolean previousLive = key.previous() != null && Instant.now().isBefore(key.previousExpiresAt());
            return new KeyView(key.name(), key.current(), previousLive ? key.previous() : null,
                    previousLive ? key.previousExpiresAt() : null);
        }
    }

    record Created(Detail workspace) {}

    /**
     * CatalogEntry: the name is its key and label. Nobody creates or edits an entry (the
     * workspace's traffic and rules do), so it has no author and was last changed when first seen.
     */
    record CatalogEntryView(UUID id, String key, String label, String description, boolean active, String createdBy,
                            Instant createdAt, Instant updatedAt) {
        static CatalogEntryView of(CatalogEntry e) {
            return new CatalogEntryView(e.id(), e.name(), e.name(), null, true, null, e.firstSeenAt(), e.firstSeenAt());
        }
    }
}
