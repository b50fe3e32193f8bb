package dev.openmeshes.connectors.hubspot;

import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Contact properties as {@code GET /crm/v3/properties/contacts} answers them ({@code results[]} of
 * {@code {name, label, type, fieldType, options[], hidden, calculated, modificationMetadata}}):
 * the ones a rule or mapping may write, as action-data items and as destination fields.
 */
final class HubSpotProperties {

    /** One choice of an enumeration property. */
    record Option(String value, String label) {}

    private HubSpotProperties() {}

    /** Properties an integration can set: not hidden, not calculated by HubSpot, value not read-only. */
    static List<JsonNode> writable(JsonNode answer) {
        List<JsonNode> writable = new ArrayList<>();
        for (JsonNode property : answer.path("results")) {
            boolean usable = !property.path("name").asString("").isBlank()
                    && !property.path("hidden").asBoolean(false)
                    && !property.path("calculated").asBoolean(false)
                    && !property.path("archived").asBoolean(false)
                    && !property.path("modificationMetadata").path("readOnlyValue").asBoolean(false);
            if (usable) {
                writable.add(property);
            }
        }
        return writable;
    }

    /** {@code {id, name, options: [{value, label}]}}: the property's internal name and its label. */
    static Map<String, Object> item(JsonNode property) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", property.path("name").asString());
        item.put("name", label(property));
        item.put("options", options(property).stream().map(o -> Map.of("value", o.value(), "label", o.label())).toList());
        return item;
    }

    static FieldDefinition field(JsonNode property) {
        String name = property.path("name").asString();
        String type = property.path("type").asString("");
        String fieldType = property.path("fieldType").asString("");
        Constraints constraints = switch (type) {
            case "enumeration" -> Constraints.NONE.allowing(options(property).stream().map(Option::value).toList());
            case "phone_number" -> Constraints.format("phone");
            case "string" -> "email".equals(property.path("textDisplayHint").asString(""))
                    ? Constraints.format("email") : Constraints.NONE;
            default -> Constraints.NONE;
        };
        String description = property.path("description").asString("").strip();
        return new FieldDefinition(name, type(type, fieldType), label(property),
                description.isEmpty() ? null : description, constraints,
                Map.of("name", name, "object", "contacts", "type", type, "fieldType", fieldType));
    }

    /** HubSpot's data types (bool, date, datetime, enumeration, number, phone_number, string) as ours. */
    static Type type(String type, String fieldType) {
        return switch (type) {
            case "string", "phone_number" -> Type.STRING;
            case "number" -> Type.NUMBER;
            case "bool" -> Type.BOOLEAN;
            case "date" -> Type.DATE;
            case "datetime" -> Type.DATETIME;
            // a checkbox enumeration holds several values, sent joined by ';'
            case "enumeration" -> "checkbox".equals(fieldType) ? Type.MULTI_ENUM : Type.ENUM;
            default -> Type.UNKNOWN;
        };
    }

    private static String label(JsonNode property) {
        String label = property.path("label").asString("").strip();
        return label.isEmpty() ? property.path("name").asString() : label;
    }

    /** The options HubSpot shows (hidden ones are not offered). */
    private static List<Option> options(JsonNode property) {
        List<Option> options = new ArrayList<>();
        for (JsonNode option : property.path("options")) {
            String value = option.path("value").asString("");
            if (!option.path("hidden").asBoolean(false) && !value.isEmpty()) {
                String label = option.path("label").asString("");
                options.add(new Option(value, label.isEmpty() ? value : label));
            }
        }
        return options;
    }
}
