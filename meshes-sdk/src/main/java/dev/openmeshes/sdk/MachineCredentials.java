package dev.openmeshes.sdk;

import java.util.Map;
import java.util.Objects;

/**
 * A machine key of an organization: what {@link MeshesClient} mints its JWTs from. The secret
 * never appears in {@link #toString()}.
 */
public record MachineCredentials(String organizationId, String accessKey, String secretKey) {

    public MachineCredentials {
        requireText(organizationId, "organizationId");
        requireText(accessKey, "accessKey");
        requireText(secretKey, "secretKey");
    }

    /** From {@code MESHES_ORG_ID} (or {@code MESHES_ORGANIZATION_ID}), {@code MESHES_ACCESS_KEY} and {@code MESHES_SECRET_KEY}. */
    public static MachineCredentials fromEnvironment() {
        return fromVariables(System.getenv());
    }

    static MachineCredentials fromVariables(Map<String, String> env) {
        String org = env.getOrDefault("MESHES_ORG_ID", env.get("MESHES_ORGANIZATION_ID"));
        if (org == null || env.get("MESHES_ACCESS_KEY") == null || env.get("MESHES_SECRET_KEY") == null) {
            throw new IllegalStateException(
                    "set MESHES_ORG_ID (or MESHES_ORGANIZATION_ID), MESHES_ACCESS_KEY and MESHES_SECRET_KEY");
        }
        return new MachineCredentials(org, env.get("MESHES_ACCESS_KEY"), env.get("MESHES_SECRET_KEY"));
    }

    static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, name + " is required").isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "MachineCredentials[organizationId=" + organizationId + ", accessKey=" + accessKey + ", secretKey=***]";
    }
}
