package dev.openmeshes.connectors.activecampaign;

import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The account's custom contact fields ({@code GET /fields}) as destination fields
 * {@code fieldValues.<id>}, their options from the answer's {@code fieldOptions}.
 */
final class CustomFields {

    private CustomFields() {}

    static List<FieldDefinition> read(ActiveCampaignApi api) {
        ActiveCampaignApi.Listing listing = api.listing("/fields", "fields", "list custom fields");
        // Each page side-loads the options of its fields beside them.
        Map<String, List<String>> optionsByField = new LinkedHashMap<>();
        for (JsonNode page : listing.pages()) {
            for (JsonNode option : page.path("fieldOptions")) {
                String field = ActiveCampaignResults.text(option.path("field"));
                String value = ActiveCampaignResults.text(option.path("value"));
                if (!field.isEmpty() && !value.isEmpty()) {
                    optionsByField.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
                }
            }
        }
        List<FieldDefinition> definitions = new ArrayList<>();
        for (JsonNode field : listing.items()) {
            String id = ActiveCampaignResults.text(field.path("id"));
            if (!id.isEmpty()) {
                definitions.add(definition(id, field, optionsByField.getOrDefault(id, List.of())));
            }
        }
        return definitions;
    }

    private static FieldDefinition definition(String id, JsonNode field, List<String> options) {
        String title = ActiveCampaignResults.text(field.path("title"));
        String kind = ActiveCampaignResults.text(field.path("type"));
        Type type = switch (kind) {
            case "date" -> Type.DATE;
            case "datetime" -> Type.DATETIME;
            case "number" -> Type.NUMBER;
            case "dropdown", "radio" -> Type.ENUM;
            case "listbox", "checkbox" -> Type.MULTI_ENUM;
            default -> Type.STRING; // text, textarea, hidden, and the untyped "" of old fields
        };
        Constraints constraints = options.isEmpty() ? Constraints.NONE : Constraints.NONE.allowing(options);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("id", id);
        meta.put("type", kind);
        String perstag = ActiveCampaignResults.text(field.path("perstag"));
        if (!perstag.isEmpty()) {
            meta.put("perstag", perstag);
        }
        String description = ActiveCampaignResults.text(field.path("descript"));
        return new FieldDefinition(ActiveCampaignSpec.CUSTOM_PREFIX + id, type, title.isEmpty() ? perstag : title,
                description.isEmpty() ? null : description, constraints, meta);
    }
}
