package dev.openmeshes.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The API answered with an error: its status, the stable {@code error} code, the message, the
 * refused fields of a validation error, and the correlation id to quote when reporting it.
 */
public class MeshesApiException extends MeshesException {

    private final int status;
    private final String error;
    private final List<FieldError> details;
    private final String correlationId;
    private final Duration retryAfter;

    public MeshesApiException(int status, String error, String message, List<FieldError> details,
                              String correlationId, Duration retryAfter) {
        super(message + " (HTTP " + status + (error == null ? "" : ", " + error)
                + (correlationId == null ? "" : ", correlation_id " + correlationId) + ")", null);
        this.status = status;
        this.error = error;
        this.details = List.copyOf(details);
        this.correlationId = correlationId;
        this.retryAfter = retryAfter;
    }

    static MeshesApiException of(int status, String error, String message, List<FieldError> details,
                                 String correlationId, Duration retryAfter) {
        if (status == 404) {
            return new MeshesNotFoundException(error, message, details, correlationId);
        }
        if (status == 429) {
            return new MeshesRateLimitedException(error, message, details, correlationId, retryAfter);
        }
        return new MeshesApiException(status, error, message, details, correlationId, retryAfter);
    }

    public int status() {
        return status;
    }

    /** The stable error code, e.g. {@code validation_failed}, {@code workspace_name_conflict}. */
    public String error() {
        return error;
    }

    public List<FieldError> details() {
        return details;
    }

    public String correlationId() {
        return correlationId;
    }

    /** The server's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
