package dev.openmeshes.server;

import dev.openmeshes.connectors.webhook.AllowList;
import dev.openmeshes.connectors.webhook.WebhookOptions;
import dev.openmeshes.core.connector.ConnectorSettings;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Each connection type's settings from the environment: {@code MESHES_CONNECTOR_<TYPE>_BASE_URL},
 * {@code MESHES_CONNECTOR_<TYPE>_TOKEN_URL}, {@code MESHES_OAUTH_<TYPE>_CLIENT_ID} and
 * {@code _CLIENT_SECRET}, and {@code MESHES_CONNECTOR_<TYPE>_<SECRET>} for each operator secret the
 * type declares (Discord's {@code BOT_TOKEN}). These are the operator's, so the webhook SSRF guard does not apply to them.
 * A malformed URL, half an OAuth client, or a variable naming a type this server does not have stops
 * the server with the variable's name (a typo must not silently send traffic to the real vendor).
 */
final class ConnectorEnv {

    private static final String CONNECTOR = "MESHES_CONNECTOR_";
    private static final String OAUTH = "MESHES_OAUTH_";

    private ConnectorEnv() {}

    /** The webhook type's own settings: {@code MESHES_WEBHOOK_ALLOW_HOSTS}. */
    static WebhookOptions webhook(Env env) {
        String allowHosts = env.text(WebhookOptions.ALLOW_HOSTS_ENV);
        try {
            return WebhookOptions.defaults().withAllowList(AllowList.parse(allowHosts));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(WebhookOptions.ALLOW_HOSTS_ENV, allowHosts,
                    "comma-separated host names, IP addresses or CIDR blocks (" + e.getMessage() + ")");
        }
    }

    static Map<String, ConnectorSettings> read(Env env, Collection<String> types) {
        return read(env, types, Map.of());
    }

    /**
     * @param operatorSecrets the operator secrets each type declares, by type (a type left out declares none)
     */
    static Map<String, ConnectorSettings> read(Env env, Collection<String> types,
                                               Map<String, List<String>> operatorSecrets) {
        Map<String, ConnectorSettings> settings = new LinkedHashMap<>();
        for (String type : types) {
            String prefix = type.toUpperCase(Locale.ROOT);
            String clientId = env.text(OAUTH + prefix + "_CLIENT_ID");
            String clientSecret = env.text(OAUTH + prefix + "_CLIENT_SECRET");
            if ((clientId == null) != (clientSecret == null)) {
                String missing = OAUTH + prefix + (clientId == null ? "_CLIENT_ID" : "_CLIENT_SECRET");
                throw new InvalidSetting(missing, "", "set together with "
                        + OAUTH + prefix + (clientId == null ? "_CLIENT_SECRET" : "_CLIENT_ID"));
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            for (String secret : operatorSecrets.getOrDefault(type, List.of())) {
                String value = env.text(ConnectorSettings.operatorSecretVariable(type, secret));
                if (value != null) {
                    secrets.put(secret, value);
                }
            }
            settings.put(type, new ConnectorSettings(type,
                    url(env, CONNECTOR + prefix + "_BASE_URL"), url(env, CONNECTOR + prefix + "_TOKEN_URL"),
                    clientId == null ? Optional.empty()
                            : Optional.of(new ConnectorSettings.OAuthClient(clientId, clientSecret)), secrets));
        }
        for (String name : env.values().keySet()) {
            boolean ours = name.startsWith(CONNECTOR) || name.startsWith(OAUTH);
            if (ours && types.stream().noneMatch(t -> knownVariable(name, t, operatorSecrets.getOrDefault(t, List.of())))) {
                throw new InvalidSetting(name, "(set)", "one of MESHES_CONNECTOR_<TYPE>_BASE_URL, _TOKEN_URL, "
                        + "MESHES_OAUTH_<TYPE>_CLIENT_ID, _CLIENT_SECRET, or MESHES_CONNECTOR_<TYPE>_<SECRET> for a "
                        + "secret the type declares, for a type of " + types);
            }
        }
        return settings;
    }

    private static boolean knownVariable(String name, String type, List<String> secrets) {
        String prefix = type.toUpperCase(Locale.ROOT);
        return name.equals(CONNECTOR + prefix + "_BASE_URL") || name.equals(CONNECTOR + prefix + "_TOKEN_URL")
                || name.equals(OAUTH + prefix + "_CLIENT_ID") || name.equals(OAUTH + prefix + "_CLIENT_SECRET")
                || secrets.stream().anyMatch(s -> name.equals(ConnectorSettings.operatorSecretVariable(type, s)));
    }

    private static Optional<String> url(Env env, String name) {
        return Optional.ofNullable(env.url(name));
    }
}
