package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.server.support.Http;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.TestServer.Tenant;
import dev.openmeshes.store.testing.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server process ingesting under load is killed with SIGKILL and restarted: every event that got
 * a 201 is in the history and reaches the receiver at least once, within seconds: 15 s after the
 * restart on SQLite (the restarted node hands back what its predecessor held), after the kill with
 * two processes sharing one PostgreSQL (the survivor sees the dead node's heartbeat stop and takes
 * over its leases). Leases keep their default length (two minutes), so waiting them out fails.
 */
class CrashRecoveryTest {

    @TempDir
    Path dataDir;

    @Test
    void sqliteLosesNothingAcknowledged() throws Exception {
        run(new Environment(dataDir, null, null), false);
    }

    @Test
    void postgresLosesNothingAcknowledged() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        run(new Environment(dataDir, url, Base64.getEncoder().encodeToString(SecretBox.newMasterKey())), false);
    }

    @Test
    void aSurvivingNodeDeliversWhatTheKilledNodeHeld() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        run(new Environment(dataDir, url, Base64.getEncoder().encodeToString(SecretBox.newMasterKey())), true);
    }

    /** Where the processes keep their data, as they are told through their environment. */
    record Environment(Path dataDir, String databaseUrl, String masterKey) {
        Map<String, String> env() {
            var env = new HashMap<String, String>();
            env.put("MESHES_WEBHOOK_ALLOW_HOSTS", "127.0.0.1");
            env.put("MESHES_RETRY_SCHEDULE", "0s,200ms,500ms,1s,2s");
            if (databaseUrl != null) {
                env.put("MESHES_DATABASE_URL", databaseUrl);
                env.put("MESHES_MASTER_KEY", masterKey);
            }
            return env;
        }
    }

    private void run(Environment environment, boolean twoNodes) throws Exception {
        try (Receiver receiver = Receiver.start()) {
            Tenant tenant = bootstrap(environment);
            int port = freePort();
            Process node = start(environment, port);
            Process survivor = twoNodes ? start(environment, freePort()) : null;
            try {
                Http http = new Http(URI.create("http://127.0.0.1:" + port));
                String publishableKey = provision(http, tenant, receiver);

                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicBoolean sending = new AtomicBoolean(true);
                ExecutorService clients = Executors.newFixedThreadPool(8);
                for (int i = 0; i < 8; i++) {
                    clients.execute(() -> {
                        while (sending.get()) {
                            try {
                                var response = http.send("POST", "/api/v1/events", null,
                                        "{\"event\":\"order.created\",\"payload\":{\"n\":1}}",
                                        Map.of("X-Meshes-Publishable-Key", publishableKey));
                                if (response.status() == 201) {
                                    acknowledged.add(response.json().path("event").path("id").asString());
                                }
                            } catch (RuntimeException connectionLost) {
                                return;
                            }
                        }
                    });
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 300);
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-load
                long killedAt = System.nanoTime();
                sending.set(false);
                clients.shutdown();
                clients.awaitTermination(10, TimeUnit.SECONDS);
                assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

                Process recovered = twoNodes ? survivor : start(environment, port);
                int recoveredPort = twoNodes ? portOf(survivor) : port;
                long recoveringSince = twoNodes ? killedAt : System.nanoTime();
                try {
                    Duration budget = RECOVERY.minusNanos(System.nanoTime() - recoveringSince);
                    Awaitility.await("every acknowledged event delivered within " + RECOVERY + " of the "
                                    + (twoNodes ? "kill" : "restart")).atMost(budget).pollInterval(Duration.ofMillis(200))
                            .untilAsserted(() -> {
                                Set<String> missing = new java.util.HashSet<>(acknowledged);
                                missing.removeAll(delivered(receiver));
                                assertThat(missing.size()).as("acknowledged events not delivered yet, of %d",
                                        acknowledged.size()).isZero();
                            });
                    Http after = new Http(URI.create("http://127.0.0.1:" + recoveredPort));
                    for (String id : acknowledged) {
                        assertThat(after.get("/api/v1/events/" + id, tenant.token()).status()).as("event %s", id).isEqualTo(200);
                    }
                } finally {
                    recovered.destroy();
                    recovered.waitFor(20, TimeUnit.SECONDS);
                }
            } finally {
                node.destroyForcibly();
                if (survivor != null) {
                    survivor.destroyForcibly();
                }
            }
        }
    }

    /** How soon after a crash every acknowledged event must have been delivered. */
    private static final Duration RECOVERY = Duration.ofSeconds(15);

    private final Map<Process, Integer> ports = new ConcurrentHashMap<>();

    private int portOf(Process process) {
        return ports.get(process);
    }

    private static Set<String> delivered(Receiver receiver) {
        JsonMapper json = JsonMapper.builder().build();
        return receiver.requests().stream().map(r -> json.readTree(r.body()).path("uuid").asString())
                .collect(Collectors.toSet());
    }

    private Tenant bootstrap(Environment environment) {
        var settings = ServerSettings.local(environment.dataDir(), environment.databaseUrl(), environment.masterKey(),
                environment.env());
        try (Meshes meshes = Meshes.open(settings)) {
            var created = meshes.bootstrap().createOrganization("Crash Co");
            return new Tenant(created.organization().id(), created.ownerKey().key().id(),
                    created.ownerKey().key().accessKey(), created.ownerKey().secretKey());
        }
    }

    private static String provision(Http http, Tenant tenant, Receiver receiver) {
        var workspace = http.post("/api/v1/workspaces", tenant.token(), "{\"name\":\"Crash space\"}").json().path("workspace");
        String workspaceId = workspace.path("id").asString();
        var connection = http.post("/api/v1/connections", tenant.token(), "{\"workspace\":\"" + workspaceId
                + "\",\"type\":\"webhook\",\"name\":\"Receiver\",\"metadata\":{\"url\":\"" + receiver.url()
                + "\",\"skip_url_test\":true}}").json().path("connection").path("id").asString();
        var rule = http.post("/api/v1/rules", tenant.token(), "{\"workspace\":\"" + workspaceId + "\",\"connection\":\""
                + connection + "\",\"event\":\"order.created\",\"metadata\":{\"action\":\"send_webhook\"}}");
        assertThat(rule.status()).isEqualTo(201);
        return workspace.path("publishable_key").path("public_key").asString();
    }

    /** A separate server JVM on this test's classpath, started like {@code ./meshes serve}. */
    private Process start(Environment environment, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.openmeshes.server.cli.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", environment.dataDir().toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(environment.dataDir().resolve("node-" + port + ".log").toFile());
        builder.environment().putAll(environment.env());
        Process process = builder.start();
        ports.put(process, port);
        Http http = new Http(URI.create("http://127.0.0.1:" + port));
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> http.get("/healthz", null).status() == 200);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
