package dev.openmeshes.core.mapping;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A dotted selector into an event payload: {@code email}, {@code user.email}, {@code items.0.sku}. */
final class PayloadPath {

    static final int MAX_LENGTH = 128;
    private static final Pattern SYNTAX = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z0-9_]+)*");

    private PayloadPath() {}

    /** Checked for length first: the pattern's repetition recurses per segment on long input. */
    static boolean isValid(String path) {
        return !path.isEmpty() && path.length() <= MAX_LENGTH && SYNTAX.matcher(path).matches();
    }

    /**
     * The value at a valid path, or null when any step is missing. A step into an array is its
     * index ({@code items.0}); a step into anything that is neither object nor array finds nothing.
     */
    static Object resolve(Map<String, ?> payload, String path) {
        Object node = payload;
        for (String step : path.split("\\.")) {
            node = switch (node) {
                case Map<?, ?> object -> object.get(step);
                case List<?> array -> element(array, step);
                case null, default -> null;
            };
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static Object element(List<?> array, String step) {
        if (step.length() > 9 || !step.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int index = Integer.parseInt(step);
        return index < array.size() ? array.get(index) : null;
    }
}
