package dev.openmeshes.connectors.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delay seconds or an HTTP-date (RFC 9110 §10.2.3). */
public final class RetryAfter {

    private RetryAfter() {}

    /** The delay it asks for (zero for a date already past), or null when absent or unreadable. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return delay.isNegative() ? Duration.ZERO : delay;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The wait until a rate-limit window resets, from a header that gives the reset as unix seconds
     * ({@code X-RateLimit-Reset} of SendGrid and Intercom): zero for a time already past, null when
     * absent or unreadable.
     */
    public static Duration untilResetTime(String unixSeconds, Instant now) {
        if (unixSeconds == null || unixSeconds.isBlank()) {
            return null;
        }
        try {
            Duration wait = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(unixSeconds.strip())));
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (NumberFormatException | java.time.DateTimeException unreadable) {
            return null;
        }
    }
}
