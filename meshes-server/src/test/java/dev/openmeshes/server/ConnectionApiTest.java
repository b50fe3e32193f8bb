package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections, rules and the integrations catalog as the Meshes reference shapes them. */
class ConnectionApiTest extends OnSqlite {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Scenario scenario;

    @BeforeEach
    void scenario() {
        scenario = new Scenario(server, "Connections Co");
    }

    @Test
    void theCatalogListsTheWebhookTypeAndItsAction() {
        var catalog = server.http().get("/api/v1/integrations", scenario.tenant.token()).json();
        var webhook = catalog.path("records").valueStream().filter(r -> r.path("type").asString().equals("webhook"))
                .findFirst().orElseThrow();
        assertThat(webhook.path("actions").has("send_webhook")).isTrue();
        assertThat(webhook.path("authentication").path("fields").size()).isPositive();
    }

    @Test
    void savingAConnectionSendsATestRequestUnlessSkipped() {
        try (Receiver receiver = Receiver.start()) {
            scenario.connection("Tested", "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(receiver.requests()).hasSize(1);

            receiver.always(500);
            var failing = server.http().post("/api/v1/connections", scenario.tenant.token(), "{\"workspace\":\""
                    + scenario.workspace + "\",\"type\":\"webhook\",\"name\":\"Broken\",\"metadata\":{\"url\":\""
                    + receiver.url() + "\"}}");
            assertThat(failing.status()).isEqualTo(422);
            assertThat(failing.error()).isEqualTo("connection_test_failed");
        }
    }

    @Test
    void secretsAreSealedAtRestAndNeverReturnedInClear() throws Exception {
        String secret = "s3cret-bearer-token-value";
        try (Receiver receiver = Receiver.start()) {
            UUID id = scenario.connection("Secret", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true,"
                    + "\"auth\":{\"type\":\"bearer\",\"token\":\"" + secret + "\"}}");

            var fetched = server.http().get("/api/v1/connections/" + id, scenario.tenant.token());
            assertThat(fetched.text()).doesNotContain(secret);
            assertThat(fetched.json().path("metadata").path("auth").path("token").asString()).isEqualTo("********");
            try (Stream<Path> files = Files.walk(server.settings().dataDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
                }
            }

            var renamed = server.http().put("/api/v1/connections/" + id, scenario.tenant.token(),
                    "{\"name\":\"Renamed\",\"metadata\":" + fetched.json().path("metadata") + "}");
            assertThat(renamed.status()).isEqualTo(200);
            scenario.rule(id, "user.signup");
            scenario.emitOk("user.signup", "{\"email\":\"s@example.com\"}");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !receiver.requests().isEmpty());
            assertThat(receiver.requests().getFirst().header("Authorization")).isEqualTo("Bearer " + secret);
        }
    }

