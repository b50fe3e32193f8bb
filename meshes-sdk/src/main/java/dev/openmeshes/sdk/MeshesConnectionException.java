package dev.openmeshes.sdk;

/** The server could not be reached or did not answer in time, after the retries the policy allows. */
public class MeshesConnectionException extends MeshesException {

    public MeshesConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
