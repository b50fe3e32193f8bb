package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.openmeshes.sdk.Attempt;
import dev.openmeshes.sdk.BulkResult;
import dev.openmeshes.sdk.Connection;
import dev.openmeshes.sdk.ConnectionUpdate;
import dev.openmeshes.sdk.CreatedEvent;
import dev.openmeshes.sdk.CreatedSession;
import dev.openmeshes.sdk.DefaultMapping;
import dev.openmeshes.sdk.Event;
import dev.openmeshes.sdk.EventFilter;
import dev.openmeshes.sdk.IssuedKey;
import dev.openmeshes.sdk.MachineCredentials;
import dev.openmeshes.sdk.MappingUpdate;
import dev.openmeshes.sdk.MeshesApiException;
import dev.openmeshes.sdk.MeshesClient;
import dev.openmeshes.sdk.MeshesEventsClient;
import dev.openmeshes.sdk.MeshesNotFoundException;
import dev.openmeshes.sdk.NewConnection;
import dev.openmeshes.sdk.NewEvent;
import dev.openmeshes.sdk.NewKey;
import dev.openmeshes.sdk.NewRule;
import dev.openmeshes.sdk.NewSession;
import dev.openmeshes.sdk.NewWorkspace;
import dev.openmeshes.sdk.Page;
import dev.openmeshes.sdk.PageRequest;
import dev.openmeshes.sdk.Rule;
import dev.openmeshes.sdk.RuleFilter;
import dev.openmeshes.sdk.SessionFilter;
import dev.openmeshes.sdk.WebhookVerifier;
import dev.openmeshes.sdk.Workspace;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Java SDK against a real server, on SQLite and PostgreSQL: every resource it covers, read and changed through it. */
class SdkLiveServerTest extends OnBothStores {

    Tenant tenant;
    MeshesClient meshes;

    @BeforeEach
    void tenant() {
        tenant = server.newTenant("SDK " + UUID.randomUUID().toString().substring(0, 8));
        meshes = client(new MachineCredentials(tenant.organizationId().toString(), tenant.accessKey(), tenant.secretKey()));
    }

