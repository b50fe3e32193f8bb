package dev.openmeshes.core.auth;

import java.util.Set;
import java.util.UUID;

/**
 * Who a request acts as, once authenticated: always one organization, some scopes, and either all
 * of that organization's workspaces ({@code workspaces() == null}) or only the listed ones. A
 * signed-in person ({@link Type#USER}) carries their user id as {@code keyId} and the scopes of
 * their role.
 */
public record Principal(Type type, UUID organizationId, UUID keyId, String accessKey,
                        Set<String> scopes, Set<UUID> workspaces) {

    public enum Type { MACHINE_KEY, PUBLISHABLE_KEY, USER }

    /** A workspace's publishable key: may only send events, and only to that workspace. */
    public static Principal publishable(UUID organizationId, UUID workspaceId) {
        return new Principal(Type.PUBLISHABLE_KEY, organizationId, null, null, Set.of(Scopes.Resource.EVENTS.write()),
                Set.of(workspaceId));
    }

    /** A person signed in to one organization, with their role's scopes over all its workspaces. */
    public static Principal user(UUID organizationId, UUID userId, Set<String> scopes) {
        return new Principal(Type.USER, organizationId, userId, null, Set.copyOf(scopes), null);
    }

    /** The signed-in person's id, or null for a key. */
    public UUID userId() {
        return type == Type.USER ? keyId : null;
    }

    public boolean mayAccessWorkspace(UUID workspaceId) {
        return workspaces == null || workspaces.contains(workspaceId);
    }

    /** How records name their creator: the access key, {@code user:<id>}, or {@code pub_key} as the Meshes fixtures do. */
    public String createdBy() {
        if (type == Type.USER) {
            return "user:" + keyId;
        }
        return accessKey != null ? accessKey : "pub_key";
    }

    public boolean hasAllWorkspaces() {
        return workspaces == null;
    }
}
