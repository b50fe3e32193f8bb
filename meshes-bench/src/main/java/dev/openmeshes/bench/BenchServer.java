package dev.openmeshes.bench;

import dev.openmeshes.core.auth.MachineTokens;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.server.Meshes;
import dev.openmeshes.server.MeshesServer;
import dev.openmeshes.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A server on SQLite or on a fresh PostgreSQL schema, with one workspace whose {@code order.created}
 * events fan out to {@code fanOut} webhook connections, all pointing at one local {@link Receiver}.
 * Rate limiting is off so the benchmarks measure the server, not its limiter. Close drops it all.
 */
final class BenchServer implements AutoCloseable {

    enum Store {
        SQLITE("SQLite"), POSTGRESQL("PostgreSQL");

        final String label;

        Store(String label) {
            this.label = label;
        }
    }

    /** What the measured node runs besides the API (setting {@code MESHES_WORKER}). */
    enum Node {
        API_ONLY("API-only node", Map.of("MESHES_WORKER", "off")),
        WITH_WORKER("node also delivering", Map.of());

        final String label;
        final Map<String, String> env;

        Node(String label, Map<String, String> env) {
            this.label = label;
            this.env = env;
        }
    }

    static final String EVENT = "order.created";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final Path dataDir;
    private final String schema;
    private final Receiver receiver;
    private MeshesServer server;
    private ServerSettings settings;
    private final java.util.List<MeshesServer> peers = new java.util.ArrayList<>();
    private ApiClient api;
    private String organizationId;
    private String accessKey;
    private String secret;
    private String workspaceId;
    private String publishableKey;

    private BenchServer(Path dataDir, String schema, Receiver receiver) {
        this.dataDir = dataDir;
        this.schema = schema;
        this.receiver = receiver;
    }

    static BenchServer start(Store store, int fanOut) throws Exception {
        return start(store, fanOut, Map.of());
    }

    /** @param extraEnv further server settings, e.g. {@code MESHES_RETRY_SCHEDULE} */
    static BenchServer start(Store store, int fanOut, Map<String, String> extraEnv) throws Exception {
        String schema = store == Store.POSTGRESQL ? "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
        var bench = new BenchServer(Files.createTempDirectory("meshes-bench"), schema, Receiver.start());
        try {
            bench.open(extraEnv);
            bench.configure(fanOut);
            return bench;
        } catch (Exception | Error e) {
            bench.close();
            throw e;
        }
    }

    private void open(Map<String, String> extraEnv) throws SQLException {
        var env = new HashMap<>(extraEnv);
        env.put("MESHES_WEBHOOK_ALLOW_HOSTS", "127.0.0.1"); // the receiver is on loopback, over http
        env.put("MESHES_INGEST_RATE_LIMIT", "0");
        String databaseUrl = null;
        String masterKey = null;
        if (schema != null) {
            execute("CREATE SCHEMA " + schema);
            databaseUrl = POSTGRES + "&currentSchema=" + schema;
            masterKey = Base64.getEncoder().encodeToString(SecretBox.newMasterKey());
        }
        settings = ServerSettings.local(dataDir, databaseUrl, masterKey, env);
        server = MeshesServer.start(Meshes.open(settings), settings);
        api = new ApiClient(base());
    }

    /** The organization, its workspace, and per fan-out branch one webhook connection and one rule. */
    private void configure(int fanOut) throws IOException, InterruptedException {
        var created = server.meshes().bootstrap().createOrganization("Bench");
        organizationId = created.organization().id().toString();
        accessKey = created.ownerKey().key().accessKey();
        secret = created.ownerKey().secretKey();
        var auth = bearer();
        var workspace = api.post("/api/v1/workspaces", auth, "{\"name\":\"Bench space\"}", 201).path("workspace");
        workspaceId = workspace.path("id").asString();
        publishableKey = workspace.path("publishable_key").path("public_key").asString();
        for (int i = 1; i <= fanOut; i++) {
            var connection = ApiClient.JSON.createObjectNode()
                    .put("workspace", workspaceId).put("type", "webhook").put("name", "Receiver " + i);
            connection.putObject("metadata").put("url", receiver.url()).put("skip_url_test", true);
            String connectionId = api.post("/api/v1/connections", auth, connection.toString(), 201)
                    .path("connection").path("id").asString();
            var rule = ApiClient.JSON.createObjectNode()
                    .put("workspace", workspaceId).put("connection", connectionId).put("event", EVENT);
            rule.putObject("metadata").put("action", "send_webhook");
            api.post("/api/v1/rules", auth, rule.toString(), 201);
        }
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Another node on the same PostgreSQL schema and master key, with the same settings (worker
     * included), as a second stateless node of a deployment would run; closed with this one.
     */
    String startPeer() {
        if (schema == null) {
            throw new IllegalStateException("only PostgreSQL nodes share a store");
        }
        MeshesServer peer = MeshesServer.start(Meshes.open(settings), settings);
        peers.add(peer);
        return "http://127.0.0.1:" + peer.port();
    }

    /** A scratch directory removed on close (wrk scripts go here). */
    Path workDir() {
        return dataDir;
    }

    ApiClient api() {
        return api;
    }

    Receiver receiver() {
        return receiver;
    }

    /** The header that lets a client send events to the bench workspace. */
    Map<String, String> publishable() {
        return Map.of("X-Meshes-Publishable-Key", publishableKey);
    }

    /** A fresh management token: they live at most 60 s, so mint one per phase. */
    Map<String, String> bearer() {
        return Map.of("Authorization",
                "Bearer " + MachineTokens.mint(accessKey, secret, organizationId, Duration.ofSeconds(60)));
    }

    /**
     * One event as a client sends it, about an order as most events are about a resource (so the
     * history's resource index is written as users' events write it); {@code n} varies the payload.
     */
    static String eventJson(long n) {
        return "{\"event\":\"" + EVENT + "\",\"resource\":\"order\",\"resource_id\":\"o-" + (n % 1000)
                + "\",\"payload\":{\"email\":\"a@example.com\",\"n\":" + n + "}}";
    }

    /** The node's store, for loading data that would take too long through the API. */
    dev.openmeshes.core.store.Store store() {
        return server.meshes().store();
    }

    /**
     * Refreshes PostgreSQL's statistics of the events table, as autovacuum does soon after a load
     * this size: without them the planner takes a million fresh rows for a handful. No-op on SQLite.
     */
    void analyzeEvents() throws SQLException {
        if (schema != null) {
            execute("ANALYZE " + schema + ".events");
        }
    }

    String organizationId() {
        return organizationId;
    }

    String workspaceId() {
        return workspaceId;
    }

    /** A bulk body of {@code count} events. */
    static String bulkJson(int count) {
        var body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(eventJson(i));
        }
        return body.append(']').toString();
    }

    @Override
    public void close() throws Exception {
        peers.forEach(MeshesServer::close);
        if (server != null) {
            server.close(); // first: the worker stops sending to the receiver
        }
        receiver.close();
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void execute(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(POSTGRES); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
