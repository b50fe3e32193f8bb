package dev.openmeshes.sdk;

import java.time.Instant;

/** A session's new access token (hidden from {@link #toString()}); the previous one stopped. */
public record RefreshedSession(String sessionId, String accessToken, long expiresIn, Instant expiresAt,
                               String workspaceId, String role, String sessionType, String resource, String resourceId) {

    @Override
    public String toString() {
        return "RefreshedSession[sessionId=" + sessionId + ", expiresAt=" + expiresAt + ", accessToken=***]";
    }
}
