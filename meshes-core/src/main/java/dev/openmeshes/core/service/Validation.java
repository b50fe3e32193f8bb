package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every field error of one request, so a client sees them all in one answer. */
public final class Validation {

    private final List<FieldError> errors = new ArrayList<>();

    public Validation text(String field, String value, int min, int max, Pattern pattern, String patternHint) {
        if (value == null) {
            if (min > 0) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (value.length() < min || value.length() > max) {
            errors.add(new FieldError(field, "must be " + min + " to " + max + " characters"));
        } else if (pattern != null && !pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, patternHint));
        }
        return this;
    }

    public Validation check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public void orThrow() {
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }
}
