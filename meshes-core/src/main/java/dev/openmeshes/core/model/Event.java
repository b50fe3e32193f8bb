package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An ingested event and the summary of its deliveries, kept current by the worker.
 *
 * @param payloadJson the payload object exactly as received
 */
public record Event(UUID id, UUID organizationId, UUID workspaceId, String event, String resource,
                    String resourceId, String payloadJson, String createdBy, Instant createdAt,
                    DeliveryStatus status, int totalRules, int completedCount, int failedCount,
                    Instant startedAt, Instant completedAt) {}
