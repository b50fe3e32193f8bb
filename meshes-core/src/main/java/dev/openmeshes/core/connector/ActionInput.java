package dev.openmeshes.core.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule of an action asks its author for (the {@code data} descriptors of §5.9): an item
 * picked from the connection's live action data, a direct entry, or an item and one of its options.
 */
public sealed interface ActionInput {

    /** The rule-metadata key the input is written to ({@code id}, {@code value}, {@code template}, …). */
    String field();

    boolean required();

    Map<String, Object> toJson();

    /**
     * Pick one item of the live action data listed under {@code key} (e.g. {@code lists}); its id
     * goes to {@code metadata.<field>}. Kind {@code simple}.
     */
    record Pick(String key, String field, String label, String noun, boolean required) implements ActionInput {
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("key", key);
            json.put("field", field);
            json.put("kind", "simple");
            json.put("label", label);
            json.put("noun", noun);
            json.put("required", required);
            return json;
        }
    }

    /**
     * A value typed in: a template, a title, a subject. Kind {@code field}.
     *
     * @param type   {@code text}, {@code textarea}, {@code password} or {@code select}
     * @param insert how payload values are written into its template: as they are, or HTML-escaped
     *               for a template that is HTML (an email body), so an event cannot add markup
     */
    record Entry(String key, String field, String label, String type, String description, String placeholder,
                 boolean required, Insert insert) implements ActionInput {

        /** How a template's {@code {{…}}} placeholders write payload values. */
        public enum Insert { AS_IS, HTML_ESCAPED }

        public Entry(String key, String field, String label, String type, String description, String placeholder,
                     boolean required) {
            this(key, field, label, type, description, placeholder, required, Insert.AS_IS);
        }

        /** The same entry, its template HTML whose inserted payload values are escaped. */
        public Entry html() {
            return new Entry(key, field, label, type, description, placeholder, required, Insert.HTML_ESCAPED);
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("key", key);
            json.put("field", field);
            json.put("kind", "field");
            json.put("label", label);
            json.put("type", type);
            if (description != null) {
                json.put("description", description);
            }
            if (placeholder != null) {
                json.put("placeholder", placeholder);
            }
            json.put("required", required);
            return json;
        }
    }

    /**
     * Pick an item (to {@code metadata.<field>}) and then one of its options or a value (to
     * {@code metadata.<optionField>}), e.g. a property and the value to set. Kind {@code advanced}.
     *
     * @param optionType {@code select} to choose among the item's options, {@code array} for free values
     */
    record PickWithOption(String key, String field, String label, String noun, String optionField, String optionLabel,
                          String optionType, boolean required) implements ActionInput {
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("key", key);
            json.put("field", field);
            json.put("kind", "advanced");
            json.put("label", label);
            json.put("noun", noun);
            json.put("required", required);
            json.put("options", Map.of(
                    "key", "options",
                    "field", optionField,
                    "length", 1,
                    "display", Map.of("label", optionLabel, "button", "Choose", "description",
                            "The value the " + noun + " is set to"),
                    "type", optionType,
                    "entity", "select".equals(optionType) ? "option" : "string"));
            return json;
        }

        /** Both metadata keys this input writes. */
        public List<String> fields() {
            return List.of(field, optionField);
        }
    }
}
