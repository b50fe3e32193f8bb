package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.store.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scans everything a real server logs, with every logger at its most verbose and every record
 * written by the command line's own formatter: no level may write a secret, and no request can
 * write a line of its choosing.
 */
class LogScanTest {

    @TempDir
    Path dataDir;

    /** Every formatted record, as the command line would print it to stderr. */
    private final List<String> printed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureEverything() {
        Logging.install(new Handler() {
            @Override
            public void publish(LogRecord record) {
                // The test's own receiver is a destination, not the server: what it logs is not ours.
                if (record.getLoggerName() == null || !record.getLoggerName().startsWith("com.sun.net.httpserver")) {
                    printed.add(getFormatter().format(record));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }, Level.ALL);
    }

    @AfterEach
    void restoreDefaultLogging() throws Exception {
        LogManager.getLogManager().readConfiguration();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void noLevelLogsAWebhookCredentialASigningSecretAMachineSecretOrAToken(TestDatabases.Kind kind) {
        Map<String, String> secrets = new LinkedHashMap<>();
        try (TestServer server = TestServer.start(kind, dataDir, Map.of("MESHES_ACCESS_LOG", "true"));
             Receiver receiver = Receiver.start()) {
            var scenario = new Scenario(server, "Log scan " + kind);
            secrets.put("the owner's secret key", scenario.tenant.secretKey());
            if (server.settings().masterKey() != null) {
                secrets.put("the master key", server.settings().masterKey());
            }

            String password = "basic-pass-" + random();
            secrets.put("the basic auth password", password);
            secrets.put("the basic auth header value",
                    Base64.getEncoder().encodeToString(("hook-user:" + password).getBytes()));
            String bearer = "bearer-token-" + random();
            secrets.put("the bearer token", bearer);
            String custom = "custom-header-value-" + random();
            secrets.put("the custom auth header value", custom);
            String hmac = "hmac-secret-" + random();
            secrets.put("the hmac signing secret", hmac);
            String whsec = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
            secrets.put("the standard webhooks secret", whsec);

            // Saved without skip_url_test, so each one is also sent a test request when saved.
            String url = "\"url\":\"" + receiver.url() + "\"";
            List<UUID> connections = List.of(
                    scenario.connection("Basic", "{" + url + ",\"auth\":{\"type\":\"basic\",\"username\":\"hook-user\","
                            + "\"password\":\"" + password + "\"}}"),
                    scenario.connection("Bearer", "{" + url + ",\"auth\":{\"type\":\"bearer\",\"token\":\"" + bearer + "\"}}"),
                    scenario.connection("Custom", "{" + url + ",\"auth\":{\"type\":\"header\",\"header_name\":\"X-Api-Key\","
                            + "\"header_value\":\"" + custom + "\"}}"),
                    scenario.connection("Hmac", "{" + url + ",\"signing\":{\"algorithm\":\"hmac_sha256\",\"secret\":\""
                            + hmac + "\"}}"),
                    scenario.connection("Standard", "{" + url + ",\"signing\":{\"algorithm\":\"standard_webhooks\","
                            + "\"secret\":\"" + whsec + "\"}}"));
            connections.forEach(connection -> scenario.rule(connection, "log.scan"));
            scenario.emitOk("log.scan", "{\"n\":1}");
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() >= 10);

            // A key made with an Idempotency-Key: its secret is in the answer the server keeps for replays.
            var created = server.http().send("POST", "/api/v1/keys", scenario.tenant.token(),
                    "{\"name\":\"scanned\",\"scopes\":[\"workspaces:read\"]}", Map.of("Idempotency-Key", "scan-" + random()));
            assertThat(created.status()).as("creating a key: %s", created).isEqualTo(201);
            String newSecret = created.json().path("key").path("secret_key").asString();
            secrets.put("a new key's secret", newSecret);
            var newKey = new TestServer.Tenant(scenario.tenant.organizationId(), null,
                    created.json().path("key").path("access_key").asString(), newSecret);

            Map<String, String> tokens = new LinkedHashMap<>();
            tokens.put("a valid JWT", scenario.tenant.token());
            tokens.put("a valid JWT of the new key", newKey.token());
            tokens.put("a JWT signed with the wrong secret", scenario.tenant.tokens().secret("w".repeat(43)).sign());
            tokens.put("an expired JWT", scenario.tenant.tokens().times(-120, -90).sign());
            tokens.put("a JWT for another audience", scenario.tenant.tokens().claim("aud", "elsewhere").sign());
            tokens.forEach((name, token) -> {
                server.http().get("/api/v1/workspaces", token);
                server.http().get("/api/v1/auth", token);
                secrets.put(name, token);
                secrets.put("the signature of " + name, token.substring(token.lastIndexOf('.') + 1));
            });
        }

        assertThat(printed).as("records were captured at every level")
                .anyMatch(line -> line.contains(" FINEST "))
                .anyMatch(line -> line.contains("GET /api/v1/workspaces 200"));
        Map<String, String> leaks = new LinkedHashMap<>();
        secrets.forEach((name, secret) -> printed.stream().flatMap(String::lines).filter(line -> line.contains(secret))
                .findFirst().ifPresent(line -> leaks.put(name, line.length() > 300 ? line.substring(0, 300) + "…" : line)));
        assertThat(leaks).as("secrets found in the log (secret -> first line holding it)").isEmpty();
    }

    @Test
    void aPathWithLineBreaksIsLoggedAsOneLineThatForgesNothing() throws Exception {
        try (TestServer server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir, Map.of("MESHES_ACCESS_LOG", "true"))) {
            String forged = "2026-01-01T00:00:00Z INFO Api GET /api/v1/forged 200 0 ms";
            String path = "/api/v1/nothing%0D%0A" + forged.replace(" ", "%20") + "%0A%E2%80%A8end";
            var answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(404);

            List<String> accessLines = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                accessLines.clear();
                printed.stream().filter(line -> line.contains(" Api ") && line.contains("/api/v1/nothing"))
                        .forEach(accessLines::add);
                return !accessLines.isEmpty();
            });
            assertThat(accessLines).as("access log records of the request").hasSize(1);
            String record = accessLines.getFirst();
            assertThat(record.lines().toList()).as("the access log record, split into lines").hasSize(1);
            assertThat(record).doesNotContain("\u2028").contains(" 404 ");
            assertThat(printed).as("lines that start with the forged text")
                    .noneMatch(line -> line.lines().anyMatch(l -> l.startsWith(forged)));
        }
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
