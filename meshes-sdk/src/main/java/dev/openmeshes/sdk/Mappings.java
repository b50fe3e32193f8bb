package dev.openmeshes.sdk;

/** {@code /api/v1/connections/{id}/mappings/default}: how event payloads become destination fields. */
public final class Mappings extends Resource {

    Mappings(Transport transport) {
        super(transport);
    }

    public DefaultMapping get(String connectionId) {
        return get(Connections.path(connectionId) + "/mappings/default", DefaultMapping.class);
    }

    /** An invalid schema, or a {@code dest} the catalog lacks, is 422 {@code invalid_mapping} naming the field. */
    public DefaultMapping save(String connectionId, MappingUpdate update) {
        return transport.read(Transport.Request.of("PUT", Connections.path(connectionId) + "/mappings/default", update),
                DefaultMapping.class);
    }
}
