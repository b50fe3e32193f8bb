package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

/** The tenant: everything else belongs to exactly one organization. */
public record Organization(UUID id, String name, Instant createdAt, Instant updatedAt) {}
