package dev.openmeshes.sdk;

/** Every failure the SDK reports: an API answer ({@link MeshesApiException}) or no answer at all ({@link MeshesConnectionException}). */
public class MeshesException extends RuntimeException {

    public MeshesException(String message, Throwable cause) {
        super(message, cause);
    }
}
