package dev.openmeshes.core.embed;

import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.embed.EmbedSession.LaunchPage;
import dev.openmeshes.core.embed.EmbedSession.Role;
import dev.openmeshes.core.embed.EmbedSession.SessionType;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What a request made with an embed session's token may reach, beyond its one workspace: the
 * resource pair a {@code resource} session is locked to, whether it may write (never in a
 * {@code dashboard} session, and for {@code member}s only test events), and event payloads.
 */
public record EmbedGrant(UUID sessionId, Role role, SessionType sessionType, LaunchPage launchPage, String resource,
                         String resourceId, boolean payloads) {

    public boolean isLockedToResource() {
        return sessionType == SessionType.RESOURCE;
    }

    public boolean isReadOnly() {
        return sessionType == SessionType.DASHBOARD;
    }

    /** Owners and admins of a non-dashboard session may change rules, connections and deliveries. */
    public boolean mayManage() {
        return !isReadOnly() && role != Role.MEMBER;
    }

    /** Whether a record with this resource pair is inside the session: any, unless it is locked to one. */
    public boolean covers(String recordResource, String recordResourceId) {
        return !isLockedToResource() || (resource.equals(recordResource) && resourceId.equals(recordResourceId));
    }

    /**
     * The machine scopes the session's requests pass with; the embed route policy narrows them
     * further (members write only test events, resource sessions never see connections).
     */
    public Set<String> apiScopes() {
        var scopes = new LinkedHashSet<String>();
        scopes.add(Scopes.Resource.WORKSPACES.read());
        boolean writes = !isReadOnly();
        scopes.add(writes ? Scopes.Resource.EVENTS.write() : Scopes.Resource.EVENTS.read());
        scopes.add(writes && mayManage() ? Scopes.Resource.RULES.write() : Scopes.Resource.RULES.read());
        if (!isLockedToResource()) {
            scopes.add(mayManage() ? Scopes.Resource.CONNECTIONS.write() : Scopes.Resource.CONNECTIONS.read());
        }
        if (payloads) {
            scopes.add(EmbedSession.PAYLOAD_SCOPE);
        }
        return Set.copyOf(scopes);
    }
}
