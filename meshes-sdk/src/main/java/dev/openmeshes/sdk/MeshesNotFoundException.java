package dev.openmeshes.sdk;

import java.util.List;

/** 404: the resource does not exist, or the caller's key may not see it. */
public class MeshesNotFoundException extends MeshesApiException {

    public MeshesNotFoundException(String error, String message, List<FieldError> details, String correlationId) {
        super(404, error, message, details, correlationId, null);
    }
}
