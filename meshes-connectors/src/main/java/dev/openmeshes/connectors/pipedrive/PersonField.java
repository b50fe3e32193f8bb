package dev.openmeshes.connectors.pipedrive;

import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One person field as {@code GET /api/v2/personFields} describes it ({@code field_code, field_name,
 * field_type, is_custom_field, options[{id, label}]}), and how a value is written to it: custom
 * fields under {@code custom_fields} by field code, enum and set values as option ids (the options'
 * labels are accepted too), numbers as numbers.
 */
record PersonField(String code, String name, String type, boolean custom, List<Option> options) {

    /** The field code of the person field whose options are the person labels. */
    static final String LABEL_IDS = "label_ids";

    record Option(long id, String label) {}

    /** A value the field cannot take; the message says why. */
    static final class Unfit extends RuntimeException {
        Unfit(String message) {
            super(message, null, false, false);
        }
    }

    /** Custom field types a single value sets (not addresses, money with currency, ranges or pictures). */
    private static final Set<String> SETTABLE_CUSTOM = Set.of("varchar", "text", "varchar_auto", "phone", "date", "time",
            "int", "double", "enum", "set", "user", "org", "people", "boolean");
    /** Built-in fields a rule may set; email and labels are the other actions' business. */
    private static final Set<String> SETTABLE_BUILT_IN = Set.of("name", "phone", "owner_id", "org_id", "visible_to");
    private static final Set<String> INTEGER_TYPES = Set.of("int", "user", "org", "people", "visible_to");

    PersonField {
        options = List.copyOf(options);
    }

    static PersonField of(JsonNode json) {
        List<Option> options = new ArrayList<>();
        for (JsonNode option : json.path("options")) {
            if (option.path("id").canConvertToLong()) {
                String label = PipedriveResults.text(option.path("label"));
                options.add(new Option(option.path("id").asLong(), label == null ? option.path("id").asString() : label));
            }
        }
        String code = json.path("field_code").asString("");
        String name = PipedriveResults.text(json.path("field_name"));
        return new PersonField(code, name == null ? code : name, json.path("field_type").asString(""),
                json.path("is_custom_field").asBoolean(false), options);
    }

    /** Whether {@code update_person_field} (and, for custom fields, a mapping) can write it. */
    boolean settable() {
        return !code.isEmpty() && (custom ? SETTABLE_CUSTOM.contains(type) : SETTABLE_BUILT_IN.contains(code));
    }

    /** {@code {id: <field code>, name, options: [{value: <option id>, label}]}}: what a rule picks from. */
    Map<String, Object> actionItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", code);
        item.put("name", name);
        item.put("options", options.stream().map(o -> Map.of("value", String.valueOf(o.id()), "label", o.label())).toList());
        return item;
    }

    /** {@code {id: <option id>, name: <label>}} of each option: how the label field lists the labels. */
    List<Map<String, Object>> optionItems() {
        return options.stream().map(o -> Map.<String, Object>of("id", String.valueOf(o.id()), "name", o.label())).toList();
    }

    /** A custom field in the field catalog, keyed by its field code. */
    FieldDefinition definition() {
        List<String> labels = options.stream().map(Option::label).toList();
        Type catalogType = switch (type) {
            case "enum" -> Type.ENUM;
            case "set" -> Type.MULTI_ENUM;
            case "int", "double", "user", "org", "people" -> Type.NUMBER;
            case "date" -> Type.DATE;
            case "boolean" -> Type.BOOLEAN;
            default -> Type.STRING;
        };
        Constraints constraints = catalogType == Type.ENUM || catalogType == Type.MULTI_ENUM
                ? Constraints.NONE.allowing(labels) : Constraints.NONE;
        return new FieldDefinition(code, catalogType, name, null, constraints,
                Map.of("field_code", code, "field_type", type, "custom", true));
    }

    /** Puts {@code raw}, converted, where Pipedrive reads this field in a person body. */
    @SuppressWarnings("unchecked")
    void writeTo(Map<String, Object> body, Object raw) {
        Object value = value(raw);
        if (custom) {
            ((Map<String, Object>) body.computeIfAbsent("custom_fields", k -> new LinkedHashMap<String, Object>()))
                    .put(code, value);
        } else if ("phone".equals(code)) {
            body.put("phones", List.of(primary(String.valueOf(value))));
        } else {
            body.put(code, value);
        }
    }

    /** A primary work email or phone entry of a person body. */
    static Map<String, Object> primary(String value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("value", value);
        entry.put("primary", true);
        entry.put("label", "work");
        return entry;
    }

    private Object value(Object raw) {
        String text = String.valueOf(raw).strip();
        return switch (type) {
            case "enum" -> option(text);
            case "set" -> {
                List<Long> ids = new ArrayList<>();
                List<?> parts = raw instanceof List<?> list ? list : List.of(text.split(","));
                for (Object each : parts) {
                    String part = String.valueOf(each);
                    if (!part.isBlank()) {
                        ids.add(option(part.strip()));
                    }
                }
                if (ids.isEmpty()) { // Pipedrive refuses [] for a set
                    throw new Unfit("field " + name + " needs at least one option");
                }
                yield ids;
            }
            case "double" -> number(text);
            case "boolean" -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new Unfit("field " + name + " takes true or false, not '" + text + "'");
            };
            default -> INTEGER_TYPES.contains(type) || "owner_id".equals(code) || "org_id".equals(code)
                    ? integer(text) : text;
        };
    }

    private long option(String text) {
        for (Option option : options) {
            if (String.valueOf(option.id()).equals(text) || option.label().equalsIgnoreCase(text)) {
                return option.id();
            }
        }
        throw new Unfit("field " + name + " has no option '" + text + "'; its options: "
                + options.stream().map(Option::label).toList());
    }

    private BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            throw new Unfit("field " + name + " takes a number, not '" + text + "'");
        }
    }

    private long integer(String text) {
        try {
            return number(text).longValueExact();
        } catch (ArithmeticException notWhole) {
            throw new Unfit("field " + name + " takes a whole number, not '" + text + "'");
        }
    }
}
