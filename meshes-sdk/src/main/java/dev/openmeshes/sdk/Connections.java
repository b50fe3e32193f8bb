package dev.openmeshes.sdk;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/connections}: destinations, their live action data and field catalog. */
public final class Connections extends Resource {

    Connections(Transport transport) {
        super(transport);
    }

    public Page<Connection> list(PageRequest page) {
        return page("/api/v1/connections", Map.of(), page, Connection.class);
    }

    public AllPages<Connection> all() {
        return all("/api/v1/connections", Map.of(), Connection.class);
    }

    public AllPages<Connection> allInWorkspace(String workspaceId) {
        return all("/api/v1/workspaces/" + segment(workspaceId) + "/connections", Map.of(), Connection.class);
    }

    public Connection get(String id) {
        return get(path(id), Connection.class);
    }

    /** Saving sends the destination a test request unless {@code metadata.skip_url_test} is true. */
    public Connection create(NewConnection connection) {
        return created("/api/v1/connections", connection, "connection", Connection.class);
    }

    public Connection update(String id, ConnectionUpdate update) {
        return transport.read(Transport.Request.of("PUT", path(id), update), Connection.class);
    }

    /** Refused with 409 while active rules use the connection. */
    public DeletedConnection delete(String id) {
        return transport.read(Transport.Request.of("DELETE", path(id), null), DeletedConnection.class);
    }

    /** Deletes the connection with the rules that use it. */
    public DeletedConnection forceDelete(String id) {
        return transport.read(Transport.Request.of("DELETE", path(id), Map.of("force_delete", true)), DeletedConnection.class);
    }

    /** The vendor's live lists, tags, properties … for building rules; its shape depends on the type. */
    public JsonNode actions(String id) {
        return transport.json(Transport.Request.get(path(id) + "/actions", Map.of()));
    }

    /** What the connection's actions can write; {@code refresh} reloads it from the vendor. */
    public FieldCatalog fields(String id, boolean refresh) {
        return transport.read(Transport.Request.get(path(id) + "/fields", refresh ? Map.of("refresh", "true") : Map.of()),
                FieldCatalog.class);
    }

    static String path(String id) {
        return "/api/v1/connections/" + segment(id);
    }
}
