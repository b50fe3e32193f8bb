package dev.openmeshes.core.store;

import dev.openmeshes.core.model.AuditEntry;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;

/** The operator's record of what platform admins did: kept when an organization is purged. */
public interface PlatformAudit {

    void record(AuditEntry entry);

    /** Newest first. */
    Page<AuditEntry> list(PageRequest page);
}
