package dev.openmeshes.connectors.webhook;

import dev.openmeshes.connectors.http.HttpOptions;
import dev.openmeshes.connectors.http.PooledHttp;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Fixtures: connectors for a test receiver, connections and delivery requests. */
final class Webhooks {

    static final Instant EVENT_CREATED = Instant.parse("2025-01-02T03:04:05.678Z");
    static final String PAYLOAD = "{\"email\":\"ada@example.com\",\"plan\":\"pro\",\"seats\":3}";

    private Webhooks() {}

    /** Default options with the loopback test receivers allow-listed. */
    static WebhookOptions loopbackOptions() {
        return WebhookOptions.defaults().withAllowList(AllowList.of("127.0.0.1"))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    static WebhookConnector loopbackConnector() {
        return new WebhookConnector(loopbackOptions());
    }

    /** Metadata with a URL and any further keys, given as key, value pairs. */
    static Map<String, Object> metadata(String url, Object... keyValues) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("url", url);
        for (int i = 0; i < keyValues.length; i += 2) {
            metadata.put((String) keyValues[i], keyValues[i + 1]);
        }
        return metadata;
    }

    /** The webhook connector sends through its own guarded client; the context's shared one is not used. */
    private static final PooledHttp UNUSED_SHARED_HTTP = new PooledHttp(HttpOptions.vendorDefaults(), Clock.systemUTC());

    /** A delivery attempt: the connection's context and the request. */
    record Call(ConnectorContext context, DeliveryRequest request) {}

    static ConnectorContext connection(Map<String, Object> metadata) {
        var config = new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "webhook",
                "test hook", metadata);
        return new ConnectorContext(config, AccessToken.Source.NONE, UNUSED_SHARED_HTTP, Clock.systemUTC(),
                ConnectorSettings.defaults("webhook"));
    }

    static Call request(ConnectorContext connection) {
        return request(connection, UUID.randomUUID(), 1);
    }

    static Call request(ConnectorContext connection, UUID deliveryId, int attempt) {
        return new Call(connection, new DeliveryRequest(deliveryId, UUID.randomUUID(), UUID.randomUUID(),
                "contact.created", "contact", "c_42", PAYLOAD, Map.of(), EVENT_CREATED, attempt, "send_webhook",
                Map.of("action", "send_webhook"), Map.of()));
    }

    static DeliveryResult send(WebhookConnector connector, Call call) {
        return connector.deliver(call.context(), call.request());
    }
}
