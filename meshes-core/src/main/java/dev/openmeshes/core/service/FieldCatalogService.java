package dev.openmeshes.core.service;

import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.store.FieldCatalogs.StoredCatalog;
import dev.openmeshes.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The field catalog of each connection ({@code GET /connections/{id}/fields}): what its actions
 * can write, read from the vendor once and kept, reloaded on request ({@code refresh=true}) or
 * when a day old. Mappings are checked against it.
 */
public final class FieldCatalogService {

    /** A catalog as answered: the stored record and its fields. */
    public record Catalog(StoredCatalog stored, List<FieldDefinition> fields) {}

    static final Duration MAX_AGE = Duration.ofDays(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Store store;
    private final ConnectionService connections;
    private final InstantSource clock;

    public FieldCatalogService(Store store, ConnectionService connections, InstantSource clock) {
        this.store = store;
        this.connections = connections;
        this.clock = clock;
    }

    public Catalog get(Principal caller, UUID connectionId, boolean refresh) {
        Connection connection = connections.get(caller, connectionId);
        return of(connection, refresh, caller.createdBy());
    }

    /** The connection's catalog, loaded from the vendor when there is none, it is stale, or {@code refresh}. */
    public Catalog of(Connection connection, boolean refresh, String by) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var stored = store.fieldCatalogs().find(connection.organizationId(), connection.id());
        if (!refresh && stored.isPresent() && stored.get().refreshedAt().plus(MAX_AGE).isAfter(now)) {
            return new Catalog(stored.get(), read(stored.get().fieldsJson()));
        }
        List<FieldDefinition> fields = connections.fields(connection);
        String json = JSON.writeValueAsString(fields.stream().map(FieldDefinition::toJson).toList());
        var saved = new StoredCatalog(stored.map(StoredCatalog::id).orElse(UUID.randomUUID()),
                connection.organizationId(), connection.workspaceId(), connection.id(), connection.type(),
                version(json), json, stored.map(StoredCatalog::createdBy).orElse(by), now,
                stored.map(StoredCatalog::createdAt).orElse(now), now);
        store.fieldCatalogs().save(saved);
        return new Catalog(saved, fields);
    }

    /** The fields of a stored catalog. */
    public List<FieldDefinition> fieldsOf(StoredCatalog catalog) {
        return read(catalog.fieldsJson());
    }

    @SuppressWarnings("unchecked")
    private static List<FieldDefinition> read(String json) {
        List<Map<String, Object>> rows = JSON.readValue(json, List.class);
        return rows.stream().map(FieldDefinition::fromJson).toList();
    }

    /** A hash of the normalized catalog: equal catalogs have equal versions. */
    private static String version(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
