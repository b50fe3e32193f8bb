package dev.openmeshes.core.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The default field mapping of each connection, versioned: every save is a new version. */
public interface Mappings {

    /**
     * @param id         this version's id
     * @param mappingId  the mapping's id, the same for every version
     * @param schemaJson the mapping schema (§5.8) as a JSON object
     */
    record StoredMapping(UUID id, UUID mappingId, UUID organizationId, UUID workspaceId, UUID connectionId,
                         String integrationType, String name, int version, String schemaJson, String catalogVersion,
                         String createdBy, Instant createdAt, Instant updatedAt) {}

    /** The newest version of the connection's default mapping. */
    Optional<StoredMapping> findDefault(UUID organizationId, UUID connectionId);

    /**
     * Stores {@code next} as the connection's default mapping if the newest stored version is still
     * {@code expectedVersion} (0: none stored yet). Empty when it is not: someone saved meanwhile.
     * {@code next.version()} must be {@code expectedVersion + 1}.
     */
    Optional<StoredMapping> saveDefault(StoredMapping next, int expectedVersion);

    void deleteForConnection(UUID organizationId, UUID connectionId);
}
