package dev.openmeshes.core.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One destination field of a mapping (§5.8 MappingField).
 *
 * @param dest       the catalog key of the field written
 * @param transforms applied in order; may be empty
 * @param onError    {@link OnError#SKIP_FIELD} when null
 * @param notes      free text, or null
 */
public record MappingField(String dest, Source source, List<Transform> transforms, OnError onError, String notes) {

    public MappingField {
        transforms = transforms == null ? List.of() : List.copyOf(transforms);
        onError = onError == null ? OnError.SKIP_FIELD : onError;
    }

    public static MappingField of(String dest, Source source, Transform... transforms) {
        return new MappingField(dest, source, List.of(transforms), OnError.SKIP_FIELD, null);
    }

    public MappingField withOnError(OnError value) {
        return new MappingField(dest, source, transforms, value, notes);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dest", dest);
        json.put("source", source.toJson());
        json.put("transforms", transforms.stream().map(Transform::toJson).toList());
        json.put("on_error", onError.code());
        if (notes != null) {
            json.put("notes", notes);
        }
        return json;
    }
}
