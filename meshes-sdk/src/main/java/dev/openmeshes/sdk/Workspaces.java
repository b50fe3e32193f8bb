package dev.openmeshes.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/workspaces}: workspaces, their publishable keys, and the names their events carried. */
public final class Workspaces extends Resource {

    Workspaces(Transport transport) {
        super(transport);
    }

    public Page<Workspace> list(PageRequest page) {
        return page("/api/v1/workspaces", Map.of(), page, Workspace.class);
    }

    public AllPages<Workspace> all() {
        return all("/api/v1/workspaces", Map.of(), Workspace.class);
    }

    public Workspace get(String id) {
        return get(path(id), Workspace.class);
    }

    public Workspace create(NewWorkspace workspace) {
        return created("/api/v1/workspaces", workspace, "workspace", Workspace.class);
    }

    /** Renames the workspace and keeps its description. */
    public Workspace rename(String id, String name) {
        return update(id, Map.of("name", name));
    }

    /** Renames the workspace and replaces its description ({@code null} clears it). */
    public Workspace update(String id, String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", description);
        return update(id, body);
    }

    private Workspace update(String id, Map<String, Object> body) {
        // A map, not a record: an explicit null description means "clear", so it must be written.
        return transport.read(new Transport.Request("PUT", path(id), Map.of(), Json.bytes(body), null),
                Workspace.class);
    }

    public PublishableKey publishableKey(String id) {
        return get(path(id) + "/publishable-key", PublishableKey.class);
    }

    /** A new publishable key; the old one keeps working for {@code gracePeriodSeconds} (0: stops at once). */
    public PublishableKey rotatePublishableKey(String id, int gracePeriodSeconds) {
        return transport.read(Transport.Request.of("POST", path(id) + "/publishable-key/rotate",
                Map.of("grace_period_seconds", gracePeriodSeconds)), PublishableKey.class);
    }

    public List<CatalogEntry> eventTypes(String id) {
        return array(path(id) + "/event-types", CatalogEntry.class);
    }

    public List<CatalogEntry> resources(String id) {
        return array(path(id) + "/resources", CatalogEntry.class);
    }

    private static String path(String id) {
        return "/api/v1/workspaces/" + segment(id);
    }
}
