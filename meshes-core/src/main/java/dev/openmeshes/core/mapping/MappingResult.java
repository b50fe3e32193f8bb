package dev.openmeshes.core.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a mapping made of one payload.
 *
 * @param values   dest → value, in schema order; fields whose value is null are left out
 * @param warnings one {@code "<dest>: <reason>"} per warn_action field that could not be mapped
 * @param failure  {@code "<dest>: <reason>"} of the fail_action field that could not be mapped,
 *                 or null; when set, values is empty: nothing is to be written
 */
public record MappingResult(Map<String, Object> values, List<String> warnings, String failure) {

    public MappingResult {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); // keeps the schema order
        warnings = List.copyOf(warnings);
    }

    public boolean failed() {
        return failure != null;
    }
}
