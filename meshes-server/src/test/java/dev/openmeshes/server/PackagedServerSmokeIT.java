package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.standardwebhooks.Webhook;
import io.modelcontextprotocol.client.McpSyncClient;
import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.server.http.Json;
import dev.openmeshes.server.mcp.MeshesTools;
import dev.openmeshes.server.support.Http;
import dev.openmeshes.server.support.McpClients;
import dev.openmeshes.server.support.PackagedServer;
import dev.openmeshes.server.support.PackagedServer.Owner;
import dev.openmeshes.server.support.Receiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The shipped server, as a new user runs it: the packaged jar started as its own process exactly as
 * {@code ./meshes serve} starts it, driven only over HTTP. Anything the jar's class path lacks fails
 * here although the in-process tests, on Maven's test class path, pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedServerSmokeIT {

    static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();
    static final SecureRandom RANDOM = new SecureRandom();
    static final String HUBSPOT_TOKEN = "hs-smoke-access-token";

    @TempDir
    static Path workDir;

    /** Stands in for HubSpot's API, for the official client's mapping calls. */
    final VendorStub hubspot = new VendorStub();
    /**
     * Loopback receivers must be allow-listed; retries come quickly so a restart finds one pending;
     * HubSpot is the stub.
     */
    final Map<String, String> env = Map.of(
            "MESHES_WEBHOOK_ALLOW_HOSTS", "127.0.0.1",
            "MESHES_RETRY_SCHEDULE", "0s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
            "MESHES_CONNECTOR_HUBSPOT_BASE_URL", hubspot.url());
    Path dataDir;
    PackagedServer server;
    Owner owner;

    @RegisterExtension
    final TestWatcher printServerOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (server != null) {
                System.err.println("Packaged server output, for " + context.getDisplayName() + ":\n" + server.output());
            }
        }
    };

    @BeforeAll
    void startThePackagedServer() {
        dataDir = workDir.resolve("data");
        server = PackagedServer.start(dataDir, env);
        owner = server.printedOwner();
    }

    @AfterAll
    void stopIt() {
        if (server != null) {
            server.close();
        }
        hubspot.close();
    }

    @Test
    void theFirstStartPrintsAnOwnerKeyThatAuthenticates() {
        var auth = http().get("/api/v1/auth", owner.token());

        assertThat(auth.status()).as("GET /api/v1/auth with the printed credentials: %s", auth).isEqualTo(200);
        assertThat(auth.json().path("organization_id").asString()).isEqualTo(owner.organizationId());
        assertThat(auth.json().path("access_key").asString()).isEqualTo(owner.accessKey());
    }

    /** The dashboard's files are read from inside the jar, not from a directory as in the in-process tests. */
    @Test
    void theDashboardIsServedFromTheJar() {
        var shell = http().get("/", null);

        assertThat(shell.status()).as("GET /: %s", shell).isEqualTo(200);
        assertThat(shell.header("Content-Security-Policy")).contains("default-src 'self'");
        var script = java.util.regex.Pattern.compile("src=\"(/assets/[0-9a-f]{12}/app\\.js)\"").matcher(shell.text());
        assertThat(script.find()).as("the shell names its script, in:%n%s", shell.text()).isTrue();
        var app = http().get(script.group(1), null);
        assertThat(app.status()).as("GET %s: %s", script.group(1), app).isEqualTo(200);
        assertThat(app.text()).contains("./pages/events.js");
        assertThat(http().get(script.group(1).replace("app.js", "pages/keys.js"), null).status()).isEqualTo(200);
    }

    @Test
    void workspacesAndMachineKeysAreManagedWithMachineTokens() {
        String workspace = workspace("Smoke keys");
        var renamed = http().put("/api/v1/workspaces/" + workspace, owner.token(), json(Map.of("name", "Smoke keys renamed")));
        assertThat(renamed.status()).as("rename: %s", renamed).isEqualTo(200);
        assertThat(ids(http().get("/api/v1/workspaces", owner.token()))).contains(workspace);
        String before = publishableKey(workspace);
        var rotated = http().post("/api/v1/workspaces/" + workspace + "/publishable-key/rotate", owner.token(), "{}");
        assertThat(rotated.status()).as("rotate: %s", rotated).isEqualTo(200);
        String after = publishableKey(workspace);
        assertThat(after).isNotEqualTo(before);
        assertThat(ingest(after, Map.of("event", "smoke.rotated", "payload", Map.of())).status()).isEqualTo(201);

        var issued = http().post("/api/v1/keys", owner.token(),
                json(Map.of("name", "Smoke reader", "scopes", List.of("workspaces:read"))));
        assertThat(issued.status()).as("POST /api/v1/keys: %s", issued).isEqualTo(201);
        JsonNode key = issued.json().path("key");
        Owner reader = new Owner(owner.organizationId(), key.path("access_key").asString(), key.path("secret_key").asString());
        String keyId = key.path("id").asString();
        assertThat(http().get("/api/v1/keys/" + keyId, owner.token()).text()).doesNotContain(reader.secretKey());
        assertThat(http().get("/api/v1/workspaces", reader.token()).status()).isEqualTo(200);
        assertRefused(http().post("/api/v1/workspaces", reader.token(), json(Map.of("name", "Not allowed"))), 403);

        var revoked = http().delete("/api/v1/keys/" + keyId, owner.token());
        assertThat(revoked.status()).as("revoke: %s", revoked).isBetween(200, 204);
        assertRefused(http().get("/api/v1/workspaces", reader.token()), 401);
    }

    @Test
    void publishableKeyIngestDeliversSingleAndBulkEventsAndKeepsTheirHistory() {
        try (Receiver receiver = Receiver.start()) {
            String workspace = workspace("Smoke ingest");
            String connection = connection(workspace, "Ingest hook", Map.of("url", receiver.url()));
            String rule = rule(workspace, connection, "smoke.ingested");
            String key = publishableKey(workspace);

            var single = ingest(key, Map.of("event", "smoke.ingested", "payload", Map.of("n", 1)));
            assertThat(single.status()).as("single event: %s", single).isEqualTo(201);
            var bulk = ingest(key, List.of(
                    Map.of("event", "smoke.ingested", "payload", Map.of("n", 2)),
                    Map.of("event", "smoke.ingested", "resource", "order", "resource_id", "o-3", "payload", Map.of("n", 3))));
            assertThat(bulk.status()).as("bulk: %s", bulk).isEqualTo(201);
            var partly = ingest(key, List.of(Map.of("event", "smoke.ingested", "payload", Map.of("n", 4)),
                    Map.of("payload", Map.of("n", 5))));
            assertThat(partly.status()).as("bulk with one event missing its name: %s", partly).isEqualTo(207);
            assertThat(partly.json().path("error_count").asInt()).isEqualTo(1);
            assertRefused(ingest("mesh_pub_not_a_real_key", Map.of("event", "smoke.ingested", "payload", Map.of())), 401);

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> deliveriesOf(receiver, "smoke.ingested").size() == 4);
            var history = http().get("/api/v1/workspaces/" + workspace + "/events", owner.token());
            assertThat(history.json().path("records").size()).as("workspace history: %s", history).isEqualTo(4);
            String first = single.json().path("event").path("id").asString();
            JsonNode event = awaitStatus(first, "completed");
            assertThat(event.path("rule_events").get(0).path("status").asString()).isEqualTo("completed");
            assertThat(http().get("/api/v1/events/" + first + "/payload", owner.token()).json().path("payload").path("n").asInt())
                    .isEqualTo(1);
            JsonNode attempt = attempts(first, rule).get(0);
            assertThat(attempt.path("status_code").asInt()).as("attempt %s", attempt).isEqualTo(200);
        }
    }

    /** One webhook for every auth mode crossed with every signing mode the catalog offers, all saved and delivered. */
    @Test
    void everyConnectionTypeAuthAndSigningModeIsSavedAndDeliveredAsConfigured() throws Exception {
        JsonNode catalog = http().get("/api/v1/integrations", owner.token()).json().path("records");
        assertThat(catalog.valueStream().map(t -> t.path("type").asString()).toList())
                .as("connection types the server offers; a new one needs its smoke case (webhook: this matrix; "
                        + "hubspot: the Node client's mapping calls)")
                .containsExactlyInAnyOrder("activecampaign", "aweber", "customer_io", "discord", "hubspot", "intercom",
                        "mailchimp", "mailerlite", "pipedrive", "resend", "salesforce", "sendgrid", "slack", "webhook", "zoom");
        JsonNode webhook = catalog.valueStream().filter(t -> t.path("type").asString().equals("webhook")).findFirst()
                .orElseThrow();
        List<String> authTypes = options(webhook, "auth.type");
        List<String> algorithms = options(webhook, "signing.algorithm");
        List<String> methods = options(webhook, "method");
        List<String> formats = options(webhook, "payload_format");
        assertThat(authTypes).as("auth modes offered; each needs its check in Case").containsExactlyInAnyOrder(
                "none", "basic", "bearer", "header");
        assertThat(algorithms).as("signing modes offered; each needs its check in Case").containsExactlyInAnyOrder(
                "hmac_sha256", "hmac_sha512", "standard_webhooks");
        List<String> signingModes = new ArrayList<>(List.of("none"));
        signingModes.addAll(algorithms);

        try (Receiver receiver = Receiver.start()) {
            String workspace = workspace("Smoke matrix");
            List<Case> cases = new ArrayList<>();
            for (int a = 0; a < authTypes.size(); a++) {
                for (int s = 0; s < signingModes.size(); s++) {
                    Case c = Case.of(receiver, authTypes.get(a), signingModes.get(s),
                            methods.get((a * signingModes.size() + s) % methods.size()), formats.get((a + s) % formats.size()));
                    // Saved without skip_url_test: the save sends a signed test request through the same transport.
                    var created = http().post("/api/v1/connections", owner.token(), json(Map.of("workspace", workspace,
                            "type", "webhook", "name", c.name(), "metadata", c.metadata())));
                    assertThat(created.status()).as("saving %s: %s", c.name(), created).isEqualTo(201);
                    String id = created.json().path("connection").path("id").asString();
                    String shown = http().get("/api/v1/connections/" + id, owner.token()).text();
                    for (String secret : c.secrets()) {
                        assertThat(shown).as("%s as shown by the API", c.name()).doesNotContain(secret);
                    }
                    rule(workspace, id, "smoke.matrix");
                    cases.add(c);
                }
            }
            assertThat(http().get("/api/v1/workspaces/" + workspace + "/rules", owner.token()).json().path("records").size())
                    .isEqualTo(cases.size());

            var emitted = ingest(publishableKey(workspace), Map.of("event", "smoke.matrix", "resource", "order",
                    "resource_id", "42", "payload", Map.of("order", 42, "note", "smoke")));
            assertThat(emitted.status()).as("ingest: %s", emitted).isEqualTo(201);
            String eventId = emitted.json().path("event").path("id").asString();
            JsonNode event = awaitStatus(eventId, "completed");
            assertThat(event.path("completed_count").asInt()).isEqualTo(cases.size());

            for (Case c : cases) {
                List<Receiver.Request> got = receiver.requests().stream().filter(r -> r.path().equals(c.path())).toList();
                assertThat(got.stream().map(PackagedServerSmokeIT::eventName))
                        .as("%s: the test request of its save, then the event", c.name())
                        .containsExactly("meshes.connection_test", "smoke.matrix");
                c.verify(got.getLast(), eventId);
            }
            for (JsonNode delivery : event.path("rule_events")) {
                List<JsonNode> attempts = attempts(eventId, delivery.path("rule").asString());
                String recorded = attempts.toString();
                assertThat(attempts.getFirst().path("status_code").asInt()).as("attempt %s", recorded).isEqualTo(200);
                for (Case c : cases) {
                    for (String secret : c.secrets()) {
                        assertThat(recorded).as("recorded attempt headers").doesNotContain(secret);
                    }
                }
            }
        }
    }

    /** The CLI's SDK and its Jackson must be on the jar's class path, not only on Maven's test class path. */
    @Test
    void theCliListsWorkspacesAsTheApisJsonFromTheJar() {
        String workspace = workspace("Smoke CLI");

        String out = PackagedServer.run(workDir, Map.of("MESHES_API_URL", server.url().toString(),
                "MESHES_ORG_ID", owner.organizationId(), "MESHES_ACCESS_KEY", owner.accessKey(),
                "MESHES_SECRET_KEY", owner.secretKey(), "MESHES_CONFIG", workDir.resolve("no-login.json").toString()),
                "workspaces", "list", "--json");

        JsonNode listed = Json.MAPPER.readTree(out);
        assertThat(listed.path("records").findValuesAsString("id")).as("meshes workspaces list --json: %s", out)
                .contains(workspace);
    }

    @Test
    void bootstrapAddsAnOrganizationThatTheRunningServerServesApart() {
        String ownersWorkspace = workspace("Smoke tenancy");

        String out = PackagedServer.run(workDir, env, "bootstrap", "--org-name", "Smoke second org", "--json",
                "--data-dir", dataDir.toString());

        JsonNode created = Json.MAPPER.readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
        Owner second = new Owner(created.path("organization_id").asString(), created.path("access_key").asString(),
                created.path("secret_key").asString());
        var auth = http().get("/api/v1/auth", second.token());
        assertThat(auth.status()).as("the bootstrapped key on the running server: %s", auth).isEqualTo(200);
        assertThat(auth.json().path("organization_id").asString()).isEqualTo(second.organizationId())
                .isNotEqualTo(owner.organizationId());
        assertThat(ids(http().get("/api/v1/workspaces", second.token()))).isEmpty();
        assertRefused(http().get("/api/v1/workspaces/" + ownersWorkspace, second.token()), 404);
    }

    /**
     * {@code @mesheshq/api} and {@code @mesheshq/events} are not on npm; interop/meshes-clients.mjs
     * makes their calls as they make them, with the real {@code jose}: ingest, and with a HubSpot
     * connection (its API stubbed) the field catalog, the default mapping read and saved, and the
     * workspace's event types and resources.
     */
    @Test
    void theOfficialNodeClientsCallsSucceed() throws Exception {
        boolean ready = Files.isDirectory(INTEROP.resolve("node_modules/jose"));
        if (!ready && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + INTEROP + "/node_modules is missing: run interop/install.sh");
        }
        Assumptions.assumeTrue(ready, "Node interop packages not installed (run interop/install.sh); skipped");
        hubspot.reset();
        hubspot.onJson("GET", "/crm/v3/properties/contacts", 200, "{\"results\":[" + hubspotProperty("email", "Email")
                + "," + hubspotProperty("plan_tier", "Plan tier") + "]}");
        try (Receiver receiver = Receiver.start()) {
            String workspace = workspace("Smoke node");
            rule(workspace, connection(workspace, "Node hook", Map.of("url", receiver.url())), "smoke.node");
            var created = http().post("/api/v1/connections", owner.token(), json(Map.of("workspace", workspace,
                    "type", "hubspot", "name", "Node CRM", "metadata", Map.of("oauth", Map.of("access_token", HUBSPOT_TOKEN),
                            "skip_url_test", true))));
            assertThat(created.status()).as("POST /api/v1/connections (hubspot): %s", created).isEqualTo(201);
            String crm = created.json().path("connection").path("id").asString();

            var node = new ProcessBuilder("node", "meshes-clients.mjs").directory(INTEROP.toFile()).redirectErrorStream(true);
            node.environment().putAll(Map.of("MESHES_API_URL", server.url().toString(), "MESHES_ORG_ID", owner.organizationId(),
                    "MESHES_ACCESS_KEY", owner.accessKey(), "MESHES_SECRET_KEY", owner.secretKey(),
                    "MESHES_PUBLISHABLE_KEY", publishableKey(workspace),
                    "MESHES_CONNECTION_ID", crm, "MESHES_WORKSPACE_ID", workspace));
            Process running = node.start();
            String out = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(running.exitValue()).as(out).isZero();

            JsonNode answers = Json.MAPPER.readTree(out);
            assertThat(answers.path("workspaces").path("status").asInt()).as(out).isEqualTo(200);
            assertThat(answers.path("workspaces").path("body").path("records").valueStream()
                    .map(w -> w.path("id").asString())).contains(workspace);
            assertThat(answers.path("event").path("status").asInt()).as(out).isEqualTo(201);
            assertThat(answers.path("bulk").path("status").asInt()).as(out).isEqualTo(201);

            JsonNode fields = answered(answers, "fields", 200);
            assertThat(fields.path("connection_id").asString()).isEqualTo(crm);
            assertThat(fields.path("workspace_id").asString()).isEqualTo(workspace);
            assertThat(fields.path("integration_type").asString()).isEqualTo("hubspot");
            assertThat(fields.path("catalog_version").asString()).isNotBlank();
            assertThat(fields.path("fields").valueStream().map(f -> f.path("key").asString()))
                    .as("a FieldCatalog: declared fields and the account's own").contains("email", "first_name", "plan_tier");
            assertThat(fields.path("fields").valueStream()).allSatisfy(f -> assertThat(f.path("type").asString())
                    .as("field %s", f).isNotBlank());
            VendorStub.Request properties = hubspot.only("GET", "/crm/v3/properties/contacts");
            assertThat(properties.header("Authorization")).isEqualTo("Bearer " + HUBSPOT_TOKEN);

            JsonNode read = answered(answers, "mapping", 200);
            assertThat(read.path("status").asString()).as("%s", read).isIn("generated", "stored");
            assertThat(read.path("mapping").path("connection_id").asString()).isEqualTo(crm);
            assertThat(read.path("mapping").path("schema").path("schema_version").asInt()).isEqualTo(1);
            assertThat(read.path("mapping").path("schema").path("fields").isArray()).as("%s", read).isTrue();

            JsonNode saved = answered(answers, "savedMapping", 200);
            assertThat(saved.path("status").asString()).as("%s", saved).isEqualTo("stored");
            assertThat(saved.path("mapping").path("version").asInt()).as("%s", saved).isEqualTo(1);
            assertThat(saved.path("mapping").path("mapping_id").asString()).isNotBlank();
            assertThat(saved.path("mapping").path("schema").path("fields").valueStream().map(f -> f.path("dest").asString()))
                    .containsExactly("email");
            assertThat(http().get("/api/v1/connections/" + crm + "/mappings/default", owner.token()).json()
                    .path("mapping").path("version").asInt()).as("the saved version, read back").isEqualTo(1);

            JsonNode eventTypes = answered(answers, "eventTypes", 200);
            assertThat(eventTypes.isArray()).as("event types: a bare array, not an envelope: %s", eventTypes).isTrue();
            assertThat(eventTypes.valueStream().map(e -> e.path("key").asString())).contains("smoke.node");
            JsonNode resources = answered(answers, "resources", 200);
            assertThat(resources.isArray()).as("resources: a bare array, not an envelope: %s", resources).isTrue();
            assertThat(resources.valueStream().map(e -> e.path("key").asString())).contains("order");

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesOf(receiver, "smoke.node").size() == 3);
        }
    }

    /** The body of one of the Node script's answers, after checking its status. */
    private static JsonNode answered(JsonNode answers, String call, int status) {
        JsonNode answer = answers.path(call);
        assertThat(answer.path("status").asInt()).as("%s answered %s", call, answer).isEqualTo(status);
        return answer.path("body");
    }

    private static String hubspotProperty(String name, String label) {
        return "{\"name\":\"" + name + "\",\"label\":\"" + label + "\",\"type\":\"string\",\"fieldType\":\"text\","
                + "\"groupName\":\"contactinformation\",\"hidden\":false,\"options\":[],"
                + "\"modificationMetadata\":{\"archivable\":true,\"readOnlyDefinition\":false,\"readOnlyValue\":false}}";
    }

    /** The MCP SDK and its JSON and schema validation (found by ServiceLoader) are on the jar's class path too. */
    @Test
    void theJarServesMcpOverStdioAndAtTheMcpEndpoint() {
        Path jar = Path.of(System.getProperty("meshes.jar", "target/meshes-server.jar")).toAbsolutePath();
        McpSyncClient stdio = McpClients.overStdio(server.url().toString(), owner.organizationId(), owner.accessKey(),
                owner.secretKey(), "-jar", jar.toString());
        McpSyncClient http = McpClients.overHttp(server.url().toString(), owner::token);
        try {
            assertThat(stdio.listTools().tools()).hasSize(MeshesTools.all().size());
            assertThat(McpClients.json(McpClients.call(stdio, "meshes_list_workspaces", Map.of())).path("records").isArray())
                    .isTrue();
            assertThat(http.listTools().tools()).hasSize(MeshesTools.all().size());
            var refused = McpClients.call(http, "meshes_get_workspace", Map.of("workspace_id", "not-a-uuid"));
            assertThat(McpClients.text(refused)).startsWith("Tool (meshes_get_workspace) input validation failed");
        } finally {
            stdio.closeGracefully();
            http.closeGracefully();
        }
    }

    @Test
    void aRestartKeepsDataKeysAndSecretsAndDeliversWhatWasPending() throws Exception {
        try (Receiver receiver = Receiver.start().always(503)) {
            String workspace = workspace("Smoke restart");
            String secret = "restart-" + HexFormat.of().formatHex(randomBytes(16));
            String connection = connection(workspace, "Restart hook", Map.of("url", receiver.url(), "skip_url_test", true,
                    "signing", Map.of("algorithm", "hmac_sha256", "secret", secret)));
            rule(workspace, connection, "smoke.restart");
            String key = publishableKey(workspace);
            var issued = http().post("/api/v1/keys", owner.token(), json(Map.of("name", "Smoke events reader",
                    "scopes", List.of("events:read"))));
            assertThat(issued.status()).as("POST /api/v1/keys: %s", issued).isEqualTo(201);
            Owner reader = new Owner(owner.organizationId(), issued.json().path("key").path("access_key").asString(),
                    issued.json().path("key").path("secret_key").asString());
            var emitted = ingest(key, Map.of("event", "smoke.restart", "payload", Map.of("n", 1)));
            assertThat(emitted.status()).as("ingest: %s", emitted).isEqualTo(201);
            String eventId = emitted.json().path("event").path("id").asString();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    event(eventId).path("rule_events").get(0).path("attempt_count").asInt() >= 1);

            server.close();
            receiver.always(200);
            server = PackagedServer.start(dataDir, env);

            assertThat(http().get("/api/v1/auth", owner.token()).status()).as("the owner key after a restart").isEqualTo(200);
            assertThat(http().get("/api/v1/events/" + eventId, reader.token()).status())
                    .as("a key issued before the restart, and the event").isEqualTo(200);
            assertThat(publishableKey(workspace)).isEqualTo(key);
            assertThat(ingest(key, Map.of("event", "smoke.after", "payload", Map.of())).status()).isEqualTo(201);
            JsonNode event = awaitStatus(eventId, "completed");
            assertThat(event.path("rule_events").get(0).path("attempt_count").asInt()).isGreaterThanOrEqualTo(2);
            Receiver.Request delivered = receiver.requests().getLast();
            assertThat(delivered.header("X-Meshes-Signature")).as("signed with the secret sealed before the restart")
                    .isEqualTo(hmac("HmacSHA256", secret, delivered.body()));
            assertThat(server.stdout()).as("a restart creates no organization").doesNotContain("First start");
        }
    }

    // --- one webhook case of the matrix ---

    /** A connection's settings and what its receiver must see: method, format, credentials, signature. */
    record Case(String auth, String signing, String method, String format, String path, String url,
                String credential, String signingSecret) {

        static Case of(Receiver receiver, String auth, String signing, String method, String format) {
            String name = auth + "-" + signing;
            String signingSecret = switch (signing) {
                case "none" -> null;
                case "standard_webhooks" -> "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
                default -> signing + "-" + HexFormat.of().formatHex(randomBytes(16));
            };
            return new Case(auth, signing, method, format, "/hooks/" + name, receiver.url() + "/" + name,
                    auth.equals("none") ? null : auth + "-" + HexFormat.of().formatHex(randomBytes(16)), signingSecret);
        }

        String name() {
            return auth + "-" + signing;
        }

        List<String> secrets() {
            return java.util.stream.Stream.of(credential, signingSecret).filter(java.util.Objects::nonNull).toList();
        }

        Map<String, Object> metadata() {
            var m = new LinkedHashMap<String, Object>(Map.of("url", url, "method", method, "payload_format", format,
                    "headers", Map.of("X-Smoke-Case", name())));
            m.put("auth", switch (auth) {
                case "none" -> Map.of("type", "none");
                case "basic" -> Map.of("type", "basic", "username", "smoke-user", "password", credential);
                case "bearer" -> Map.of("type", "bearer", "token", credential);
                case "header" -> Map.of("type", "header", "header_name", "X-Api-Key", "header_value", credential);
                default -> throw new IllegalArgumentException("no smoke case for auth " + auth);
            });
            switch (signing) {
                case "none" -> { }
                case "hmac_sha256", "standard_webhooks" -> m.put("signing", Map.of("algorithm", signing, "secret", signingSecret));
                case "hmac_sha512" -> m.put("signing", Map.of("algorithm", signing, "secret", signingSecret,
                        "header", "X-Smoke-Signature"));
                default -> throw new IllegalArgumentException("no smoke case for signing " + signing);
            }
            return m;
        }

        void verify(Receiver.Request request, String eventId) throws Exception {
            String as = name() + " as received";
            assertThat(request.method()).as(as).isEqualTo(method);
            assertThat(request.header("X-Smoke-Case")).as(as).isEqualTo(name());
            JsonNode body = Json.MAPPER.readTree(request.body());
            if (format.equals("wrapped")) {
                assertThat(body.path("uuid").asString()).as(as).isEqualTo(eventId);
                assertThat(body.path("payload").path("order").asInt()).as(as).isEqualTo(42);
            } else {
                assertThat(request.header("X-Meshes-Event-Id")).as(as).isEqualTo(eventId);
                assertThat(body.path("order").asInt()).as(as).isEqualTo(42);
            }
            switch (auth) {
                case "none" -> assertThat(request.header("Authorization")).as(as).isNull();
                case "basic" -> assertThat(request.header("Authorization")).as(as).isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString(("smoke-user:" + credential).getBytes(StandardCharsets.UTF_8)));
                case "bearer" -> assertThat(request.header("Authorization")).as(as).isEqualTo("Bearer " + credential);
                default -> assertThat(request.header("X-Api-Key")).as(as).isEqualTo(credential);
            }
            switch (signing) {
                case "none" -> {
                    assertThat(request.header("X-Meshes-Signature")).as(as).isNull();
                    assertThat(request.header("webhook-signature")).as(as).isNull();
                }
                case "hmac_sha256" -> assertThat(request.header("X-Meshes-Signature")).as(as)
                        .isEqualTo(hmac("HmacSHA256", signingSecret, request.body()));
                case "hmac_sha512" -> assertThat(request.header("X-Smoke-Signature")).as(as)
                        .isEqualTo(hmac("HmacSHA512", signingSecret, request.body()));
                default -> {
                    assertThat(request.header("webhook-id")).as(as).isEqualTo(request.header("X-Meshes-Delivery-Id"));
                    var headers = Map.of("webhook-id", List.of(request.header("webhook-id")),
                            "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                            "webhook-signature", List.of(request.header("webhook-signature")));
                    assertThatCode(() -> new Webhook(signingSecret).verify(request.body(), headers))
                            .as("%s: the official standardwebhooks verifier", as).doesNotThrowAnyException();
                }
            }
        }
    }

    // --- the API, as a client uses it ---

    private Http http() {
        return server.http();
    }

    private String workspace(String name) {
        var created = http().post("/api/v1/workspaces", owner.token(), json(Map.of("name", name)));
        assertThat(created.status()).as("POST /api/v1/workspaces: %s", created).isEqualTo(201);
        return created.json().path("workspace").path("id").asString();
    }

    private String publishableKey(String workspace) {
        return http().get("/api/v1/workspaces/" + workspace, owner.token()).json()
                .path("publishable_key").path("public_key").asString();
    }

    private String connection(String workspace, String name, Map<String, Object> metadata) {
        var created = http().post("/api/v1/connections", owner.token(), json(Map.of("workspace", workspace,
                "type", "webhook", "name", name, "metadata", metadata)));
        assertThat(created.status()).as("POST /api/v1/connections: %s", created).isEqualTo(201);
        return created.json().path("connection").path("id").asString();
    }

    private String rule(String workspace, String connection, String event) {
        var created = http().post("/api/v1/rules", owner.token(), json(Map.of("workspace", workspace,
                "connection", connection, "event", event, "metadata", Map.of("action", "send_webhook"))));
        assertThat(created.status()).as("POST /api/v1/rules: %s", created).isEqualTo(201);
        return created.json().path("rule").path("id").asString();
    }

    /** One event (a map) or a bulk (a list), with a workspace's publishable key, as a browser sends it. */
    private Http.Response ingest(String publishableKey, Object events) {
        return http().send("POST", events instanceof List ? "/api/v1/events/bulk" : "/api/v1/events", null,
                json(events), Map.of("X-Meshes-Publishable-Key", publishableKey));
    }

    private JsonNode event(String id) {
        return http().get("/api/v1/events/" + id, owner.token()).json();
    }

    private JsonNode awaitStatus(String eventId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(event(eventId).path("status").asString())
                        .as("status of event %s: %s", eventId, event(eventId)).isEqualTo(status));
        return event(eventId);
    }

    private List<JsonNode> attempts(String eventId, String rule) {
        var attempts = http().get("/api/v1/events/" + eventId + "/rules/" + rule + "/attempts", owner.token());
        assertThat(attempts.status()).as("attempts: %s", attempts).isEqualTo(200);
        return attempts.json().path("records").valueStream().toList();
    }

    private static List<String> ids(Http.Response list) {
        assertThat(list.status()).as("list: %s", list).isEqualTo(200);
        return list.json().path("records").valueStream().map(r -> r.path("id").asString()).toList();
    }

    private static List<String> options(JsonNode type, String field) {
        return type.path("authentication").path("fields").valueStream().filter(f -> f.path("key").asString().equals(field))
                .findFirst().orElseThrow(() -> new AssertionError("catalog has no field " + field + ": " + type))
                .path("options").valueStream().map(o -> o.path("value").asString()).toList();
    }

    private static List<Receiver.Request> deliveriesOf(Receiver receiver, String event) {
        return receiver.requests().stream().filter(r -> event.equals(eventName(r))).toList();
    }

    /** The event a webhook request carries: in the X-Meshes-Event header (raw) or the envelope (wrapped). */
    private static String eventName(Receiver.Request request) {
        String header = request.header("X-Meshes-Event");
        return header != null ? header : Json.MAPPER.readTree(request.body()).path("event").asString();
    }

    /** A refusal in the API's error shape: {message, error, correlation_id} and the x-correlation-id header. */
    private static void assertRefused(Http.Response response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.json().path("message").asString()).as("message of %s", response).isNotBlank();
        assertThat(response.error()).as("error code of %s", response).isNotBlank();
        assertThat(response.json().path("correlation_id").asString()).as("correlation_id of %s", response)
                .isNotBlank().isEqualTo(response.header("x-correlation-id"));
    }

    private static String json(Object value) {
        return Json.MAPPER.writeValueAsString(value);
    }

    private static String hmac(String algorithm, String secret, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
