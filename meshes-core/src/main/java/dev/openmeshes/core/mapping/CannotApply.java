package dev.openmeshes.core.mapping;

/** A transform that cannot apply to the value it got; the message is the reason, for warnings. */
final class CannotApply extends RuntimeException {

    CannotApply(String reason) {
        super(reason, null, false, false); // an expected outcome: no stack trace
    }

    /** How a value is named in a reason: its kind, and a short quote of a string. */
    static String describe(Object value) {
        return switch (value) {
            case String s -> s.length() <= 32 ? "\"" + s + "\"" : "\"" + s.substring(0, 32) + "…\"";
            case Number n -> "the number " + Numbers.text(n);
            case Boolean b -> "the boolean " + b;
            case java.util.Map<?, ?> _ -> "an object";
            case java.util.List<?> _ -> "an array";
            case null -> "null";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
