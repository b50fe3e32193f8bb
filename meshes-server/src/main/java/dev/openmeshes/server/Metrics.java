package dev.openmeshes.server;

import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.delivery.DeliveryMetrics;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of this node: events ingested, deliveries delivered and failed, attempts by
 * connection type and outcome with their latency histogram, and the retry queue depth (deliveries
 * not yet finished, across all nodes sharing the store). No tenant appears in any label.
 */
public final class Metrics implements DeliveryMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter ingested = Counter.builder("meshes.events.ingested").description("Events accepted and committed")
            .register(registry);
    private final AtomicLong unfinished = new AtomicLong();

    public Metrics() {
        Gauge.builder("meshes.deliveries.queue.depth", unfinished, AtomicLong::get)
                .description("Deliveries pending or in flight (the retry queue), refreshed every few seconds")
                .register(registry);
    }

    /** Refreshes the queue depth from the store; called by housekeeping, never on a request path. */
    public void refreshQueueDepth(Store store) {
        unfinished.set(store.deliveries().countUnfinished());
    }

    @Override
    public void ingested(int events) {
        ingested.increment(events);
    }

    @Override
    public void attempted(String type, DeliveryResult result, Duration took) {
        Timer.builder("meshes.delivery.attempt").description("Delivery attempts by connection type and outcome")
                .tag("type", type).tag("outcome", result.outcome().code())
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    @Override
    public void finished(String type, DeliveryStatus status) {
        String name = switch (status) {
            case COMPLETED -> "meshes.deliveries.delivered";
            case CANCELED -> "meshes.deliveries.canceled";
            default -> "meshes.deliveries.failed";
        };
        Counter.builder(name)
                .description("Deliveries that reached this final status").tag("type", type)
                .register(registry).increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
