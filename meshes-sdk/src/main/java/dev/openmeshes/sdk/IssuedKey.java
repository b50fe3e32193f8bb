package dev.openmeshes.sdk;

/** A key just created or rotated, with the secret the server shows this once; {@link #toString()} hides it. */
public record IssuedKey(MachineKey key, String secretKey) {

    /** What a {@link MeshesClient} acting as this key needs. */
    public MachineCredentials credentials() {
        return new MachineCredentials(key.organizationId(), key.accessKey(), secretKey);
    }

    @Override
    public String toString() {
        return "IssuedKey[key=" + key + ", secretKey=***]";
    }
}
