package dev.openmeshes.core.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.mapping.DefaultMapping;
import dev.openmeshes.core.mapping.Mapper;
import dev.openmeshes.core.mapping.MappingResult;
import dev.openmeshes.core.mapping.MappingSchema;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.store.Mappings.StoredMapping;
import dev.openmeshes.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default field mapping of each connection (§5.8): a generated one until a client saves one,
 * then versioned with optimistic concurrency ({@code expected_version}). Saved schemas are checked
 * against the connection's field catalog. The worker applies it to every delivery's payload.
 */
public final class MappingService {

    /** {@code status} is {@code stored} or {@code generated}. */
    public record Answer(String status, StoredMapping mapping, MappingSchema schema) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEFAULT_NAME = "Default mapping";

    private final Store store;
    private final ConnectionService connections;
    private final FieldCatalogService catalogs;
    private final Connectors connectors;
    private final InstantSource clock;
    private final Cache<UUID, MappingSchema> applied = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(100_000).build();

    public MappingService(Store store, ConnectionService connections, FieldCatalogService catalogs,
                          Connectors connectors, InstantSource clock) {
        this.store = store;
        this.connections = connections;
        this.catalogs = catalogs;
        this.connectors = connectors;
        this.clock = clock;
    }

    public Answer get(Principal caller, UUID connectionId) {
        Connection connection = connections.get(caller, connectionId);
        Optional<StoredMapping> stored = store.mappings().findDefault(connection.organizationId(), connection.id());
        if (stored.isPresent()) {
            return new Answer("stored", stored.get(), schema(stored.get()));
        }
        var catalog = catalogs.of(connection, false, caller.createdBy());
        MappingSchema generated = DefaultMapping.generate(catalog.fields());
        return new Answer("generated", generated(connection, generated, catalog.stored().catalogVersion()), generated);
    }

    /**
     * Saves a new version. {@code expectedVersion} (when given) must be the newest stored version,
     * 0 when none is stored yet; otherwise 409 {@code version_conflict}.
     */
    public Answer save(Principal caller, UUID connectionId, Object schemaJson, Integer expectedVersion, String name) {
        Connection connection = connections.get(caller, connectionId);
        if (expectedVersion != null && expectedVersion < 0) {
            throw Problem.invalid("expected_version", "must be 0 or a positive integer");
        }
        if (name != null) {
            new Validation().text("name", name, 1, 64, null, null).orThrow();
        }
        MappingSchema schema = MappingSchema.parse(schemaJson);
        var catalog = catalogs.of(connection, false, caller.createdBy());
        schema.check(catalog.fields());
        Optional<StoredMapping> current = store.mappings().findDefault(connection.organizationId(), connection.id());
        int currentVersion = current.map(StoredMapping::version).orElse(0);
        int expected = expectedVersion == null ? currentVersion : expectedVersion;
        if (expected != currentVersion) {
            throw conflict(expected, currentVersion);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var next = new StoredMapping(UUID.randomUUID(), current.map(StoredMapping::mappingId).orElse(UUID.randomUUID()),
                connection.organizationId(), connection.workspaceId(), connection.id(), connection.type(),
                name != null ? name : current.map(StoredMapping::name).orElse(DEFAULT_NAME), expected + 1,
                JSON.writeValueAsString(schema.toJson()), catalog.stored().catalogVersion(), caller.createdBy(),
                current.map(StoredMapping::createdAt).orElse(now), now);
        StoredMapping saved = store.mappings().saveDefault(next, expected)
                .orElseThrow(() -> conflict(expected, expected + 1));
        applied.invalidate(connection.id());
        return new Answer("stored", saved, schema);
    }

    /**
     * The connection's mapping applied to an event's payload: its saved one, else the one generated
     * from its catalog (the stored one, or the fields its type declares, so no vendor call is made here).
     */
    public MappingResult apply(Connection connection, Map<String, Object> payload) {
        MappingSchema schema = applied.get(connection.id(), id -> store.mappings()
                .findDefault(connection.organizationId(), id).map(MappingService::schema)
                .orElseGet(() -> DefaultMapping.generate(catalogOrDeclared(connection))));
        return Mapper.apply(schema, payload);
    }

    private List<FieldDefinition> catalogOrDeclared(Connection connection) {
        return store.fieldCatalogs().find(connection.organizationId(), connection.id())
                .map(c -> catalogs.fieldsOf(c))
                .orElseGet(() -> connectors.require(connection.type()).spec().destinationFields());
    }

    private static Problem conflict(int expected, int current) {
        return Problem.conflict("version_conflict", "The mapping is at version " + current + ", not "
                + expected + "; read it again and retry with expected_version " + current);
    }

    @SuppressWarnings("unchecked")
    private static MappingSchema schema(StoredMapping stored) {
        return MappingSchema.parse(JSON.readValue(stored.schemaJson(), Map.class));
    }

    private static StoredMapping generated(Connection connection, MappingSchema schema, String catalogVersion) {
        UUID id = UUID.nameUUIDFromBytes(("generated-mapping/" + connection.id()).getBytes(StandardCharsets.UTF_8));
        return new StoredMapping(id, id, connection.organizationId(), connection.workspaceId(), connection.id(),
                connection.type(), DEFAULT_NAME, 0, JSON.writeValueAsString(schema.toJson()), catalogVersion, null,
                connection.createdAt(), connection.updatedAt());
    }
}
