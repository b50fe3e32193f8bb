package dev.openmeshes.sdk;

import java.time.Instant;

/** One delivery of an event by one rule; {@code held} while it waits for its connection to be fixed. */
public record RuleEvent(String id, String type, String workspace, String event, String eventId, String resource,
                        String resourceId, String connection, String rule, String integrationType, String status,
                        int attemptCount, Instant startedAt, Instant completedAt, Instant nextAttemptAt, Boolean held,
                        String lastError, String createdBy, Instant createdAt) {}
