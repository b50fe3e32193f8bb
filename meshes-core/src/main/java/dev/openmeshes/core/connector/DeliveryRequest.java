package dev.openmeshes.core.connector;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One attempt to deliver one event through one rule's connection.
 *
 * @param deliveryId  stable across every attempt of this delivery: receivers deduplicate on it
 * @param payloadJson the event payload exactly as ingested (a JSON object)
 * @param attempt     1 for the first attempt
 * @param ruleMetadata the rule's metadata; {@code action} names the connector action
 */
public record DeliveryRequest(UUID deliveryId, UUID eventId, UUID ruleId, String event, String resource,
                              String resourceId, String payloadJson, Instant eventCreatedAt, int attempt,
                              Map<String, String> ruleMetadata, ConnectionConfig connection) {}
