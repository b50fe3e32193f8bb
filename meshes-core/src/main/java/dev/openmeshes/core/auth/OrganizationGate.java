package dev.openmeshes.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.model.Organization.Status;
import dev.openmeshes.core.store.Organizations;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether an organization is open: every authenticated request passes here, right after its
 * credential is verified and before any cached answer or idempotent replay, and the delivery worker
 * asks before each attempt, as the embed launch page does. Ingestion also reads its limits here.
 * Organizations are cached for {@link #TTL}: a suspension or a change of limits made on this node
 * is seen at once, on other nodes sharing PostgreSQL within that time.
 */
public final class OrganizationGate {

    public static final Duration TTL = Duration.ofSeconds(2);

    private final Organizations organizations;
    private final Cache<UUID, Optional<Organization>> organizationsById = Caffeine.newBuilder().expireAfterWrite(TTL).build();

    public OrganizationGate(Organizations organizations) {
        this.organizations = organizations;
    }

    /**
     * Refuses a suspended organization's credentials (403 {@code organization_suspended}) and any
     * credential of one that is gone. A platform admin still reaches a suspended organization, to
     * look into it; an organization it names that does not exist is a 404.
     */
    public void admit(Principal principal) {
        Optional<Status> status = status(principal.organizationId());
        if (status.isEmpty() || status.get() == Status.DELETING || status.get() == Status.DELETED) {
            if (principal.actsForCustomer()) {
                throw Problem.notFound("Organization");
            }
            throw new Problem(Problem.Kind.UNAUTHORIZED, "invalid_token", "Invalid or expired token");
        }
        if (status.get() == Status.SUSPENDED && !principal.isPlatformAdmin()) {
            throw Problem.forbidden("organization_suspended",
                    "This organization is suspended; its operator can resume it");
        }
    }

    /** Whether the organization is open: not suspended, being deleted or gone (else its deliveries wait). */
    public boolean isActive(UUID organizationId) {
        return status(organizationId).filter(s -> s == Status.ACTIVE).isPresent();
    }

    /** The organization's limits (none of its own for one that does not exist). */
    public Organization.Limits limits(UUID organizationId) {
        return organization(organizationId).map(Organization::limits).orElse(Organization.Limits.NONE);
    }

    /** Drops the cached organization after a change made on this node. */
    public void forget(UUID organizationId) {
        organizationsById.invalidate(organizationId);
    }

    private Optional<Status> status(UUID organizationId) {
        return organization(organizationId).map(Organization::status);
    }

    private Optional<Organization> organization(UUID organizationId) {
        return organizationsById.get(organizationId, organizations::find);
    }
}
