package dev.openmeshes.connectors.webhook;

import dev.openmeshes.connectors.webhook.WebhookSettings.PayloadFormat;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.HttpCall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** Turns one delivery attempt and its connection's settings into the request to send. */
final class WebhookRequestFactory {

    static final String USER_AGENT = "OpenMeshes/0.1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    HttpCall build(WebhookSettings settings, DeliveryRequest request, Instant sentAt) {
        byte[] body = settings.payloadFormat() == PayloadFormat.WRAPPED ? wrappedBody(request, sentAt) : rawBody(request);

        OutgoingHeaders headers = new OutgoingHeaders()
                .add("Content-Type", "application/json")
                .add("User-Agent", USER_AGENT)
                .add("X-Meshes-Delivery-Id", request.deliveryId().toString())
                .add("X-Meshes-Attempt", Integer.toString(request.attempt()));
        if (settings.payloadFormat() == PayloadFormat.RAW) {
            addEnvelopeHeaders(headers, request, sentAt);
        }
        settings.auth().addTo(headers);
        settings.headers().forEach(headers::add);
        if (settings.signing() != null) {
            settings.signing().addTo(headers, request.deliveryId(), sentAt, body);
        }
        return headers.call(settings.method().name(), settings.url(), body);
    }

    /** The event envelope, with the payload embedded byte for byte as it was ingested. */
    private static byte[] wrappedBody(DeliveryRequest request, Instant sentAt) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("uuid", request.eventId() == null ? null : request.eventId().toString());
        envelope.put("event", request.event());
        envelope.put("resource", request.resource());
        envelope.put("resource_id", request.resourceId());
        if (request.payloadJson() == null) {
            envelope.putNull("payload");
        } else {
            envelope.putRawValue("payload", new RawValue(request.payloadJson()));
        }
        if (request.eventCreatedAt() == null) {
            envelope.putNull("time_created");
        } else {
            envelope.put("time_created", request.eventCreatedAt().toEpochMilli());
        }
        envelope.put("time_sent", sentAt.toEpochMilli());
        return JSON.writeValueAsBytes(envelope);
    }

    private static byte[] rawBody(DeliveryRequest request) {
        return (request.payloadJson() == null ? "null" : request.payloadJson()).getBytes(StandardCharsets.UTF_8);
    }

    /** In raw mode the envelope travels in headers, so receivers still get ids and times. */
    private static void addEnvelopeHeaders(OutgoingHeaders headers, DeliveryRequest request, Instant sentAt) {
        if (request.eventId() != null) {
            headers.add("X-Meshes-Event-Id", request.eventId().toString());
        }
        addIfPresent(headers, "X-Meshes-Event", request.event());
        addIfPresent(headers, "X-Meshes-Resource", request.resource());
        addIfPresent(headers, "X-Meshes-Resource-Id", request.resourceId());
        if (request.eventCreatedAt() != null) {
            headers.add("X-Meshes-Time-Created", Long.toString(request.eventCreatedAt().toEpochMilli()));
        }
        headers.add("X-Meshes-Time-Sent", Long.toString(sentAt.toEpochMilli()));
    }

    private static void addIfPresent(OutgoingHeaders headers, String name, String value) {
        // Event names and resource ids come from API clients: never let them break the header block.
        if (value != null && HeaderRules.isSafeValue(value)) {
            headers.add(name, value);
        }
    }
}
