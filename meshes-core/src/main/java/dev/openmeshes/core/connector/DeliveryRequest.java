package dev.openmeshes.core.connector;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One attempt to deliver one event through one rule's connection.
 *
 * @param deliveryId   stable across every attempt of this delivery: receivers deduplicate on it
 * @param payloadJson  the event payload exactly as ingested (a JSON object)
 * @param payload      the same payload decoded
 * @param attempt      1 for the first attempt
 * @param action       the rule's action, one the connector declared
 * @param ruleMetadata the rule's metadata, its {@code {{…}}} templates resolved from the payload
 * @param mapped       the destination fields the connection's mapping produced from the payload
 */
public record DeliveryRequest(UUID deliveryId, UUID eventId, UUID ruleId, String event, String resource,
                              String resourceId, String payloadJson, Map<String, Object> payload,
                              Instant eventCreatedAt, int attempt, String action, Map<String, Object> ruleMetadata,
                              Map<String, Object> mapped) {

    public DeliveryRequest {
        payload = payload == null ? Map.of() : payload;
        ruleMetadata = ruleMetadata == null ? Map.of() : ruleMetadata;
        mapped = mapped == null ? Map.of() : mapped;
    }

    /** A rule-metadata value as a string, or null. */
    public String metadata(String key) {
        Object value = ruleMetadata.get(key);
        return value == null ? null : String.valueOf(value);
    }

    /** A mapped destination field as a string, else the payload's field of that name, else null. */
    public String field(String key) {
        Object value = mapped.containsKey(key) ? mapped.get(key) : payload.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
