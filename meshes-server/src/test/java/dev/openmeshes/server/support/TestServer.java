package dev.openmeshes.server.support;

import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.service.Bootstrap;
import dev.openmeshes.server.Meshes;
import dev.openmeshes.server.MeshesServer;
import dev.openmeshes.server.ServerSettings;
import dev.openmeshes.store.testing.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/** A real server on a free loopback port over a fresh store (SQLite or PostgreSQL), for one test class. */
public final class TestServer implements AutoCloseable {

    /** An organization and its owner key, as bootstrap hands them out. */
    public record Tenant(UUID organizationId, UUID keyId, String accessKey, String secretKey) {

        public Tokens tokens() {
            return Tokens.of(accessKey, secretKey, organizationId.toString());
        }

        /** A fresh valid token, as the official clients mint one per request. */
        public String token() {
            return tokens().sign();
        }
    }

    /**
     * Fast retries, the loopback receivers of the tests allowed as webhook destinations, and no
     * per-address limit on sign-ins (every test client is 127.0.0.1; per email the limit holds).
     */
    static final java.util.Map<String, String> TEST_ENV = java.util.Map.of(
            "MESHES_RETRY_SCHEDULE", "0s,200ms,400ms",
            "MESHES_LOGIN_RATE_LIMIT", "0",
            "MESHES_WEBHOOK_ALLOW_HOSTS", "127.0.0.1,localhost",
            "MESHES_DB_POOL_SIZE", "8");

    private final MeshesServer server;
    private final ServerSettings settings;
    private final Http http;

    private TestServer(ServerSettings settings) {
        this.settings = settings;
        this.server = MeshesServer.start(Meshes.open(settings), settings);
        this.http = new Http(URI.create("http://127.0.0.1:" + server.port()));
    }

    public static TestServer start(Path dataDir) {
        return start(TestDatabases.Kind.SQLITE, dataDir);
    }

    public static TestServer start(TestDatabases.Kind kind, Path dataDir) {
        return start(kind, dataDir, java.util.Map.of());
    }

    /** Another node on the same database as {@code sibling}, with further settings (e.g. {@code MESHES_WORKER}). */
    public static TestServer beside(TestServer sibling, Path dataDir, java.util.Map<String, String> env) {
        return new TestServer(ServerSettings.local(dataDir, sibling.settings.databaseUrl(), sibling.settings.masterKey(),
                testEnvWith(env)));
    }

    /** A node with further settings (e.g. {@code MESHES_WORKER}) on a fresh database of the given kind. */
    public static TestServer start(TestDatabases.Kind kind, Path dataDir, java.util.Map<String, String> env) {
        String databaseUrl = TestDatabases.config(kind, dataDir).databaseUrl();
        String masterKey = databaseUrl == null ? null : Base64.getEncoder().encodeToString(SecretBox.newMasterKey());
        return new TestServer(ServerSettings.local(dataDir, databaseUrl, masterKey, testEnvWith(env)));
    }

    private static java.util.Map<String, String> testEnvWith(java.util.Map<String, String> env) {
        var merged = new java.util.HashMap<>(TEST_ENV);
        merged.putAll(env);
        return merged;
    }

    public Tenant newTenant(String name) {
        Bootstrap.Credentials created = server.meshes().bootstrap().createOrganization(name);
        return new Tenant(created.organization().id(), created.ownerKey().key().id(),
                created.ownerKey().key().accessKey(), created.ownerKey().secretKey());
    }

    /** A platform admin's operator key, as {@code bootstrap --platform-admin} makes it; its tokens name the operators. */
    public Tenant platformAdmin() {
        Bootstrap.Credentials created = server.meshes().bootstrap().createPlatformAdmin();
        return new Tenant(created.organization().id(), created.ownerKey().key().id(),
                created.ownerKey().key().accessKey(), created.ownerKey().secretKey());
    }

    /**
     * A further key of the same organization, made through the API by {@code issuer}.
     *
     * @param workspaces JSON array of workspace ids, or null for the issuer's reach
     */
    public Tenant newKey(Tenant issuer, String scopesJson, String workspaces) {
        var created = http.post("/api/v1/keys", issuer.token(), "{\"name\":\"test key\",\"scopes\":" + scopesJson
                + (workspaces == null ? "" : ",\"workspaces\":" + workspaces) + "}");
        if (created.status() != 201) {
            throw new IllegalStateException("key creation failed: " + created);
        }
        var key = created.json().path("key");
        return new Tenant(issuer.organizationId(), UUID.fromString(key.path("id").asString()),
                key.path("access_key").asString(), key.path("secret_key").asString());
    }

    /** Creates a workspace through the API and returns its id. */
    public UUID newWorkspace(Tenant tenant, String name) {
        var created = http.post("/api/v1/workspaces", tenant.token(), "{\"name\":\"" + name + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("workspace creation failed: " + created);
        }
        return UUID.fromString(created.json().path("workspace").path("id").asString());
    }

    /**
     * Makes {@link #http()} check every answer against the OpenAPI description: the body against
     * its operation's schema for the status, a refusal against the error shape.
     */
    public TestServer checkingAnswersAgainstOpenApi() {
        OpenApiDescription description = OpenApiDescription.get();
        http.checkEveryAnswer((method, path, answer) -> description.check(method, path, answer.status(),
                answer.header("Content-Type"), answer.text()));
        return this;
    }

    /** Every route the server's router serves, as registered. */
    public java.util.List<dev.openmeshes.server.api.RouteTable.Route> routes() {
        return server.routes();
    }

    public Http http() {
        return http;
    }

    public int port() {
        return server.port();
    }

    public Meshes meshes() {
        return server.meshes();
    }

    public ServerSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        server.close();
    }
}
