package dev.openmeshes.core.mapping;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with one mapping, so a client sees it all in one 422 answer. */
final class InvalidMapping {

    /** Enough to fix a schema by; a hostile one could otherwise make an answer of thousands. */
    static final int MAX_DETAILS = 100;

    private final String message;
    private final List<FieldError> details = new ArrayList<>();
    private int count;

    InvalidMapping(String message) {
        this.message = message;
    }

    void add(String field, String problem) {
        if (count++ < MAX_DETAILS) {
            details.add(new FieldError(field, problem));
        }
    }

    int count() {
        return count;
    }

    void orThrow() {
        if (count == 0) {
            return;
        }
        List<FieldError> answer = new ArrayList<>(details);
        if (count > MAX_DETAILS) {
            answer.add(new FieldError("schema", "and " + (count - MAX_DETAILS) + " more problems"));
        }
        throw new Problem(Problem.Kind.UNPROCESSABLE, "invalid_mapping", message, answer);
    }
}
