package dev.openmeshes.sdk;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An event of the history: its status and counts; {@code ruleEvents} (one per delivery) only when
 * read one by one, {@code payload} only from {@link Events#payload}.
 */
public record Event(String id, String type, String workspace, String event, String resource, String resourceId,
                    String status, Integer totalRules, Integer completedCount, Integer failedCount, Instant startedAt,
                    Instant completedAt, String createdBy, Instant createdAt, List<RuleEvent> ruleEvents,
                    JsonNode payload) {}
