package dev.openmeshes.core.mapping;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step that changes a mapping field's value (§5.8 {@code transforms}), one record per type.
 * Every transform but {@link Default} passes a null value through unchanged.
 */
public sealed interface Transform {

    /** The {@code type} discriminator of the JSON form, e.g. {@code to_string}. */
    String type();

    /** The canonical JSON object: the type and the parameters that are set. */
    default Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type());
        return json;
    }

    /** Strings stay, numbers and booleans become their JSON text, objects and arrays their JSON. */
    record ToString() implements Transform {
        @Override public String type() { return "to_string"; }
    }

    /** Numbers stay, numeric strings are parsed, booleans become 1 or 0. */
    record ToNumber() implements Transform {
        @Override public String type() { return "to_number"; }
    }

    /** Booleans stay; true/false/yes/no/on/off/1/0 (any case) and the numbers 1 and 0 convert. */
    record ToBoolean() implements Transform {
        @Override public String type() { return "to_boolean"; }
    }

    /**
     * A {@code yyyy-MM-dd} date: the calendar date, in {@code timezone} (UTC when null), of an ISO
     * date, an ISO date-time (zone-less ones read in {@code timezone}) or epoch milliseconds.
     */
    record ToDate(ZoneId timezone) implements Transform {
        @Override public String type() { return "to_date"; }
        @Override public Map<String, Object> toJson() { return withTimezone(Transform.super.toJson(), timezone); }
    }

    /** An ISO-8601 instant in UTC ({@code ...Z}), from the same inputs as {@link ToDate}. */
    record ToDatetime(ZoneId timezone) implements Transform {
        @Override public String type() { return "to_datetime"; }
        @Override public Map<String, Object> toJson() { return withTimezone(Transform.super.toJson(), timezone); }
    }

    /** Replaces a null (or missing) value; a string, number, boolean or null. */
    record Default(Object value) implements Transform {
        @Override public String type() { return "default"; }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> json = Transform.super.toJson();
            json.put("value", value);
            return json;
        }
    }

    /** Strips leading and trailing white space from a string. */
    record Trim() implements Transform {
        @Override public String type() { return "trim"; }
    }

    record Lower() implements Transform {
        @Override public String type() { return "lower"; }
    }

    record Upper() implements Transform {
        @Override public String type() { return "upper"; }
    }

    /**
     * Up to {@code length} characters (all when null) of a string from {@code start}, counted in
     * code points so an emoji is never cut in half; empty when the string is shorter than start.
     */
    record Substring(int start, Integer length) implements Transform {
        @Override public String type() { return "substring"; }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> json = Transform.super.toJson();
            json.put("start", start);
            if (length != null) {
                json.put("length", length);
            }
            return json;
        }
    }

    private static Map<String, Object> withTimezone(Map<String, Object> json, ZoneId timezone) {
        if (timezone != null) {
            json.put("timezone", timezone.getId());
        }
        return json;
    }
}
