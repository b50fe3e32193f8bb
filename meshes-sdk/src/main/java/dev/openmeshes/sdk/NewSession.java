package dev.openmeshes.sdk;

import java.util.List;

/**
 * An embed session to mint for one workspace; every field but {@code workspaceId} is optional
 * (null: the server's default, e.g. role {@code member}, type {@code workspace}, 1800 s).
 */
public record NewSession(String workspaceId, String role, String sessionType, String externalUserId,
                         Integer ttlSeconds, Integer launchTtlSeconds, String launchPage, String resource,
                         String resourceId, List<String> allowedOrigins, List<String> scopes) {

    public static NewSession forWorkspace(String workspaceId) {
        return new NewSession(workspaceId, null, null, null, null, null, null, null, null, null, null);
    }

    /** A session that reaches only the events and rules of one {@code resource} + {@code resourceId}. */
    public static NewSession forResource(String workspaceId, String resource, String resourceId) {
        return new NewSession(workspaceId, null, "resource", null, null, null, null, resource, resourceId, null, null);
    }
}
