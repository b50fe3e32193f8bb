package dev.openmeshes.core.model;

/**
 * Status of a delivery (a "rule event") and, derived from its deliveries, of an event: waiting
 * (first attempt or a scheduled retry), being attempted, delivered, given up after the last
 * attempt, or canceled by a user (both kept, and retryable by hand).
 */
public enum DeliveryStatus {
    PENDING, PROCESSING, COMPLETED, FAILED, CANCELED;

    private final String code = name().toLowerCase(java.util.Locale.ROOT); // written for every row: made once

    public String code() {
        return code;
    }

    public static DeliveryStatus of(String code) {
        return valueOf(code.toUpperCase());
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }
}
