package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

/**
 * The delivery of one event through one rule (a "rule event" in the Meshes reference), written in
 * the same transaction as its event. Its id is stable across attempts, for receivers to deduplicate.
 *
 * @param maxAttempts attempts allowed before it fails: the retry schedule's length, or one more
 *                    than made so far after a manual retry
 * @param nextAttemptAt when a pending delivery is due
 */
public record Delivery(UUID id, UUID organizationId, UUID workspaceId, UUID eventId, UUID ruleId,
                       UUID connectionId, String integrationType, String event, String resource,
                       String resourceId, DeliveryStatus status, int attemptCount, int maxAttempts,
                       Instant nextAttemptAt, String lastError, Instant startedAt, Instant completedAt,
                       String createdBy, Instant createdAt) {}
