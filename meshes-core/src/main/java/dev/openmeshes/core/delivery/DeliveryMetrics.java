package dev.openmeshes.core.delivery;

import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.model.DeliveryStatus;
import java.time.Duration;

/** What the delivery engine reports as it works; the server turns it into Prometheus metrics. */
public interface DeliveryMetrics {

    DeliveryMetrics NONE = new DeliveryMetrics() {
        public void ingested(int events) { }
        public void attempted(String type, DeliveryResult result, Duration took) { }
        public void finished(String type, DeliveryStatus status) { }
    };

    /** Events committed by ingestion. */
    void ingested(int events);

    /** One attempt of a delivery to a connection of this type, and how long it took. */
    void attempted(String type, DeliveryResult result, Duration took);

    /** A delivery reached a final status: completed, failed after its last attempt, or canceled by a user. */
    void finished(String type, DeliveryStatus status);
}
