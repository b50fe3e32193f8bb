package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openmeshes.server.http.Json;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The client commands of {@code ./meshes} against a real server: tables for people, the API's JSON for scripts. */
class CliCommandsTest extends OnSqlite {

    @TempDir
    Path home;

    Tenant tenant;
    /** The owner key in MESHES_* variables, and a config file that does not exist. */
    Cli cli;

    @BeforeEach
    void tenant() {
        tenant = server.newTenant("CLI " + UUID.randomUUID().toString().substring(0, 8));
        cli = Cli.with(Map.of("MESHES_API_URL", url(), "MESHES_ORG_ID", tenant.organizationId().toString(),
                "MESHES_ACCESS_KEY", tenant.accessKey(), "MESHES_SECRET_KEY", tenant.secretKey(),
                "MESHES_CONFIG", home.resolve("absent.json").toString()));
    }

    @Test
    void workspacesAreCreatedListedAndReadAsTablesOrAsTheApisJson() {
        var created = ok(cli.run("workspaces", "create", "--name", "Shop", "--description", "the shop", "--json"));
        JsonNode workspace = Json.MAPPER.readTree(created.out()).path("workspace");
        String id = workspace.path("id").asString();

        var table = ok(cli.run("workspaces", "list"));
        assertThat(table.out().lines().findFirst().orElseThrow()).as("the heading of:%n%s", table.out())
                .matches("ID +NAME +DESCRIPTION +CREATED");
        assertThat(table.out()).as("a row with the whole id").containsPattern(id + " +Shop +the shop +20");
        JsonNode listed = Json.MAPPER.readTree(ok(cli.run("workspaces", "list", "--json")).out());
        assertThat(listed.path("records").findValuesAsString("id")).as("the envelope as answered: %s", listed).containsExactly(id);
        assertThat(listed.has("next_cursor")).isTrue();
        assertThat(ok(cli.run("workspaces", "get", id)).out()).containsPattern("(?m)^name +Shop$")
                .contains("mesh_pub_");
        assertThat(Json.MAPPER.readTree(ok(cli.run("workspaces", "get", id, "--json")).out()).path("publishable_key")
                .path("public_key").asString()).startsWith("mesh_pub_");
        assertThat(ok(cli.run("workspaces", "create", "--name", "Second")).out()).containsPattern("(?m)^name +Second$");
        assertThat(ok(cli.run("workspaces", "list", "--all", "--limit", "1", "--json")).out())
                .as("--all reads every page into one array").startsWith("[").contains(id).contains("Second");
    }

    @Test
    void quietPrintsOnlyIdsSoAScriptNeedsNoJsonTool() {
        String id = ok(cli.run("workspaces", "create", "--name", "Quiet", "-q")).out().strip();
        assertThat(id).as("the new workspace's id alone").matches("[0-9a-f-]{36}");
        assertThat(ok(cli.run("workspaces", "get", id, "--quiet")).out()).isEqualTo(id + System.lineSeparator());
        assertThat(ok(cli.run("workspaces", "list", "-q")).out().lines().toList()).as("one id per line").contains(id)
                .allMatch(line -> line.matches("[0-9a-f-]{36}"));
    }

    @Test
    void deletingAWorkspaceIsAUsageErrorThatSaysTheApiHasNone() {
        var refused = cli.run("workspaces", "delete", UUID.randomUUID().toString());

        assertThat(refused.exit()).as("%s", refused).isEqualTo(Exit.USAGE);
        assertThat(refused.err()).startsWith("error: the API has no way to delete a workspace");
    }

    @Test
    void aRefusedCallExitsOneWithTheErrorCodeStatusAndCorrelationId() {
        ok(cli.run("workspaces", "create", "--name", "Taken"));

        var refused = cli.run("workspaces", "create", "--name", "Taken");

        assertThat(refused.exit()).as("%s", refused).isEqualTo(Exit.REFUSED);
        assertThat(refused.err()).matches("error: .+ \\(workspace_name_conflict, HTTP 409, correlation id [0-9a-f-]{36}\\)\\n");
        assertThat(refused.out()).isEmpty();
        var missing = cli.run("connections", "get", UUID.randomUUID().toString());
        assertThat(missing.err()).as("%s", missing).contains("HTTP 404, correlation id ");
    }

