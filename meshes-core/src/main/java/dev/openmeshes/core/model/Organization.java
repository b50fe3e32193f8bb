package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant: everything else belongs to exactly one organization. A deleted one stays as a
 * tombstone (its id, no name, no data), so its id is never given out again.
 */
public record Organization(UUID id, String name, Status status, Instant createdAt, Instant updatedAt) {

    /**
     * The reserved organization of the platform's operator keys. It holds no customer data: its keys
     * exist only to manage organizations and act inside them (see {@code platform:admin}).
     */
    public static final UUID OPERATORS = new UUID(0, 0);

    public enum Status {
        ACTIVE,
        /** Every credential refused, deliveries held until it is resumed. */
        SUSPENDED,
        /** Its data is being purged; nothing reaches it any more. */
        DELETING,
        DELETED;

        public String code() {
            return name().toLowerCase();
        }
    }

    /** A new, active organization. */
    public Organization(UUID id, String name, Instant createdAt, Instant updatedAt) {
        this(id, name, Status.ACTIVE, createdAt, updatedAt);
    }

    public boolean isOperators() {
        return OPERATORS.equals(id);
    }

    public Organization renamed(String newName, Instant now) {
        return new Organization(id, newName, status, createdAt, now);
    }

    public Organization withStatus(Status newStatus, Instant now) {
        return new Organization(id, newStatus == Status.DELETED ? "" : name, newStatus, createdAt, now);
    }
}
