package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API-only nodes ({@code MESHES_WORKER=off}) accept events into the shared PostgreSQL outbox and
 * leave delivery to worker nodes, which pick up what was waiting and are woken for what comes next.
 */
class NodeRolesTest {

    @TempDir
    Path tempDir;

    @Test
    void anApiOnlyNodeAcceptsEventsThatAWorkerNodeDelivers() {
        try (var api = TestServer.start(TestDatabases.Kind.POSTGRESQL, tempDir.resolve("api"), Map.of("MESHES_WORKER", "off"));
             var receiver = Receiver.start()) {
            var scenario = new Scenario(api, "Split Co");
            scenario.webhookFor("order.created", receiver.url());

            UUID waiting = scenario.emitOk("order.created", "{\"order\":1}");
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.requests().isEmpty());
            assertThat(scenario.event(waiting).path("status").asString()).isEqualTo("pending");

            try (var worker = TestServer.beside(api, tempDir.resolve("worker"), Map.of("MESHES_WORKER", "on"))) {
                awaitCompleted(scenario, waiting);
                UUID next = scenario.emitOk("order.created", "{\"order\":2}");
                awaitCompleted(scenario, next);
                assertThat(receiver.requests()).hasSize(2);
            }
        }
    }

    @Test
    void workerSettingMustBeOnOrOff() {
        assertThatThrownBy(() -> ServerSettings.from("127.0.0.1", 0, tempDir, Map.of("MESHES_WORKER", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MESHES_WORKER must be on or off");
    }

    private static void awaitCompleted(Scenario scenario, UUID event) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> scenario.event(event).path("status").asString().equals("completed"));
    }
}
