package dev.openmeshes.sdk;

import java.time.Duration;
import java.util.List;

/** 429 after every retry the policy allowed; {@link #retryAfter()} says when the server takes more. */
public class MeshesRateLimitedException extends MeshesApiException {

    public MeshesRateLimitedException(String error, String message, List<FieldError> details, String correlationId,
                                      Duration retryAfter) {
        super(429, error, message, details, correlationId, retryAfter);
    }
}
