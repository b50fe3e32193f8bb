package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.List;

/**
 * A machine key to create: {@code scopes} such as {@code events:read} or {@code admin};
 * {@code workspaces} (ids) and {@code expiresAt} optional. A key grants only what its issuer holds.
 */
public record NewKey(String name, List<String> scopes, List<String> workspaces, Instant expiresAt) {

    public static NewKey of(String name, List<String> scopes) {
        return new NewKey(name, scopes, null, null);
    }
}
