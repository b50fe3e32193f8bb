package dev.openmeshes.sdk;

/** Which of a workspace's sessions to list; {@code status} ({@code active}/{@code revoked}) and the resource pair optional. */
public record SessionFilter(String workspaceId, String status, String resource, String resourceId) {

    public static SessionFilter inWorkspace(String workspaceId) {
        return new SessionFilter(workspaceId, null, null, null);
    }
}
