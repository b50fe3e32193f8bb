package dev.openmeshes.core.mapping;

/** What a field that cannot be mapped does to the delivery (§5.8 {@code on_error}). */
public enum OnError {
    /** The field is left out, silently: the default. */
    SKIP_FIELD,
    /** The field is left out and the result carries a warning naming it. */
    WARN_ACTION,
    /** The whole mapping fails: nothing is written. */
    FAIL_ACTION;

    public String code() {
        return name().toLowerCase();
    }

    /** The value of that code, or null when it names none. */
    public static OnError ofCode(String code) {
        for (OnError value : values()) {
            if (value.code().equals(code)) {
                return value;
            }
        }
        return null;
    }
}
