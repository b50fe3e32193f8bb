package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a node is not a crash: an attempt already on the wire is allowed to finish and its
 * result is recorded before the node goes, so the next start neither loses nor repeats it.
 */
class GracefulShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void anAttemptInFlightFinishesAndIsRecordedBeforeTheNodeStops() throws Exception {
        UUID event;
        Scenario scenario;
        try (var receiver = Receiver.start().slow(Duration.ofMillis(1_500))) {
            var server = TestServer.start(dataDir);
            scenario = new Scenario(server, "Stopping Co");
            scenario.webhookFor("invoice.sent", receiver.url());
            event = scenario.emitOk("invoice.sent", "{\"invoice\":\"INV-1\"}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);

            server.close(); // while the receiver is still answering

            try (var restarted = TestServer.start(dataDir)) {
                var history = restarted.http().get("/api/v1/events/" + event, scenario.tenant.token()).json();
                assertThat(history.path("status").asString()).isEqualTo("completed");
                assertThat(history.path("completed_count").asInt()).isEqualTo(1);
                String rule = history.path("rule_events").get(0).path("rule").asString();
                var attempts = restarted.http().get("/api/v1/events/" + event + "/rules/" + rule + "/attempts",
                        scenario.tenant.token()).json();
                assertThat(attempts.path("records")).hasSize(1);
                Thread.sleep(1_000); // a restarted worker would find nothing left to send
                assertThat(receiver.requests()).hasSize(1);
            }
        }
    }
}
