package dev.openmeshes.core.mapping;

import dev.openmeshes.core.mapping.MappingSchema.Meta;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a decoded JSON value as a {@link MappingSchema}, enforcing every constraint of §5.8 and
 * naming each offence by its JSON path. Keys it does not know are ignored, as the hosted service's
 * validator strips them. An optional part that is null counts as absent.
 */
final class SchemaReader {

    private static final String TRANSFORM_TYPES =
            "to_string, to_number, to_boolean, to_date, to_datetime, default, trim, lower, upper, substring";

    private final InvalidMapping problems = new InvalidMapping("The mapping schema is invalid");

    MappingSchema read(Object json) {
        if (!(json instanceof Map<?, ?> root)) {
            problems.add("schema", "must be a JSON object");
            problems.orThrow();
            throw new AssertionError("unreachable");
        }
        Object version = root.get("schema_version");
        if (version == null) {
            problems.add("schema.schema_version", "is required");
        } else if (!Long.valueOf(1).equals(Numbers.whole(version))) {
            problems.add("schema.schema_version", "must be the number 1");
        }
        List<MappingField> fields = fields(root.get("fields"));
        Meta meta = meta(root.get("meta"));
        problems.orThrow();
        return new MappingSchema(1, fields, meta);
    }

    private List<MappingField> fields(Object value) {
        if (value == null) {
            problems.add("schema.fields", "is required");
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add("schema.fields", "must be an array");
            return List.of();
        }
        if (list.size() > MappingSchema.MAX_FIELDS) {
            problems.add("schema.fields", "must have at most " + MappingSchema.MAX_FIELDS + " fields, has " + list.size());
            return List.of();
        }
        List<MappingField> fields = new ArrayList<>();
        Map<String, Integer> firstWriter = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "schema.fields[" + i + "]";
            MappingField field = field(at, list.get(i));
            if (field == null) {
                continue;
            }
            Integer first = firstWriter.putIfAbsent(field.dest(), i);
            if (first != null) {
                problems.add(at + ".dest", "writes the same field as schema.fields[" + first + "].dest");
            }
            fields.add(field);
        }
        return fields;
    }

    /** The field, or null when any part of it is wrong (and reported). */
    private MappingField field(String at, Object value) {
        if (!(value instanceof Map<?, ?> object)) {
            problems.add(at, "must be an object");
            return null;
        }
        int before = problems.count();
        String dest = text(at + ".dest", object.get("dest"), 128, true);
        Source source = source(at + ".source", object.get("source"));
        List<Transform> transforms = transforms(at + ".transforms", object.get("transforms"));
        OnError onError = onError(at + ".on_error", object.get("on_error"));
        String notes = text(at + ".notes", object.get("notes"), 1024, false);
        return problems.count() == before ? new MappingField(dest, source, transforms, onError, notes) : null;
    }

    private Source source(String at, Object value) {
        if (value == null) {
            problems.add(at, "is required");
            return null;
        }
        if (!(value instanceof Map<?, ?> object)) {
            problems.add(at, "must be an object");
            return null;
        }
        Object type = object.get("type");
        if ("path".equals(type)) {
            return path(at, object);
        }
        if ("literal".equals(type)) {
            if (!object.containsKey("value")) {
                problems.add(at + ".value", "is required (null is allowed)");
                return null;
            }
            return scalar(at + ".value", object.get("value"), 256) ? new Source.Literal(object.get("value")) : null;
        }
        problems.add(at + ".type", type == null ? "is required: path or literal" : "must be path or literal");
        return null;
    }

    /**
     * A path source; {@code {"type":"path","path":"$.payload.email"}}, the form of the Go SDK's
     * test fixtures, reads as the path {@code email}.
     */
    private Source path(String at, Map<?, ?> object) {
        String field = at + ".value";
        Object value = object.get("value");
        if (value == null && object.get("path") instanceof String fixture) {
            field = at + ".path";
            value = fixture.startsWith("$.payload.") ? fixture.substring(10) : fixture.startsWith("$.") ? fixture.substring(2) : fixture;
        }
        String path = text(field, value, PayloadPath.MAX_LENGTH, true);
        if (path == null) {
            return null;
        }
        if (!PayloadPath.isValid(path)) {
            problems.add(field, "must be a payload path of names joined by dots, such as email or user.email");
            return null;
        }
        return new Source.Path(path);
    }

    private List<Transform> transforms(String at, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(at, "must be an array");
            return List.of();
        }
        if (list.size() > MappingSchema.MAX_TRANSFORMS) {
            problems.add(at, "must have at most " + MappingSchema.MAX_TRANSFORMS + " transforms, has " + list.size());
            return List.of();
        }
        List<Transform> transforms = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            Transform transform = transform(at + "[" + k + "]", list.get(k));
            if (transform != null) {
                transforms.add(transform);
            }
        }
        return transforms;
    }

    private Transform transform(String at, Object value) {
        if (!(value instanceof Map<?, ?> object)) {
            problems.add(at, "must be an object");
            return null;
        }
        Object type = object.get("type");
        if (!(type instanceof String name)) {
            problems.add(at + ".type", (type == null ? "is required: " : "must be one of ") + TRANSFORM_TYPES);
            return null;
        }
        int before = problems.count();
        Transform transform = switch (name) {
            case "to_string" -> new Transform.ToString();
            case "to_number" -> new Transform.ToNumber();
            case "to_boolean" -> new Transform.ToBoolean();
            case "to_date" -> new Transform.ToDate(timezone(at + ".timezone", object.get("timezone")));
            case "to_datetime" -> new Transform.ToDatetime(timezone(at + ".timezone", object.get("timezone")));
            case "default" -> {
                if (!object.containsKey("value")) {
                    problems.add(at + ".value", "is required (null is allowed)");
                }
                scalar(at + ".value", object.get("value"), 128);
                yield new Transform.Default(object.get("value"));
            }
            case "trim" -> new Transform.Trim();
            case "lower" -> new Transform.Lower();
            case "upper" -> new Transform.Upper();
            case "substring" -> new Transform.Substring(
                    integer(at + ".start", object.get("start"), 0, true, "a whole number of at least 0"),
                    integer(at + ".length", object.get("length"), 1, false, "a whole number of at least 1"));
            default -> {
                problems.add(at + ".type", "must be one of " + TRANSFORM_TYPES);
                yield null;
            }
        };
        return problems.count() == before ? transform : null;
    }

    private ZoneId timezone(String at, Object value) {
        String id = text(at, value, 64, false);
        if (id == null) {
            return null;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            problems.add(at, "must be a time zone id such as UTC, +02:00 or Europe/Paris");
            return null;
        }
    }

    private Integer integer(String at, Object value, int min, boolean required, String expected) {
        if (value == null) {
            if (required) {
                problems.add(at, "is required: " + expected);
            }
            return required ? 0 : null;
        }
        Long whole = Numbers.whole(value);
        if (whole == null || whole < min || whole > Integer.MAX_VALUE) {
            problems.add(at, "must be " + expected + " (at most " + Integer.MAX_VALUE + ")");
            return 0;
        }
        return whole.intValue();
    }

    private OnError onError(String at, Object value) {
        if (value == null) {
            return OnError.SKIP_FIELD;
        }
        OnError onError = value instanceof String code ? OnError.ofCode(code) : null;
        if (onError == null) {
            problems.add(at, "must be one of skip_field, warn_action, fail_action");
        }
        return onError;
    }

    private Meta meta(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> object)) {
            problems.add("schema.meta", "must be an object");
            return null;
        }
        return new Meta(text("schema.meta.name", object.get("name"), 64, false),
                text("schema.meta.notes", object.get("notes"), 1024, false));
    }

    /** A string, a number, a boolean or null; a string of 1 to maxLength characters. */
    private boolean scalar(String at, Object value, int maxLength) {
        if (value instanceof String) {
            return text(at, value, maxLength, true) != null;
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        problems.add(at, "must be a string, a number, a boolean or null");
        return false;
    }

    /**
     * A string of 1 to maxLength characters, or null (reported when required or not a string). NUL
     * is refused: PostgreSQL can store it neither in text nor in jsonb.
     */
    private String text(String at, Object value, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(at, "is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add(at, "must be a string");
            return null;
        }
        if (text.isEmpty() || text.length() > maxLength) {
            problems.add(at, "must be 1 to " + maxLength + " characters, has " + text.length());
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            problems.add(at, "must not contain NUL characters");
            return null;
        }
        return text;
    }
}
