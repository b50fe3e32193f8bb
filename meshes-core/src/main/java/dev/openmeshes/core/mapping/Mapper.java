package dev.openmeshes.core.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies a mapping schema to one event payload: the destination fields a connector writes. */
public final class Mapper {

    private Mapper() {}

    /**
     * Each field's source, then its transforms in order. A field whose value ends null is left
     * out; one whose transform cannot apply is handled per its {@link OnError}. The first
     * fail_action field that fails ends the mapping: the result then has no values.
     */
    public static MappingResult apply(MappingSchema schema, Map<String, Object> payload) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (MappingField field : schema.fields()) {
            Object value;
            try {
                value = Conversions.applyAll(field.transforms(), read(field.source(), payload));
            } catch (CannotApply e) {
                String reason = field.dest() + ": " + e.getMessage();
                switch (field.onError()) {
                    case SKIP_FIELD -> { }
                    case WARN_ACTION -> warnings.add(reason);
                    case FAIL_ACTION -> {
                        return new MappingResult(Map.of(), warnings, reason);
                    }
                }
                continue;
            }
            if (value != null) {
                values.put(field.dest(), value);
            }
        }
        return new MappingResult(values, warnings, null);
    }

    private static Object read(Source source, Map<String, Object> payload) {
        return switch (source) {
            case Source.Path path -> payload == null ? null : PayloadPath.resolve(payload, path.value());
            case Source.Literal literal -> literal.value();
        };
    }
}
