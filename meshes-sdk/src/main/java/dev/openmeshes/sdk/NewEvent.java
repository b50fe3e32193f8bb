package dev.openmeshes.sdk;

import java.util.Map;

/**
 * An event to send: its name and payload object; {@code resource} (server default {@code global})
 * and {@code resourceId} optional; {@code workspace} only when sent with a machine key (a
 * publishable key implies its workspace).
 */
public record NewEvent(String event, Map<String, Object> payload, String resource, String resourceId, String workspace) {

    public NewEvent {
        MachineCredentials.requireText(event, "event");
        // a copy that keeps the caller's key order and null values, which Map.copyOf would refuse
        payload = java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(java.util.Objects.requireNonNull(payload, "payload is required")));
    }

    public static NewEvent of(String event, Map<String, Object> payload) {
        return new NewEvent(event, payload, null, null, null);
    }

    public NewEvent forResource(String resource, String resourceId) {
        return new NewEvent(event, payload, resource, resourceId, workspace);
    }

    public NewEvent inWorkspace(String workspaceId) {
        return new NewEvent(event, payload, resource, resourceId, workspaceId);
    }
}
