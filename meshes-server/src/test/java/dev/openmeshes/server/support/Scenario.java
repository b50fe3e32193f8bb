package dev.openmeshes.server.support;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Sets up what a delivery test needs through the public API: a workspace, webhook connections, rules. */
public final class Scenario {

    private final TestServer server;
    public final Tenant tenant;
    public final UUID workspace;
    public final String publishableKey;

    public Scenario(TestServer server, String name) {
        this.server = server;
        this.tenant = server.newTenant(name);
        this.workspace = server.newWorkspace(tenant, name + " space");
        this.publishableKey = server.http().get("/api/v1/workspaces/" + workspace, tenant.token()).json()
                .path("publishable_key").path("public_key").asString();
    }

    /** A webhook connection to {@code url} (not tested on save) and a rule sending {@code event} to it. */
    public UUID webhookFor(String event, String url) {
        UUID connection = connection(url, "{\"url\":\"" + url + "\",\"skip_url_test\":true}");
        rule(connection, event);
        return connection;
    }

    public UUID connection(String name, String metadataJson) {
        var created = server.http().post("/api/v1/connections", tenant.token(),
                "{\"workspace\":\"" + workspace + "\",\"type\":\"webhook\",\"name\":\"" + name.replaceAll("[^A-Za-z0-9 _-]", "-")
                        + "\",\"metadata\":" + metadataJson + "}");
        if (created.status() != 201) {
            throw new IllegalStateException("connection creation failed: " + created);
        }
        return UUID.fromString(created.json().path("connection").path("id").asString());
    }

    public UUID rule(UUID connection, String event) {
        var created = server.http().post("/api/v1/rules", tenant.token(), "{\"workspace\":\"" + workspace
                + "\",\"connection\":\"" + connection + "\",\"event\":\"" + event
                + "\",\"metadata\":{\"action\":\"send_webhook\"}}");
        if (created.status() != 201) {
            throw new IllegalStateException("rule creation failed: " + created);
        }
        return UUID.fromString(created.json().path("rule").path("id").asString());
    }

    /** Sends one event with the workspace's publishable key, as a browser would. */
    public Response emit(String event, String payloadJson) {
        return server.http().send("POST", "/api/v1/events", null,
                "{\"event\":\"" + event + "\",\"payload\":" + payloadJson + "}",
                Map.of("X-Meshes-Publishable-Key", publishableKey));
    }

    public UUID emitOk(String event, String payloadJson) {
        Response response = emit(event, payloadJson);
        if (response.status() != 201) {
            throw new IllegalStateException("ingest failed: " + response);
        }
        return UUID.fromString(response.json().path("event").path("id").asString());
    }

    public JsonNode event(UUID id) {
        return server.http().get("/api/v1/events/" + id, tenant.token()).json();
    }
}
