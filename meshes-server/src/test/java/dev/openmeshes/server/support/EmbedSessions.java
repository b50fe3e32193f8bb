package dev.openmeshes.server.support;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Embed sessions for tests: minted through the API, and aged in the store where a test cannot wait. */
public final class EmbedSessions {

    private final TestServer server;

    public EmbedSessions(TestServer server) {
        this.server = server;
    }

    /** POST /api/v1/sessions with this body, which must succeed. */
    public JsonNode create(Tenant tenant, String bodyJson) {
        Response created = server.http().post("/api/v1/sessions", tenant.token(), bodyJson);
        if (created.status() != 200) {
            throw new IllegalStateException("session creation failed: " + created);
        }
        return created.json();
    }

    /** The launch URL's path and query, to request from the test server. */
    public static String launchPath(JsonNode created) {
        URI url = URI.create(created.path("launch_url").asString());
        return url.getRawPath() + "?" + url.getRawQuery();
    }

    /** Moves the session's expiry (and its launch token's) into the past, as time would, and has this node forget its cached copy. */
    public void expire(String sessionId) {
        String url = server.settings().databaseUrl() != null ? server.settings().databaseUrl()
                : "jdbc:sqlite:" + server.settings().dataDir().resolve("meshes.db");
        try (var connection = DriverManager.getConnection(url);
             var update = connection.prepareStatement(
                     "UPDATE embed_sessions SET expires_at = 1, launch_expires_at = 1 WHERE id = ?")) {
            update.setString(1, sessionId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no session " + sessionId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        server.meshes().embedAuthenticator().forget(UUID.fromString(sessionId));
    }
}
