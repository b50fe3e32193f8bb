package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One recorded attempt of a delivery: what was sent (secrets redacted) and what came back. */
public record Attempt(UUID id, UUID deliveryId, UUID organizationId, UUID eventId, UUID ruleId, int number,
                      String outcome, Integer statusCode, long durationMillis, String message,
                      String responseBody, Map<String, String> requestHeaders, Instant startedAt) {}
