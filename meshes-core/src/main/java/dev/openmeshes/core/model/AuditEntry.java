package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

/** One request a platform admin made: who, in which organization, what, with which outcome, when. */
public record AuditEntry(UUID id, UUID keyId, String accessKey, UUID organizationId, String method, String path,
                         int status, String correlationId, Instant at) {}
