package dev.openmeshes.sdk;

import java.util.Map;

/** {@code /api/v1/sessions}: embed sessions that show one workspace's pages inside a host application. */
public final class Sessions extends Resource {

    Sessions(Transport transport) {
        super(transport);
    }

    public CreatedSession create(NewSession session) {
        return transport.read(Transport.Request.of("POST", "/api/v1/sessions", session), CreatedSession.class);
    }

    /** The sessions oldest first. */
    public Page<SessionRecord> list(SessionFilter filter, PageRequest page) {
        return page("/api/v1/sessions", query(filter), page, SessionRecord.class);
    }

    public AllPages<SessionRecord> all(SessionFilter filter) {
        return all("/api/v1/sessions", query(filter), SessionRecord.class);
    }

    /** 409 {@code session_revoked} / {@code session_expired} when there is nothing to refresh. */
    public RefreshedSession refresh(String sessionId) {
        return transport.read(Transport.Request.of("POST", path(sessionId) + "/refresh", null), RefreshedSession.class);
    }

    /** Every token of the session stops at once. */
    public void revoke(String sessionId) {
        transport.execute(Transport.Request.of("DELETE", path(sessionId), null));
    }

    private static Map<String, String> query(SessionFilter filter) {
        return filters("workspace_id", filter.workspaceId(), "status", filter.status(), "resource", filter.resource(),
                "resource_id", filter.resourceId());
    }

    private static String path(String id) {
        return "/api/v1/sessions/" + segment(id);
    }
}
