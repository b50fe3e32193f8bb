package dev.openmeshes.sdk;

/**
 * A workspace to create: {@code name} 3–50 letters, digits, spaces, {@code _} or {@code -};
 * {@code description} and a client-chosen {@code id} optional (null).
 */
public record NewWorkspace(String name, String description, String id) {

    public static NewWorkspace named(String name) {
        return new NewWorkspace(name, null, null);
    }
}
