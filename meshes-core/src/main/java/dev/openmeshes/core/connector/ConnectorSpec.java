package dev.openmeshes.core.connector;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a connection type is, declared once: its authentication, its connection fields, its
 * actions and the destination fields they write, and the vendor's rate limit. Validation of a
 * connection's {@code metadata}, its defaults, which fields are sealed and redacted, the rule
 * metadata each action needs, the field catalog and the {@code GET /api/v1/integrations} entry
 * are all derived from it: there is no second list of keys to keep in step.
 *
 * @param rateLimit       how fast one connection may call the vendor, or null for no limit of ours
 * @param operatorSecrets names of secrets the server's operator supplies for the whole type rather than
 *                        each connection (Discord's app-wide {@code bot_token}), read from
 *                        {@code MESHES_CONNECTOR_<TYPE>_<NAME>} into {@link ConnectorSettings#operatorSecret}
 */
public record ConnectorSpec(String type, String name, Authentication authentication, List<ConnectionField> fields,
                            List<ActionSpec> actions, RateLimit rateLimit, List<String> operatorSecrets) {

    /** {@code permits} calls per {@code per}, per connection, as a token bucket. */
    public record RateLimit(int permits, Duration per) {}

    /** Metadata keys every type accepts besides its own fields. */
    public static final String SKIP_TEST = "skip_url_test";
    /** OAuth types: tokens supplied directly (self-hosters and tests) instead of by the authorization flow. */
    public static final String OAUTH_TOKENS = "oauth";

    private static final int MAX_TEXT = 2048;

    public ConnectorSpec {
        fields = List.copyOf(fields);
        actions = List.copyOf(actions);
        operatorSecrets = operatorSecrets == null ? List.of() : List.copyOf(operatorSecrets);
    }

    /** A type whose credentials all belong to its connections: no operator secrets. */
    public ConnectorSpec(String type, String name, Authentication authentication, List<ConnectionField> fields,
                         List<ActionSpec> actions, RateLimit rateLimit) {
        this(type, name, authentication, fields, actions, rateLimit, List.of());
    }

    public Optional<ActionSpec> action(String key) {
        return actions.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    /** A delivery refused before any call: the rule names an action this type does not have. */
    public DeliveryResult unknownAction(String key) {
        return DeliveryResult.refused(DeliveryResult.Outcome.REJECTED_CLIENT_ERROR, name + " has no action '" + key
                + "'; known: " + actions.stream().map(ActionSpec::key).toList());
    }

    public boolean oauth() {
        return authentication instanceof Authentication.OAuth2;
    }

    /** Dot paths of the fields sealed at rest, masked in answers and redacted from recorded requests. */
    public Set<String> secretPaths() {
        var paths = new LinkedHashSet<String>();
        fields.stream().filter(ConnectionField::secret).forEach(f -> paths.add(f.key()));
        return paths;
    }

    /** Every destination field any action writes, each key once, in declaration order. */
    public List<FieldDefinition> destinationFields() {
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        actions.forEach(a -> a.writes().forEach(f -> byKey.putIfAbsent(f.key(), f)));
        return List.copyOf(byKey.values());
    }

    /** The catalog entry of {@code GET /api/v1/integrations}. */
    public Integration toIntegration() {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("type", authentication.code());
        auth.put("fields", fields.stream().map(ConnectionField::toJson).toList());
        if (oauth()) {
            auth.put("oauth", Map.of("version", 2));
        }
        Map<String, Integration.Action> byKey = new LinkedHashMap<>();
        actions.forEach(a -> byKey.put(a.key(), a.toIntegration()));
        return new Integration(type, name, auth, byKey);
    }

    /**
     * Checks a connection's metadata as a client sent it against the declared fields and returns it
     * with defaults filled in. A field applies when what it depends on holds; an applying required
     * field must be present; values must be strings of the declared kind; unknown keys are refused
     * (a typo must not silently leave a setting out). Every refusal names its field, e.g. {@code metadata.api_key}.
     */
    public Map<String, Object> validate(Map<String, Object> metadata) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> normalized = new LinkedHashMap<>();
        Set<String> known = new LinkedHashSet<>();
        fields.forEach(f -> known.add(f.key().split("\\.")[0]));
        known.add(SKIP_TEST);
        if (oauth()) {
            known.add(OAUTH_TOKENS);
        }
        for (String key : metadata.keySet()) {
            if (!known.contains(key)) {
                errors.add(new FieldError("metadata." + key, "is not a setting of " + type + "; known: " + known));
            }
        }
        for (ConnectionField field : fields) {
            if (!applies(field, metadata)) {
                continue;
            }
            Object value = MetadataPaths.get(metadata, field.key());
            if (value == null || (value instanceof String s && s.isBlank())) {
                if (field.defaultValue() != null) {
                    MetadataPaths.put(normalized, field.key(), field.defaultValue());
                } else if (field.mandatory()) {
                    errors.add(new FieldError("metadata." + field.key(), "is required"));
                }
                continue;
            }
            String problem = problemWith(field, value);
            if (problem != null) {
                errors.add(new FieldError("metadata." + field.key(), problem));
            } else {
                MetadataPaths.put(normalized, field.key(), ((String) value).strip());
            }
        }
        Object skip = metadata.get(SKIP_TEST);
        if (skip != null && !(skip instanceof Boolean)) {
            errors.add(new FieldError("metadata." + SKIP_TEST, "must be true or false"));
        } else if (skip != null) {
            normalized.put(SKIP_TEST, skip);
        }
        Object tokens = metadata.get(OAUTH_TOKENS);
        if (tokens != null && oauth()) {
            normalized.put(OAUTH_TOKENS, tokens); // checked and moved to the token store by the platform
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return normalized;
    }

    private static boolean applies(ConnectionField field, Map<String, Object> metadata) {
        if (field.dependsOn() == null) {
            return true;
        }
        Object value = MetadataPaths.get(metadata, field.dependsOn().field());
        return value != null && field.dependsOn().values().contains(String.valueOf(value));
    }

    private static String problemWith(ConnectionField field, Object value) {
        if (!(value instanceof String text)) {
            return "must be a string";
        }
        if (text.length() > MAX_TEXT) {
            return "must be at most " + MAX_TEXT + " characters";
        }
        if (!field.options().isEmpty() && field.options().stream().noneMatch(o -> o.value().equals(text.strip()))) {
            return "must be one of " + field.options().stream().map(ConnectionField.Option::value).toList();
        }
        if (field.url() && !absoluteHttpUrl(text.strip())) {
            return "must be an absolute http(s) URL";
        }
        return null;
    }

    private static boolean absoluteHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawUserInfo() == null;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Checks a rule's metadata: a declared action, and every required input of it present. Refusals
     * name {@code metadata.action} or the missing key.
     */
    public void checkRule(Map<String, ?> ruleMetadata) {
        Object actionKey = ruleMetadata.get("action");
        ActionSpec action = action(String.valueOf(actionKey)).orElseThrow(() -> Problem.invalid("metadata.action",
                "unknown action '" + actionKey + "' for " + type + "; known: "
                        + actions.stream().map(ActionSpec::key).toList()));
        List<FieldError> errors = new ArrayList<>();
        for (ActionInput input : action.inputs()) {
            List<String> keys = input instanceof ActionInput.PickWithOption a ? a.fields() : List.of(input.field());
            for (String key : keys) {
                Object value = ruleMetadata.get(key);
                if (input.required() && (value == null || String.valueOf(value).isBlank())) {
                    errors.add(new FieldError("metadata." + key, "is required by action " + action.key()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }
}
