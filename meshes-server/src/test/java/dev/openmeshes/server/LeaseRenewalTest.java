package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A lease says "this node is alive and has it", not "this attempt is quick": a delivery that takes
 * longer than the lease is renewed, never taken over and sent a second time by the same or
 * another node.
 */
class LeaseRenewalTest {

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aDeliverySlowerThanItsLeaseIsAttemptedOnce(TestDatabases.Kind kind) {
        try (var server = TestServer.start(kind, tempDir, Map.of("MESHES_DELIVERY_LEASE_SECONDS", "1"));
             var receiver = Receiver.start().slow(Duration.ofMillis(2_500))) {
            var scenario = new Scenario(server, "Slow Co");
            scenario.webhookFor("report.ready", receiver.url());

            UUID event = scenario.emitOk("report.ready", "{\"pages\":300}");

            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> scenario.event(event).path("status").asString().equals("completed"));
            assertThat(receiver.requests()).hasSize(1);
            assertThat(scenario.event(event).path("completed_count").asInt()).isEqualTo(1);
        }
    }
}
