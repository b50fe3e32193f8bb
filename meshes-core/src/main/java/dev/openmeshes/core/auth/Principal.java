package dev.openmeshes.core.auth;

import java.util.Set;
import java.util.UUID;

/**
 * Who a request acts as, once authenticated: always one organization, some scopes, and either all
 * of that organization's workspaces ({@code workspaces() == null}) or only the listed ones.
 */
public record Principal(Type type, UUID organizationId, UUID keyId, String accessKey,
                        Set<String> scopes, Set<UUID> workspaces) {

    public enum Type { MACHINE_KEY, PUBLISHABLE_KEY }

    /** A workspace's publishable key: may only send events, and only to that workspace. */
    public static Principal publishable(UUID organizationId, UUID workspaceId) {
        return new Principal(Type.PUBLISHABLE_KEY, organizationId, null, null, Set.of(Scopes.Resource.EVENTS.write()),
                Set.of(workspaceId));
    }

    public boolean mayAccessWorkspace(UUID workspaceId) {
        return workspaces == null || workspaces.contains(workspaceId);
    }

    /** How records name their creator: the access key, or {@code pub_key} as the Meshes fixtures do. */
    public String createdBy() {
        return accessKey != null ? accessKey : "pub_key";
    }

    public boolean hasAllWorkspaces() {
        return workspaces == null;
    }
}
