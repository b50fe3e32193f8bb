package dev.openmeshes.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/** A rule to create; {@code metadata.action} is required, {@code resource}, {@code resourceId}, {@code active}, {@code hidden} optional. */
public record NewRule(String workspace, String connection, String event, Map<String, Object> metadata,
                      String resource, String resourceId, Boolean active, Boolean hidden) {

    /** A rule running {@code action} with further action metadata (e.g. {@code id}, {@code template}). */
    public static NewRule of(String workspace, String connection, String event, String action, Map<String, Object> data) {
        Map<String, Object> metadata = new LinkedHashMap<>(data);
        metadata.put("action", action);
        return new NewRule(workspace, connection, event, metadata, null, null, null, null);
    }

    public NewRule forResource(String resource, String resourceId) {
        return new NewRule(workspace, connection, event, metadata, resource, resourceId, active, hidden);
    }
}