    @Test
    void changingAStandardWebhooksSecretKeepsTheOldOneSigningForADay() throws Exception {
        String oldSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString("o".repeat(32).getBytes());
        String newSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString("n".repeat(32).getBytes());
        try (Receiver receiver = Receiver.start()) {
            UUID id = scenario.connection("Signed", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true,"
                    + "\"signing\":{\"algorithm\":\"standard_webhooks\",\"secret\":\"" + oldSecret + "\"}}");
            var metadata = (tools.jackson.databind.node.ObjectNode) server.http()
                    .get("/api/v1/connections/" + id, scenario.tenant.token()).json().path("metadata");
            ((tools.jackson.databind.node.ObjectNode) metadata.path("signing")).put("secret", newSecret);
            var rotated = server.http().put("/api/v1/connections/" + id, scenario.tenant.token(),
                    "{\"name\":\"Signed\",\"metadata\":" + metadata + "}");
            assertThat(rotated.status()).isEqualTo(200);
            assertThat(rotated.json().path("metadata").path("signing").path("previous_secret_expires_at").asString())
                    .isNotBlank();

            scenario.rule(id, "user.signup");
            scenario.emitOk("user.signup", "{\"email\":\"w@example.com\"}");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !receiver.requests().isEmpty());

            var request = receiver.requests().getFirst();
            var headers = java.util.Map.of(
                    "webhook-id", java.util.List.of(request.header("webhook-id")),
                    "webhook-timestamp", java.util.List.of(request.header("webhook-timestamp")),
                    "webhook-signature", java.util.List.of(request.header("webhook-signature")));
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            new com.standardwebhooks.Webhook(newSecret).verify(request.body(), headers);
            new com.standardwebhooks.Webhook(oldSecret).verify(request.body(), headers);
        }
    }

    @Test
    void invalidConnectionsAndRulesGetFieldErrors() {
        var badType = server.http().post("/api/v1/connections", scenario.tenant.token(), "{\"workspace\":\""
                + scenario.workspace + "\",\"type\":\"carrier_pigeon\",\"name\":\"X\",\"metadata\":{}}");
        assertThat(badType.status()).isEqualTo(400);
        var badUrl = server.http().post("/api/v1/connections", scenario.tenant.token(), "{\"workspace\":\""
                + scenario.workspace + "\",\"type\":\"webhook\",\"name\":\"X\",\"metadata\":{\"url\":\"http://example.com/x\"}}");
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.json().path("details").toString()).contains("metadata.url");

        UUID connection = scenario.connection("Target", "{\"url\":\"http://127.0.0.1:9/x\",\"skip_url_test\":true}");
        var noAction = server.http().post("/api/v1/rules", scenario.tenant.token(), "{\"workspace\":\""
                + scenario.workspace + "\",\"connection\":\"" + connection + "\",\"event\":\"e\",\"metadata\":{}}");
        assertThat(noAction.status()).isEqualTo(400);
        var unknownAction = server.http().post("/api/v1/rules", scenario.tenant.token(), "{\"workspace\":\""
                + scenario.workspace + "\",\"connection\":\"" + connection + "\",\"event\":\"e\",\"metadata\":{\"action\":\"fax\"}}");
        assertThat(unknownAction.status()).isEqualTo(400);
    }

    @Test
    void rulesAreListedFilteredAndDeleted() {
        UUID connection = scenario.connection("Target", "{\"url\":\"http://127.0.0.1:9/x\",\"skip_url_test\":true}");
        UUID signup = scenario.rule(connection, "user.signup");
        scenario.rule(connection, "user.login");

        var rule = server.http().get("/api/v1/rules/" + signup, scenario.tenant.token()).json();
        assertThat(rule.path("type").asString()).isEqualTo("webhook");
        assertThat(rule.path("metadata").path("action").asString()).isEqualTo("send_webhook");
        assertThat(rule.path("active").asBoolean()).isTrue();
        var filtered = server.http().get("/api/v1/workspaces/" + scenario.workspace + "/rules?event=user.login",
                scenario.tenant.token()).json();
        assertThat(filtered.path("count").asInt()).isEqualTo(1);

        var deleted = server.http().delete("/api/v1/rules/" + signup, scenario.tenant.token());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("event").asString()).isEqualTo("user.signup");
        assertThat(server.http().get("/api/v1/rules/" + signup, scenario.tenant.token()).status()).isEqualTo(404);
    }

    @Test
    void aConnectionWithActiveRulesIsOnlyDeletedWhenForced() {
        UUID connection = scenario.connection("Target", "{\"url\":\"http://127.0.0.1:9/x\",\"skip_url_test\":true}");
        scenario.rule(connection, "user.signup");

        var refused = server.http().delete("/api/v1/connections/" + connection, scenario.tenant.token());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("connection_has_active_rules");

        var forced = server.http().send("DELETE", "/api/v1/connections/" + connection, scenario.tenant.token(),
                "{\"force_delete\":true}", java.util.Map.of());
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.json().path("type").asString()).isEqualTo("webhook");
        assertThat(server.http().get("/api/v1/rules", scenario.tenant.token()).json().path("count").asInt()).isZero();
    }
}