    @Test
    void connectionsAndRulesAreCreatedListedReadAndDeleted() throws java.io.IOException {
        String workspace = server.newWorkspace(tenant, "Routing").toString();
        try (Receiver receiver = Receiver.start()) {
            var connection = Json.MAPPER.readTree(ok(cli.run("connections", "create", "--workspace", workspace, "--type",
                    "webhook", "--name", "Orders hook", "--metadata", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}",
                    "--json")).out()).path("connection");
            String hook = connection.path("id").asString();
            assertThat(ok(cli.run("connections", "list", "--workspace", workspace)).out())
                    .containsPattern(hook + " +" + workspace + " +webhook +Orders hook +true");
            assertThat(ok(cli.run("connections", "get", hook)).out()).containsPattern("(?m)^type +webhook$");

            Path metadata = home.resolve("rule.json");
            Files.writeString(metadata, "{\"note\":\"from a file\"}");
            var rule = ok(cli.run("rules", "create", "--workspace", workspace, "--connection", hook, "--event", "order.placed",
                    "--action", "send_webhook", "--resource", "orders", "--resource-id", "o-1", "--metadata", "@" + metadata));
            String ruleId = rule.out().lines().filter(line -> line.startsWith("id ")).findFirst().orElseThrow().split(" +")[1];
            assertThat(ok(cli.run("rules", "list", "--event", "order.placed")).out())
                    .containsPattern(ruleId + " +" + workspace + " +order.placed +" + hook + " +send_webhook +orders +o-1");
            JsonNode read = Json.MAPPER.readTree(ok(cli.run("rules", "get", ruleId, "--json")).out());
            assertThat(read.path("metadata").path("note").asString()).as("metadata read from @file").isEqualTo("from a file");

            var inUse = cli.run("connections", "delete", hook);
            assertThat(inUse.exit()).as("deleting a connection active rules use: %s", inUse).isEqualTo(Exit.REFUSED);
            ok(cli.run("rules", "delete", ruleId));
            ok(cli.run("connections", "delete", hook, "--json"));
            assertThat(ok(cli.run("connections", "list", "--workspace", workspace, "--json")).out()).doesNotContain(hook);
        }
    }

    @Test
    void aNewKeysSecretIsPrintedOnceWithAWarningAndTheKeyIsListedAndRevoked() {
        String workspace = server.newWorkspace(tenant, "Keyed").toString();

        var created = ok(cli.run("keys", "create", "--name", "Reader", "--scope", "events:read", "--scope", "workspaces:read",
                "--workspace", workspace, "--json"));

        JsonNode key = Json.MAPPER.readTree(created.out()).path("key");
        assertThat(key.path("secret_key").asString()).as("the secret, once: %s", created).isNotBlank();
        assertThat(created.err()).contains("warning: the secret key is shown only now and never again");
        String id = key.path("id").asString();
        assertThat(ok(cli.run("keys", "list")).out()).containsPattern(id + " +Reader +" + key.path("access_key").asString()
                + " +events:read,workspaces:read +" + workspace + " +active");
        assertThat(ok(cli.run("keys", "get", id)).out()).doesNotContain(key.path("secret_key").asString());
        ok(cli.run("keys", "delete", id));
        assertThat(Json.MAPPER.readTree(ok(cli.run("keys", "get", id, "--json")).out()).path("status").asString())
                .isEqualTo("revoked");
    }

    @Test
    void aSentEventIsFollowedByTailUntilDeliveredThenReadWithItsAttemptsAndRetried() {
        String workspace = server.newWorkspace(tenant, "Shop events").toString();
        try (Receiver receiver = Receiver.start()) {
            String hook = Json.MAPPER.readTree(ok(cli.run("connections", "create", "--workspace", workspace, "--type", "webhook",
                    "--name", "Hook", "--metadata", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}", "--json"))
                    .out()).path("connection").path("id").asString();
            String rule = Json.MAPPER.readTree(ok(cli.run("rules", "create", "--workspace", workspace, "--connection", hook,
                    "--event", "order.placed", "--action", "send_webhook", "--json")).out()).path("rule").path("id").asString();

            var sent = ok(cli.run("send", "order.placed", "--payload", "{\"order\":42}", "--workspace", workspace,
                    "--resource", "orders", "--resource-id", "o-42", "--json"));
            String event = Json.MAPPER.readTree(sent.out()).path("event").path("id").asString();

            var tail = ok(cli.run("events", "tail", "--workspace", workspace, "--until-delivered", "1", "--for", "30s",
                    "--interval", "200ms"));
            assertThat(tail.out()).as("the tail").containsPattern(event + " +order.placed +.*completed \\(1/1 delivered\\)")
                    .as("the rule's delivery under it").containsPattern("\n    rule " + rule + " +webhook +completed, attempt 1\n");

            assertThat(ok(cli.run("events", "list", "--workspace", workspace, "--status", "completed")).out())
                    .containsPattern(event + " +order.placed +completed +1 +1 +0 +orders +o-42");
            var read = ok(cli.run("events", "get", event));
            assertThat(read.out()).contains("Deliveries:").containsPattern(rule + " +" + hook + " +webhook +completed +1")
                    .contains("Attempts:").containsPattern(rule + " +1 +\\S+ +200 ");
            JsonNode readJson = Json.MAPPER.readTree(ok(cli.run("events", "get", event, "--json")).out());
            assertThat(readJson.path("rule_events").get(0).path("attempts").get(0).path("status_code").asInt())
                    .as("the attempts of each rule event: %s", readJson).isEqualTo(200);

            var retried = cli.run("retry", event, rule);
            assertThat(retried.exit()).as("retrying a delivered one: %s", retried).isEqualTo(Exit.REFUSED);
            assertThat(retried.err()).contains("HTTP 409, correlation id ");
        }
    }

    @Test
    void aFailedDeliveryIsRetriedByHandAndThenDelivered() {
        String workspace = server.newWorkspace(tenant, "Retried").toString();
        try (Receiver receiver = Receiver.start().then(400)) {
            String hook = Json.MAPPER.readTree(ok(cli.run("connections", "create", "--workspace", workspace, "--type", "webhook",
                    "--name", "Refusing", "--metadata", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}", "--json"))
                    .out()).path("connection").path("id").asString();
            String rule = Json.MAPPER.readTree(ok(cli.run("rules", "create", "--workspace", workspace, "--connection", hook,
                    "--event", "order.paid", "--action", "send_webhook", "--json")).out()).path("rule").path("id").asString();
            String event = Json.MAPPER.readTree(ok(cli.run("send", "order.paid", "--payload", "{}", "--workspace", workspace,
                    "--json")).out()).path("event").path("id").asString();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ok(cli.run("events", "list",
                    "--workspace", workspace, "--status", "failed")).out()).as("a 400 fails at once").contains(event));

            var retried = ok(cli.run("retry", event, rule, "--json"));

            assertThat(Json.MAPPER.readTree(retried.out()).path("rule").asString()).as("the rule event: %s", retried)
                    .isEqualTo(rule);
            assertThat(ok(cli.run("events", "tail", "--workspace", workspace, "--until-delivered", "1", "--for", "20s",
                    "--interval", "200ms", "--json")).out()).as("the tail's lines, the API's event records")
                    .contains("\"id\":\"" + event + "\"").contains("\"status\":\"completed\"");
        }
    }

    @Test
    void tailForADurationEndsWithoutWaitingForDeliveriesAndFailsWhenItWaitedInVain() {
        String workspace = server.newWorkspace(tenant, "Quiet").toString();

        assertThat(ok(cli.run("events", "tail", "--workspace", workspace, "--for", "300ms", "--interval", "100ms")).out()).isEmpty();
        var waited = cli.run("events", "tail", "--workspace", workspace, "--until-delivered", "1", "--for", "300ms");
        assertThat(waited.exit()).as("%s", waited).isEqualTo(Exit.REFUSED);
        assertThat(waited.err()).contains("0 of the 1 delivered events waited for were seen within");
    }

    @Test
    void sendWithAPublishableKeyNeedsNoMachineKey() {
        String workspace = server.newWorkspace(tenant, "Public").toString();
        String publishable = Json.MAPPER.readTree(ok(cli.run("workspaces", "get", workspace, "--json")).out())
                .path("publishable_key").path("public_key").asString();
        Cli anonymous = Cli.with(Map.of("MESHES_API_URL", url(), "MESHES_CONFIG", home.resolve("absent.json").toString()));

        var sent = ok(anonymous.run("send", "user.signup", "--payload", "{\"email\":\"ada@example.com\"}",
                "--publishable-key", publishable, "--json"));

        assertThat(Json.MAPPER.readTree(sent.out()).path("event").path("workspace").asString()).isEqualTo(workspace);
        var withoutWorkspace = cli.run("send", "user.signup", "--payload", "{}");
        assertThat(withoutWorkspace.exit()).as("%s", withoutWorkspace).isEqualTo(Exit.USAGE);
        var notAnObject = cli.run("send", "user.signup", "--payload", "[1]", "--workspace", workspace);
        assertThat(notAnObject.exit()).as("%s", notAnObject).isEqualTo(Exit.USAGE);
    }

    @Test
    void withoutCredentialsACommandExitsFourAMisuseTwoAndAnUnreachableServerThree() {
        var notLoggedIn = Cli.with(Map.of("MESHES_CONFIG", home.resolve("absent.json").toString())).run("workspaces", "list");
        assertThat(notLoggedIn.exit()).as("%s", notLoggedIn).isEqualTo(Exit.NOT_LOGGED_IN);
        assertThat(notLoggedIn.err()).startsWith("error: not logged in: run `meshes login`");
        assertThat(Cli.with(Map.of("MESHES_CONFIG", home.resolve("absent.json").toString())).run("token").exit())
                .isEqualTo(Exit.NOT_LOGGED_IN);

        var filterWithoutWorkspace = cli.run("events", "list", "--status", "failed");
        assertThat(filterWithoutWorkspace.exit()).as("%s", filterWithoutWorkspace).isEqualTo(Exit.USAGE);
        assertThat(cli.run("token", "--ttl", "61").err()).contains("a machine token lives 1 to 60 seconds");

        var unreachable = cli.run("workspaces", "list", "--url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).as("%s", unreachable).isEqualTo(Exit.UNREACHABLE);
        assertThat(unreachable.err()).startsWith("error: cannot reach http://127.0.0.1:1: ");
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    static Cli.Run ok(Cli.Run run) {
        assertThat(run.exit()).as("exit status of:%n%s", run).isZero();
        return run;
    }
}
