package dev.openmeshes.server.api;

import dev.openmeshes.core.model.AuditEntry;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.service.Bootstrap;
import java.time.Instant;
import java.util.UUID;

/** JSON shapes of the platform endpoints. The owner key's secret appears only in {@link Created}. */
final class OrganizationViews {

    private OrganizationViews() {}

    /** A deleted organization's tombstone answers its id and status only (its limits are null). */
    record Org(UUID id, String name, String status, Long monthlyEventQuota, Integer ingestRateLimit, Instant createdAt,
               Instant updatedAt) {

        static Org of(Organization o) {
            return new Org(o.id(), o.name().isEmpty() ? null : o.name(), o.status().code(),
                    o.limits().monthlyEventQuota(), o.limits().ingestRateLimit(), o.createdAt(), o.updatedAt());
        }
    }

    record One(Org organization) {

        static One of(Organization o) {
            return new One(Org.of(o));
        }
    }

    /** A new organization and its owner machine key, whose secret is shown only here. */
    record Created(Org organization, KeyViews.Issued ownerKey) {

        static Created of(Bootstrap.Credentials created) {
            return new Created(Org.of(created.organization()), KeyViews.Issued.of(created.ownerKey()));
        }
    }

    record Audited(UUID id, UUID keyId, String accessKey, UUID organizationId, String method, String path, int status,
                   String correlationId, Instant at) {

        static Audited of(AuditEntry e) {
            return new Audited(e.id(), e.keyId(), e.accessKey(), e.organizationId(), e.method(), e.path(), e.status(),
                    e.correlationId(), e.at());
        }
    }
}
