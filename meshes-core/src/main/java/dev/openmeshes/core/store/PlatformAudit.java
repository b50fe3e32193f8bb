package dev.openmeshes.core.store;

import dev.openmeshes.core.model.AuditEntry;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import java.time.Instant;

/**
 * The operator's record of what platform admins did: kept when an organization is purged, and
 * forgotten only after its own retention ({@code MESHES_AUDIT_RETENTION_DAYS}).
 */
public interface PlatformAudit {

    void record(AuditEntry entry);

    /** Newest first. */
    Page<AuditEntry> list(PageRequest page);

    /** Forgets up to {@code limit} entries made before {@code cutoff}; returns how many went. */
    int deleteBefore(Instant cutoff, int limit);
}
