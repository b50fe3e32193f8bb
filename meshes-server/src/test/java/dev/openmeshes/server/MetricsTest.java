package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Operators scrape Prometheus metrics of ingestion and delivery at /metrics. */
class MetricsTest extends OnSqlite {

    @Test
    void ingestionAndDeliveriesAreCounted() {
        try (Receiver receiver = Receiver.start()) {
            var scenario = new Scenario(server, "Metrics Co");
            scenario.webhookFor("user.signup", receiver.url());
            scenario.emitOk("user.signup", "{\"email\":\"m@example.com\"}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String metrics = server.http().get("/metrics", null).text();
                assertThat(metrics).contains("meshes_events_ingested_total");
                assertThat(metrics).containsPattern("meshes_deliveries_delivered_total\\{type=\"webhook\"} [1-9]");
                assertThat(metrics).contains("meshes_delivery_attempt_seconds_bucket{outcome=\"delivered\",type=\"webhook\"");
                assertThat(metrics).contains("meshes_deliveries_queue_depth");
            });
        }
    }
}
