package dev.openmeshes.core.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One destination field a connection's actions can write (FieldDefinition of the reference, §5.7):
 * what {@code GET /connections/{id}/fields} lists and what a mapping's {@code dest} must name.
 *
 * @param providerMeta what the vendor calls it, e.g. {@code {"name": "firstname"}}; may be empty
 */
public record FieldDefinition(String key, Type type, String label, String description, Constraints constraints,
                              Map<String, Object> providerMeta) {

    public enum Type {
        STRING, NUMBER, BOOLEAN, DATE, DATETIME, ENUM, MULTI_ENUM, JSON, OBJECT, ARRAY, UNKNOWN;

        public String code() {
            return name().toLowerCase();
        }

        public static Type of(String code) {
            return valueOf(code.toUpperCase());
        }
    }

    /** Every part optional (null): what the vendor accepts for the field. */
    public record Constraints(String format, Boolean required, Boolean readOnly, Integer maxLength, Integer minLength,
                              String pattern, Double min, Double max, List<String> allowedValues) {

        public static final Constraints NONE = new Constraints(null, null, null, null, null, null, null, null, null);

        public static Constraints format(String format) {
            return new Constraints(format, null, null, null, null, null, null, null, null);
        }

        /** Named apart from the {@code required} component, whose accessor it would otherwise clash with. */
        public Constraints asRequired() {
            return new Constraints(format, true, readOnly, maxLength, minLength, pattern, min, max, allowedValues);
        }

        public Constraints allowing(List<String> values) {
            return new Constraints(format, required, readOnly, maxLength, minLength, pattern, min, max, List.copyOf(values));
        }

        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }

        public boolean isReadOnly() {
            return Boolean.TRUE.equals(readOnly);
        }

        /** What {@link #toJson} wrote, read back. */
        @SuppressWarnings("unchecked")
        static Constraints fromJson(Map<String, Object> c) {
            return new Constraints((String) c.get("format"), (Boolean) c.get("required"), (Boolean) c.get("read_only"),
                    integer(c.get("max_length")), integer(c.get("min_length")), (String) c.get("pattern"),
                    decimal(c.get("min")), decimal(c.get("max")), (List<String>) c.get("allowed_values"));
        }

        private static Integer integer(Object value) {
            return value instanceof Number n ? n.intValue() : null;
        }

        private static Double decimal(Object value) {
            return value instanceof Number n ? n.doubleValue() : null;
        }

        /** As the API answers it: only the parts that are set. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            put(json, "format", format);
            put(json, "required", required);
            put(json, "read_only", readOnly);
            put(json, "max_length", maxLength);
            put(json, "min_length", minLength);
            put(json, "pattern", pattern);
            put(json, "min", min);
            put(json, "max", max);
            put(json, "allowed_values", allowedValues);
            return json;
        }
    }

    public FieldDefinition {
        constraints = constraints == null ? Constraints.NONE : constraints;
        providerMeta = providerMeta == null ? Map.of() : Map.copyOf(providerMeta);
    }

    public static FieldDefinition of(String key, Type type, String label) {
        return new FieldDefinition(key, type, label, null, Constraints.NONE, Map.of());
    }

    /**
     * The {@code email} field as the email-keyed vendors declare it: the address an action finds its
     * contact by or sends to, which the vendor requires (and {@link ActionNeed#EMAIL} checks at delivery).
     */
    public static FieldDefinition email(String description) {
        return of("email", Type.STRING, "Email").described(description)
                .constrained(Constraints.format("email").asRequired());
    }

    public FieldDefinition described(String text) {
        return new FieldDefinition(key, type, label, text, constraints, providerMeta);
    }

    public FieldDefinition constrained(Constraints newConstraints) {
        return new FieldDefinition(key, type, label, description, newConstraints, providerMeta);
    }

    public FieldDefinition withProviderMeta(Map<String, Object> meta) {
        return new FieldDefinition(key, type, label, description, constraints, meta);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", key);
        json.put("type", type.code());
        put(json, "label", label);
        put(json, "description", description);
        Map<String, Object> c = constraints.toJson();
        if (!c.isEmpty()) {
            json.put("constraints", c);
        }
        if (!providerMeta.isEmpty()) {
            json.put("provider_meta", providerMeta);
        }
        return json;
    }

    /** A definition as {@link #toJson} wrote it (a stored catalog), read back. */
    @SuppressWarnings("unchecked")
    public static FieldDefinition fromJson(Map<String, Object> json) {
        return new FieldDefinition((String) json.get("key"), Type.of((String) json.get("type")),
                (String) json.get("label"), (String) json.get("description"),
                Constraints.fromJson((Map<String, Object>) json.getOrDefault("constraints", Map.of())),
                (Map<String, Object>) json.getOrDefault("provider_meta", Map.of()));
    }

    private static void put(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
