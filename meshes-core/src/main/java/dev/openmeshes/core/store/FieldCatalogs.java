package dev.openmeshes.core.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The field catalog last loaded from each connection's vendor (§5.7), kept until refreshed. */
public interface FieldCatalogs {

    /** @param fieldsJson the FieldDefinition list as a JSON array */
    record StoredCatalog(UUID id, UUID organizationId, UUID workspaceId, UUID connectionId, String integrationType,
                         String catalogVersion, String fieldsJson, String createdBy, Instant refreshedAt,
                         Instant createdAt, Instant updatedAt) {}

    Optional<StoredCatalog> find(UUID organizationId, UUID connectionId);

    /** Inserts or replaces the connection's catalog (keeping the first {@code id} and {@code createdAt}). */
    void save(StoredCatalog catalog);

    void deleteForConnection(UUID organizationId, UUID connectionId);
}
