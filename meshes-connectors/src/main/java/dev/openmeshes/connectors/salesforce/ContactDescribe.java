package dev.openmeshes.connectors.salesforce;

import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The answer of {@code GET /sobjects/Contact/describe}: its {@code fields[]} as the picklist
 * properties an {@code update_property} rule chooses from, and as the org's custom fields a mapping
 * can write.
 */
record ContactDescribe(JsonNode fields) {

    static final String PATH = "/sobjects/Contact/describe";

    /** Updateable picklists: {@code {id: <API name>, name: <label>, options: [{value, label}]}}, active values only. */
    List<Map<String, Object>> picklists() {
        List<Map<String, Object>> properties = new ArrayList<>();
        for (JsonNode field : fields) {
            if (!"picklist".equals(field.path("type").asString("")) || !field.path("updateable").asBoolean(false)
                    || field.path("name").asString("").isEmpty()) {
                continue;
            }
            List<Map<String, Object>> options = new ArrayList<>();
            for (JsonNode value : activeValues(field)) {
                options.add(Map.of("value", value.path("value").asString(), "label",
                        value.path("label").asString(value.path("value").asString(""))));
            }
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("id", field.path("name").asString(""));
            property.put("name", field.path("label").asString(field.path("name").asString("")));
            property.put("options", options);
            properties.add(property);
        }
        return properties;
    }

    /** The org's custom Contact fields a new or updated Contact can carry, keyed by their API name. */
    List<FieldDefinition> customFields() {
        List<FieldDefinition> custom = new ArrayList<>();
        for (JsonNode field : fields) {
            boolean writable = field.path("createable").asBoolean(false) || field.path("updateable").asBoolean(false);
            if (!field.path("custom").asBoolean(false) || !writable || field.path("name").asString("").isEmpty()) {
                continue;
            }
            String name = field.path("name").asString();
            String salesforceType = field.path("type").asString("");
            custom.add(new FieldDefinition(name, typeOf(salesforceType), field.path("label").asString(name),
                    text(field.path("inlineHelpText")), constraints(field, salesforceType),
                    Map.of("name", name, "object", "Contact", "type", salesforceType)));
        }
        return custom;
    }

    /** Salesforce's field types (Object Reference, "Field Types") as the field catalog's. */
    static Type typeOf(String salesforceType) {
        return switch (salesforceType) {
            case "string", "textarea", "email", "phone", "url", "encryptedstring", "combobox", "id", "reference",
                 "time" -> Type.STRING;
            case "picklist" -> Type.ENUM;
            case "multipicklist" -> Type.MULTI_ENUM;
            case "boolean" -> Type.BOOLEAN;
            case "int", "long", "double", "currency", "percent" -> Type.NUMBER;
            case "date" -> Type.DATE;
            case "datetime" -> Type.DATETIME;
            case "address", "location" -> Type.OBJECT;
            default -> Type.UNKNOWN;
        };
    }

    private static Constraints constraints(JsonNode field, String salesforceType) {
        String format = switch (salesforceType) {
            case "email" -> "email";
            case "phone" -> "phone";
            case "url" -> "url";
            case "date" -> "date";
            case "datetime" -> "datetime";
            default -> null;
        };
        int length = field.path("length").asInt(0);
        boolean text = typeOf(salesforceType) == Type.STRING && !"reference".equals(salesforceType)
                && !"id".equals(salesforceType);
        List<String> allowed = null;
        if (salesforceType.equals("picklist") || salesforceType.equals("multipicklist")) {
            allowed = activeValues(field).stream().map(v -> v.path("value").asString("")).toList();
        }
        return new Constraints(format, null, null, text && length > 0 ? length : null, null, null, null, null, allowed);
    }

    private static List<JsonNode> activeValues(JsonNode field) {
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode value : field.path("picklistValues")) {
            if (value.path("active").asBoolean(true) && value.path("value").isString()) {
                values.add(value);
            }
        }
        return values;
    }

    private static String text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
