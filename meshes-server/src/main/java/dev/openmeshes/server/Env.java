package dev.openmeshes.server;

import dev.openmeshes.core.delivery.RetrySchedule;
import dev.openmeshes.core.people.SignupPolicy;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of environment settings. An unset (or blank) variable takes its default; a bad value
 * is an {@link InvalidSetting} naming the variable, the value and what is accepted.
 */
record Env(Map<String, String> values) {

    /** The trimmed value, or null when unset or blank. */
    String text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    long integer(String name, long defaultValue, long min, long max) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, as is a number out of range
        }
        throw new InvalidSetting(name, value, "a whole number from " + min + " to " + max);
    }

    boolean onOff(String name, boolean defaultValue) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new InvalidSetting(name, value, "on or off");
        };
    }

    /** {@code open}, {@code invite} or {@code off}; null when unset (the server decides by whether a user exists). */
    SignupPolicy signupPolicy(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "open" -> SignupPolicy.OPEN;
            case "invite" -> SignupPolicy.INVITE;
            case "off" -> SignupPolicy.OFF;
            default -> throw new InvalidSetting(name, value, "open, invite or off");
        };
    }

    RetrySchedule retrySchedule(String name, RetrySchedule defaultValue) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return RetrySchedule.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(name, value, "delays such as 0s,5s,5m (a number with ms, s, m or h each)");
        }
    }
}
