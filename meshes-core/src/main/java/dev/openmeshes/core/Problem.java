package dev.openmeshes.core;

import java.util.List;

/**
 * A request the domain refuses, with a stable machine-readable code. The HTTP edge turns it into
 * the documented error body {@code {message, error, details?}}; it never carries a stack trace out.
 */
public final class Problem extends RuntimeException {

    public enum Kind { BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, UNPROCESSABLE, TOO_EARLY, UNAVAILABLE, BAD_GATEWAY }

    /** One rejected input field, for validation answers. */
    public record FieldError(String field, String message) {}

    private final Kind kind;
    private final String code;
    private final List<FieldError> details;

    public Problem(Kind kind, String code, String message, List<FieldError> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public Problem(Kind kind, String code, String message) {
        this(kind, code, message, List.of());
    }

    public static Problem notFound(String what) {
        return new Problem(Kind.NOT_FOUND, "not_found", what + " not found");
    }

    public static Problem conflict(String code, String message) {
        return new Problem(Kind.CONFLICT, code, message);
    }

    public static Problem forbidden(String code, String message) {
        return new Problem(Kind.FORBIDDEN, code, message);
    }

    public static Problem invalid(List<FieldError> details) {
        return new Problem(Kind.BAD_REQUEST, "validation_failed", "Request validation failed", details);
    }

    public static Problem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public Kind kind() { return kind; }
    public String code() { return code; }
    public List<FieldError> details() { return details; }
}