    @Test
    void workspacesAreCreatedReadListedRenamedAndTheirKeysRotated() {
        Workspace created = meshes.workspaces().create(new NewWorkspace("Shop", "the shop", null));
        Workspace read = meshes.workspaces().get(created.id());

        assertThat(read.name()).isEqualTo("Shop");
        assertThat(read.publishableKey().publicKey()).as("a workspace read one by one").startsWith("mesh_pub_");
        assertThat(meshes.workspaces().all().stream().map(Workspace::id)).contains(created.id());
        assertThat(meshes.workspaces().rename(created.id(), "Shop two").description()).as("kept by a rename")
                .isEqualTo("the shop");
        assertThat(meshes.workspaces().update(created.id(), "Shop two", null).description()).as("cleared").isNull();

        String before = meshes.workspaces().publishableKey(created.id()).publicKey();
        var rotated = meshes.workspaces().rotatePublishableKey(created.id(), 60);
        assertThat(rotated.publicKey()).isNotEqualTo(before);
        assertThat(rotated.previousPublicKey()).as("the old key during its grace").isEqualTo(before);

        assertThatThrownBy(() -> meshes.workspaces().create(NewWorkspace.named("Shop two")))
                .isInstanceOfSatisfying(MeshesApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.error()).isEqualTo("workspace_name_conflict");
                    assertThat(e.correlationId()).as("correlation id of %s", e).isNotBlank();
                });
        assertThatThrownBy(() -> meshes.workspaces().get(UUID.randomUUID().toString()))
                .isInstanceOf(MeshesNotFoundException.class);
    }

    @Test
    void connectionsRulesAndMappingsAreManagedAndDeletedWithTheirRules() {
        String workspace = meshes.workspaces().create(NewWorkspace.named("Routing")).id();
        try (Receiver receiver = Receiver.start()) {
            Connection hook = meshes.connections().create(NewConnection.of(workspace, "webhook", "Orders hook",
                    Map.of("url", receiver.url(), "skip_url_test", true)));

            assertThat(meshes.connections().get(hook.id()).type()).isEqualTo("webhook");
            assertThat(meshes.connections().all().stream().map(Connection::id)).contains(hook.id());
            assertThat(meshes.connections().allInWorkspace(workspace).stream().map(Connection::id)).containsExactly(hook.id());
            Connection renamed = meshes.connections().update(hook.id(),
                    new ConnectionUpdate("Orders hook 2", hook.metadata(), null));
            assertThat(renamed.name()).isEqualTo("Orders hook 2");
            assertThat(meshes.connections().fields(hook.id(), false).connectionId()).isEqualTo(hook.id());
            assertThat(meshes.connections().actions(hook.id()).isObject()).as("live action data").isTrue();

            DefaultMapping mapping = meshes.mappings().get(hook.id());
            DefaultMapping saved = meshes.mappings().save(hook.id(), MappingUpdate.of(mapping.mapping().schema()));
            assertThat(saved.status()).isEqualTo("stored");
            assertThat(meshes.mappings().get(hook.id()).mapping().version()).isEqualTo(saved.mapping().version());

            Rule rule = meshes.rules().create(NewRule.of(workspace, hook.id(), "order.placed", "send_webhook", Map.of())
                    .forResource("orders", "o-1"));
            assertThat(meshes.rules().get(rule.id()).metadata()).containsEntry("action", "send_webhook");
            assertThat(meshes.rules().all(new RuleFilter("order.placed", null, null)).stream().map(Rule::id))
                    .containsExactly(rule.id());
            assertThat(meshes.rules().allInWorkspace(workspace, new RuleFilter("other.event", null, null)).stream())
                    .as("rules of another event").isEmpty();

            assertThatThrownBy(() -> meshes.connections().delete(hook.id())).as("deleting a connection in use")
                    .isInstanceOfSatisfying(MeshesApiException.class, e -> assertThat(e.status()).isEqualTo(409));
            Rule second = meshes.rules().create(NewRule.of(workspace, hook.id(), "order.paid", "send_webhook", Map.of()));
            assertThat(meshes.rules().delete(second.id()).id()).isEqualTo(second.id());
            assertThat(meshes.connections().forceDelete(hook.id()).type()).isEqualTo("webhook");
            assertThatThrownBy(() -> meshes.rules().get(rule.id())).as("the rule of a force-deleted connection")
                    .isInstanceOf(MeshesNotFoundException.class);
        }
    }

    @Test
    void eventsSentWithBothClientsAreListedPagedDeliveredSignedAndTheirAttemptsRead() throws Exception {
        Workspace workspace = meshes.workspaces().create(NewWorkspace.named("Signed"));
        String hmacSecret = "hmac-" + UUID.randomUUID();
        String whsec = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        try (Receiver hmacReceiver = Receiver.start(); Receiver standardReceiver = Receiver.start()) {
            String hmacHook = webhook(workspace.id(), hmacReceiver, Map.of("algorithm", "hmac_sha256", "secret", hmacSecret));
            String standardHook = webhook(workspace.id(), standardReceiver, Map.of("algorithm", "standard_webhooks", "secret", whsec));
            Rule hmacRule = meshes.rules().create(NewRule.of(workspace.id(), hmacHook, "order.placed", "send_webhook", Map.of()));
            meshes.rules().create(NewRule.of(workspace.id(), standardHook, "order.placed", "send_webhook", Map.of()));
            var ingest = MeshesEventsClient.builder(workspace.publishableKey().publicKey())
                    .baseUrl("http://127.0.0.1:" + server.port() + "/api/v1").build();

            CreatedEvent single = ingest.send(NewEvent.of("order.placed", Map.of("email", "ada@example.com", "n", 0))
                    .forResource("orders", "o-0"));
            BulkResult bulk = ingest.sendBulk(List.of(
                    NewEvent.of("order.placed", Map.of("email", "bob@example.com", "n", 1)),
                    NewEvent.of("x".repeat(201), Map.of("email", "long@example.com")),
                    NewEvent.of("cart.viewed", Map.of("email", "cy@example.com", "n", 2))));
            CreatedEvent byMachine = meshes.events().send(NewEvent.of("cart.viewed", Map.of("email", "di@example.com"))
                    .inWorkspace(workspace.id()));

            assertThat(bulk.accepted()).as("accepted of the bulk").hasSize(2);
            assertThat(bulk.rejected()).as("the over-long event name refused").singleElement()
                    .satisfies(r -> assertThat(r.index()).isEqualTo(1));
            assertThat(byMachine.workspace()).isEqualTo(workspace.id());

            Event delivered = await().atMost(Duration.ofSeconds(10)).until(() -> meshes.events().get(single.id()),
                    event -> "completed".equals(event.status()));
            assertThat(delivered.ruleEvents()).hasSize(2);
            assertThat(meshes.events().payload(single.id()).payload().path("email").asString()).isEqualTo("ada@example.com");

            Page<Event> firstPage = meshes.events().listInWorkspace(workspace.id(), EventFilter.ANY, PageRequest.first(2));
            assertThat(firstPage.records()).hasSize(2);
            assertThat(firstPage.hasNext()).as("a page of 2 out of 4").isTrue();
            assertThat(meshes.events().allInWorkspace(workspace.id(), EventFilter.ANY).stream().count()).isEqualTo(4);
            assertThat(meshes.events().allInWorkspace(workspace.id(), new EventFilter("cart.viewed", null, null, null))
                    .stream().map(Event::event)).containsOnly("cart.viewed").hasSize(2);
            assertThat(meshes.events().all().stream().map(Event::id)).contains(single.id(), byMachine.id());
            assertThat(meshes.workspaces().eventTypes(workspace.id())).extracting(e -> e.key())
                    .contains("order.placed", "cart.viewed");
            assertThat(meshes.workspaces().resources(workspace.id())).extracting(e -> e.key()).contains("orders");

            List<Attempt> attempts = meshes.attempts().list(single.id(), hmacRule.id());
            assertThat(attempts).singleElement().satisfies(a -> assertThat(a.outcomeCode()).isEqualTo("delivered"));
            assertThat(meshes.attempts().get(single.id(), hmacRule.id(), attempts.get(0).id()).statusCode()).isEqualTo(200);
            assertThat(meshes.attempts().responseDetails(single.id(), hmacRule.id(), attempts.get(0).id()).statusCode())
                    .isEqualTo(200);
            assertThatThrownBy(() -> meshes.events().retry(single.id(), hmacRule.id())).as("retrying a delivered one")
                    .isInstanceOfSatisfying(MeshesApiException.class, e -> assertThat(e.status()).isEqualTo(409));
            assertThatThrownBy(() -> meshes.events().cancel(single.id()))
                    .isInstanceOfSatisfying(MeshesApiException.class, e -> assertThat(e.error()).isEqualTo("delivery_finished"));

            await().atMost(Duration.ofSeconds(10)).until(() -> hmacReceiver.requests().size() >= 2
                    && standardReceiver.requests().size() >= 2);
            for (Receiver.Request request : hmacReceiver.requests()) {
                assertThat(WebhookVerifier.hmacSha256(hmacSecret).isValid(headers(request), bytes(request)))
                        .as("hex HMAC of %s", request.body()).isTrue();
                assertThat(WebhookVerifier.hmacSha256("not-the-secret").isValid(headers(request), bytes(request))).isFalse();
            }
            for (Receiver.Request request : standardReceiver.requests()) {
                assertThat(WebhookVerifier.standardWebhooks(whsec).isValid(headers(request), bytes(request)))
                        .as("Standard Webhooks signature of %s", request.body()).isTrue();
            }
        }
    }

    @Test
    void keysAreIssuedUsedRotatedAndRevoked() {
        IssuedKey issued = meshes.keys().create(NewKey.of("reader", List.of("workspaces:read")));
        assertThat(issued.toString()).as("an issued key's toString").doesNotContain(issued.secretKey());
        MeshesClient reader = client(issued.credentials());

        assertThat(reader.whoAmI().scopes()).containsExactly("workspaces:read");
        assertThat(meshes.keys().get(issued.key().id()).name()).isEqualTo("reader");
        assertThat(meshes.keys().all().stream().map(k -> k.id())).contains(issued.key().id(), tenant.keyId().toString());
        assertThatThrownBy(() -> reader.keys().all().stream().count()).as("a key without keys:read listing keys")
                .isInstanceOfSatisfying(MeshesApiException.class, e -> assertThat(e.status()).isEqualTo(403));

        IssuedKey rotated = meshes.keys().rotate(issued.key().id(), 0);
        assertThat(rotated.secretKey()).isNotEqualTo(issued.secretKey());
        assertThat(client(rotated.credentials()).whoAmI().keyId()).isEqualTo(issued.key().id());
        assertThatThrownBy(() -> client(issued.credentials()).whoAmI()).as("the old secret after a rotation without grace")
                .isInstanceOfSatisfying(MeshesApiException.class, e -> assertThat(e.error()).isEqualTo("invalid_token"));

        assertThat(meshes.keys().revoke(issued.key().id()).status()).isEqualTo("revoked");
        assertThatThrownBy(() -> client(rotated.credentials()).whoAmI()).as("a revoked key")
                .isInstanceOfSatisfying(MeshesApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void embedSessionsAreMintedListedRefreshedAndRevoked() {
        String workspace = meshes.workspaces().create(NewWorkspace.named("Embedded")).id();

        CreatedSession session = meshes.sessions().create(NewSession.forWorkspace(workspace));
        assertThat(session.launchUrl()).contains("/embed/launch?token=");
        assertThat(session.toString()).doesNotContain(session.accessToken(), session.launchToken());
        assertThat(meshes.sessions().all(SessionFilter.inWorkspace(workspace)).stream().map(s -> s.sessionId()))
                .containsExactly(session.sessionId());
        assertThat(meshes.sessions().refresh(session.sessionId()).accessToken()).isNotEqualTo(session.accessToken());

        meshes.sessions().revoke(session.sessionId());

        assertThat(meshes.sessions().all(new SessionFilter(workspace, "revoked", null, null)).stream().map(s -> s.status()))
                .containsExactly("revoked");
        assertThatThrownBy(() -> meshes.sessions().refresh(session.sessionId()))
                .isInstanceOfSatisfying(MeshesApiException.class, e -> assertThat(e.error()).isEqualTo("session_revoked"));
    }

    @Test
    void theRawRequestReachesAnyEndpointWithOrWithoutTheApiPrefix() {
        String created = meshes.request("POST", "workspaces", Map.of(), Map.of("name", "Raw one"), "raw-1")
                .path("workspace").path("id").asString();

        JsonNode listed = meshes.request("GET", "/api/v1/workspaces", Map.of("limit", "200"), null, null);

        assertThat(listed.path("records").findValuesAsString("id")).contains(created);
        assertThat(meshes.integrations().path("records").findValuesAsString("type")).contains("webhook");
    }

    private MeshesClient client(MachineCredentials credentials) {
        return MeshesClient.builder(credentials).baseUrl("http://127.0.0.1:" + server.port()).build();
    }

    private String webhook(String workspace, Receiver receiver, Map<String, Object> signing) {
        return meshes.connections().create(NewConnection.of(workspace, "webhook", "Hook " + signing.get("algorithm"),
                Map.of("url", receiver.url(), "skip_url_test", true, "signing", signing))).id();
    }

    private static Map<String, String> headers(Receiver.Request request) {
        Map<String, String> out = new HashMap<>();
        request.headers().forEach((name, values) -> out.put(name, values.getFirst()));
        return out;
    }

    private static byte[] bytes(Receiver.Request request) {
        return request.body().getBytes(StandardCharsets.UTF_8);
    }
}
