package dev.openmeshes.sdk;

import java.util.List;

/** Who the server takes the caller for ({@code GET /api/v1/auth}). */
public record Caller(String organizationId, String principalType, String keyId, String accessKey, List<String> scopes,
                     List<String> workspaces) {}
