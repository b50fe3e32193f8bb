package dev.openmeshes.core.mapping;

import dev.openmeshes.core.connector.FieldDefinition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection's mapping (§5.8 MappingSchema): which destination fields are written from what.
 *
 * @param meta null when the schema has none
 */
public record MappingSchema(int schemaVersion, List<MappingField> fields, Meta meta) {

    public static final int MAX_FIELDS = 250;
    public static final int MAX_TRANSFORMS = 10;

    /** Both parts optional (null). */
    public record Meta(String name, String notes) {
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            if (name != null) {
                json.put("name", name);
            }
            if (notes != null) {
                json.put("notes", notes);
            }
            return json;
        }
    }

    public MappingSchema {
        fields = List.copyOf(fields);
    }

    /**
     * Reads a decoded JSON value (Map, List, String, Number, Boolean or null) as a schema.
     *
     * @throws dev.openmeshes.core.Problem 422 {@code invalid_mapping} naming every offending part by
     *                                     its JSON path, e.g. {@code schema.fields[2].source.value}
     */
    public static MappingSchema parse(Object json) {
        return new SchemaReader().read(json);
    }

    /** The canonical JSON object, snake_case as §5.8: {@code parse(toJson())} gives this schema back. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema_version", schemaVersion);
        json.put("fields", fields.stream().map(MappingField::toJson).toList());
        if (meta != null) {
            json.put("meta", meta.toJson());
        }
        return json;
    }

    /**
     * Refuses a schema that writes a field the connection does not have or may not write. A
     * required catalog field that no mapping field writes is fine: the connector may fill it itself.
     *
     * @throws dev.openmeshes.core.Problem 422 {@code invalid_mapping} naming {@code schema.fields[i].dest}
     */
    public void check(List<FieldDefinition> catalog) {
        Map<String, FieldDefinition> byKey = new HashMap<>();
        for (FieldDefinition definition : catalog) {
            byKey.putIfAbsent(definition.key(), definition);
        }
        var problems = new InvalidMapping("The mapping writes fields this connection does not accept");
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition definition = byKey.get(fields.get(i).dest());
            String field = "schema.fields[" + i + "].dest";
            if (definition == null) {
                problems.add(field, "is not a field of this connection");
            } else if (definition.constraints().isReadOnly()) {
                problems.add(field, "is read-only");
            }
        }
        problems.orThrow();
    }
}
