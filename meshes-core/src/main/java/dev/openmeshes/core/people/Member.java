package dev.openmeshes.core.people;

import java.time.Instant;
import java.util.UUID;

/** A membership as the organization's people list shows it. */
public record Member(UUID userId, String email, Role role, Instant joinedAt) {}
