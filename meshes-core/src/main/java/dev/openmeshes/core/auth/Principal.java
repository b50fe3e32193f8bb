package dev.openmeshes.core.auth;

import dev.openmeshes.core.embed.EmbedGrant;
import dev.openmeshes.core.embed.ResourcePair;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a request acts as, once authenticated: always one organization, some scopes, and either all
 * of that organization's workspaces ({@code workspaces() == null}) or only the listed ones. An
 * embed session's principal also carries its {@link EmbedGrant} (null for every other kind).
 */
public record Principal(Type type, UUID organizationId, UUID keyId, String accessKey,
                        Set<String> scopes, Set<UUID> workspaces, EmbedGrant embed) {

    public enum Type { MACHINE_KEY, PUBLISHABLE_KEY, EMBED_SESSION }

    /** A machine or publishable key's principal: no embed grant. */
    public Principal(Type type, UUID organizationId, UUID keyId, String accessKey, Set<String> scopes,
                     Set<UUID> workspaces) {
        this(type, organizationId, keyId, accessKey, scopes, workspaces, null);
    }

    /** A workspace's publishable key: may only send events, and only to that workspace. */
    public static Principal publishable(UUID organizationId, UUID workspaceId) {
        return new Principal(Type.PUBLISHABLE_KEY, organizationId, null, null, Set.of(Scopes.Resource.EVENTS.write()),
                Set.of(workspaceId));
    }

    /** An embed session's token: its one workspace, the scopes its role and type allow, and its grant. */
    public static Principal embedded(UUID organizationId, UUID workspaceId, EmbedGrant grant) {
        return new Principal(Type.EMBED_SESSION, organizationId, grant.sessionId(), null, grant.apiScopes(),
                Set.of(workspaceId), grant);
    }

    public boolean mayAccessWorkspace(UUID workspaceId) {
        return workspaces == null || workspaces.contains(workspaceId);
    }

    /** Whether a record with this resource pair is within reach: always, but for a resource-locked embed session. */
    public boolean mayAccessResource(String resource, String resourceId) {
        return embed == null || embed.covers(resource, resourceId);
    }

    /**
     * The resource filter a list runs with: a resource-locked embed session's own pair (none at all
     * when it asks for another), anyone else's as asked.
     */
    public Optional<ResourcePair> resourceFilter(String resource, String resourceId) {
        if (embed == null || !embed.isLockedToResource()) {
            return Optional.of(new ResourcePair(resource, resourceId));
        }
        boolean other = (resource != null && !resource.equals(embed.resource()))
                || (resourceId != null && !resourceId.equals(embed.resourceId()));
        return other ? Optional.empty() : Optional.of(new ResourcePair(embed.resource(), embed.resourceId()));
    }

    /** Whether answers may carry event payloads: for every key, but an embed session needs its payload scope. */
    public boolean mayReadPayloads() {
        return embed == null || embed.payloads();
    }

    /** How records name their creator: the access key, the embed session, or {@code pub_key} as the Meshes fixtures do. */
    public String createdBy() {
        if (embed != null) {
            return "session:" + embed.sessionId();
        }
        return accessKey != null ? accessKey : "pub_key";
    }

    public boolean hasAllWorkspaces() {
        return workspaces == null;
    }
}
