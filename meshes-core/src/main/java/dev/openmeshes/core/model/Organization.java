package dev.openmeshes.core.model;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant: everything else belongs to exactly one organization. A deleted one stays as a
 * tombstone (its id, no name, no data), so its id is never given out again.
 */
public record Organization(UUID id, String name, Status status, Limits limits, Instant createdAt, Instant updatedAt) {

    /**
     * The reserved organization of the platform's operator keys. Operator keys are ordinary machine
     * keys stored here rather than in a table of their own, so every key lookup keeps checking
     * membership as it does for customers (a customer's admin can never list, rotate or revoke them)
     * and no customer organization can ever own one. In an operator key's token, {@code org} names
     * whom it acts as: this id for the platform endpoints, any customer's id to act inside it.
     * It holds no customer data and is never listed with the customers.
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

    /**
     * What the platform admin allows it: events accepted per calendar month (UTC) and events per
     * second over all its ingestion; null leaves either to the default (unlimited, the server's).
     */
    public record Limits(Long monthlyEventQuota, Integer ingestRateLimit) {
        public static final Limits NONE = new Limits(null, null);
    }

    /** A new, active organization without limits of its own. */
    public Organization(UUID id, String name, Instant createdAt, Instant updatedAt) {
        this(id, name, Status.ACTIVE, Limits.NONE, createdAt, updatedAt);
    }

    public boolean isOperators() {
        return OPERATORS.equals(id);
    }

    public Organization renamed(String newName, Instant now) {
        return new Organization(id, newName, status, limits, createdAt, now);
    }

    public Organization limitedTo(Limits newLimits, Instant now) {
        return new Organization(id, name, status, newLimits, createdAt, now);
    }

    public Organization withStatus(Status newStatus, Instant now) {
        boolean deleted = newStatus == Status.DELETED;
        return new Organization(id, deleted ? "" : name, newStatus, deleted ? Limits.NONE : limits, createdAt, now);
    }
}
