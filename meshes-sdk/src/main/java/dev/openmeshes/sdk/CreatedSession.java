package dev.openmeshes.sdk;

import java.time.Instant;

/** A minted embed session: its tokens (hidden from {@link #toString()}) and the one-time {@code launchUrl} for the iframe. */
public record CreatedSession(String sessionId, String accessToken, long expiresIn, Instant expiresAt, String launchToken,
                             Instant launchExpiresAt, String launchUrl, String workspaceId, String role,
                             String sessionType, String resource, String resourceId) {

    @Override
    public String toString() {
        return "CreatedSession[sessionId=" + sessionId + ", workspaceId=" + workspaceId + ", role=" + role
                + ", sessionType=" + sessionType + ", expiresAt=" + expiresAt + ", accessToken=***, launchToken=***]";
    }
}
