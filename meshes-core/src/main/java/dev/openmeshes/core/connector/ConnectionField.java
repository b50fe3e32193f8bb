package dev.openmeshes.core.connector;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One setting of a connection, declared once in its type's {@link ConnectorSpec}: the form field of
 * the integrations catalog, the validation of {@code metadata}, and (when {@link #secret()}) what is
 * sealed at rest and masked in answers.
 *
 * @param key          a dot path into {@code metadata}, e.g. {@code api_key} or {@code auth.password}
 * @param mandatory    the field must be given (when it applies)
 * @param defaultValue filled in when the client leaves the field out, or null
 * @param dependsOn    the field applies (is shown and required) only when another has one of some values
 * @param url          the value must be an absolute http(s) URL
 */
public record ConnectionField(String key, String label, Kind kind, String helpText, boolean mandatory, Object defaultValue,
                              List<Option> options, DependsOn dependsOn, boolean url) {

    public enum Kind {
        TEXT, PASSWORD, SELECT, TEXTAREA;

        public String code() {
            return name().toLowerCase();
        }
    }

    public record Option(String label, String value) {}

    public record DependsOn(String field, List<String> values) {
        public DependsOn {
            values = List.copyOf(values);
        }
    }

    public ConnectionField {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public static ConnectionField text(String key, String label) {
        return new ConnectionField(key, label, Kind.TEXT, null, false, null, List.of(), null, false);
    }

    /** A secret: sealed at rest, never answered in clear, redacted wherever it would be recorded. */
    public static ConnectionField secret(String key, String label) {
        return new ConnectionField(key, label, Kind.PASSWORD, null, false, null, List.of(), null, false);
    }

    public static ConnectionField select(String key, String label, String... values) {
        return new ConnectionField(key, label, Kind.SELECT, null, false, null,
                Arrays.stream(values).map(v -> new Option(v, v)).toList(), null, false);
    }

    public ConnectionField help(String text) {
        return new ConnectionField(key, label, kind, text, mandatory, defaultValue, options, dependsOn, url);
    }

    public ConnectionField required() {
        return new ConnectionField(key, label, kind, helpText, true, defaultValue, options, dependsOn, url);
    }

    public ConnectionField defaultingTo(Object value) {
        return new ConnectionField(key, label, kind, helpText, mandatory, value, options, dependsOn, url);
    }

    public ConnectionField when(String field, String... values) {
        return new ConnectionField(key, label, kind, helpText, mandatory, defaultValue, options,
                new DependsOn(field, List.of(values)), url);
    }

    public ConnectionField asUrl() {
        return new ConnectionField(key, label, kind, helpText, mandatory, defaultValue, options, dependsOn, true);
    }

    public ConnectionField textarea() {
        return new ConnectionField(key, label, Kind.TEXTAREA, helpText, mandatory, defaultValue, options, dependsOn, url);
    }

    public boolean secret() {
        return kind == Kind.PASSWORD;
    }

    /** As {@code authentication.fields[]} of the integrations catalog shows it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", label);
        json.put("key", key);
        json.put("type", kind.code());
        if (helpText != null) {
            json.put("helpText", helpText);
        }
        json.put("required", mandatory);
        if (url) {
            json.put("validate", "url");
        }
        if (defaultValue != null) {
            json.put("defaultValue", defaultValue);
        }
        if (!options.isEmpty()) {
            json.put("options", options.stream().map(o -> Map.of("label", o.label(), "value", o.value())).toList());
        }
        if (dependsOn != null) {
            json.put("dependsOn", Map.of("field", dependsOn.field(),
                    "value", dependsOn.values().size() == 1 ? dependsOn.values().getFirst() : dependsOn.values()));
        }
        return json;
    }
}
