package dev.openmeshes.sdk;

import java.time.Instant;

/** An embed session as listed, never with a token. */
public record SessionRecord(String sessionId, String workspaceId, String role, String sessionType, String status,
                            boolean isExpired, Instant createdAt, Instant expiresAt, String externalUserId,
                            String resource, String resourceId, String launchPage) {}
