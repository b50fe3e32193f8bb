package dev.openmeshes.core.auth;

import dev.openmeshes.core.embed.EmbedGrant;
import dev.openmeshes.core.embed.ResourcePair;
import dev.openmeshes.core.model.Organization;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a request acts as, once authenticated: always one organization, some scopes, and either all
 * of that organization's workspaces ({@code workspaces() == null}) or only the listed ones. A
 * signed-in person ({@link Type#USER}) carries their user id as {@code keyId} and the scopes of
 * their role; an embed session's principal also carries its {@link EmbedGrant} (null for every other kind).
 */
public record Principal(Type type, UUID organizationId, UUID keyId, String accessKey,
                        Set<String> scopes, Set<UUID> workspaces, EmbedGrant embed) {

    public enum Type { MACHINE_KEY, PUBLISHABLE_KEY, USER, EMBED_SESSION }

    /** A key's or a person's principal: no embed grant. */
    public Principal(Type type, UUID organizationId, UUID keyId, String accessKey, Set<String> scopes,
                     Set<UUID> workspaces) {
        this(type, organizationId, keyId, accessKey, scopes, workspaces, null);
    }

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

    /** How records name their creator: the access key, {@code user:<id>}, the embed session, or {@code pub_key} as the Meshes fixtures do. */
    public String createdBy() {
        if (type == Type.USER) {
            return "user:" + keyId;
        }
        if (embed != null) {
            return "session:" + embed.sessionId();
        }
        return accessKey != null ? accessKey : "pub_key";
    }

    /** An operator key with {@code platform:admin}: only those hold it (see KeyService). */
    public boolean isPlatformAdmin() {
        return type == Type.MACHINE_KEY && scopes.contains(Scopes.PLATFORM_ADMIN);
    }

    /** Whether a platform admin acts inside a customer organization, which is audited. */
    public boolean actsForCustomer() {
        return isPlatformAdmin() && !Organization.OPERATORS.equals(organizationId);
    }

    /** This platform admin acting inside {@code organization}, as its token's {@code org} asked. */
    Principal actingIn(UUID organization) {
        return new Principal(type, organization, keyId, accessKey, scopes, workspaces, embed);
    }

    public boolean hasAllWorkspaces() {
        return workspaces == null;
    }
}
