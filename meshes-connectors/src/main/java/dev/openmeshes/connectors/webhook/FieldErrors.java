package dev.openmeshes.connectors.webhook;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Collects every field error of one metadata object, so a client sees them all in one answer. */
final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }
}
