package dev.openmeshes.core.connector;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A connection type's server settings: where its vendor is, and the server's OAuth client there.
 * {@code MESHES_CONNECTOR_<TYPE>_BASE_URL} replaces everything up to and including the vendor's
 * version prefix (so tests, mock servers and private deployments can point elsewhere),
 * {@code …_TOKEN_URL} the OAuth token endpoint; {@code MESHES_OAUTH_<TYPE>_CLIENT_ID} and
 * {@code _CLIENT_SECRET} are the client the authorization flow and refreshes use;
 * {@code MESHES_CONNECTOR_<TYPE>_<NAME>} each operator secret the type declares
 * ({@link ConnectorSpec#operatorSecrets}).
 *
 * @param baseUrl         without a trailing slash, when configured
 * @param tokenUrl        when configured
 * @param client          when configured
 * @param operatorSecrets the configured operator secrets by declared name; never shown by {@link #toString}
 */
public record ConnectorSettings(String type, Optional<String> baseUrl, Optional<String> tokenUrl,
                                Optional<OAuthClient> client, Map<String, String> operatorSecrets) {

    /** The server's OAuth client at a vendor. */
    public record OAuthClient(String id, String secret) {
        @Override
        public String toString() {
            return "OAuthClient[id=" + id + "]"; // never the secret
        }
    }

    public static ConnectorSettings defaults(String type) {
        return new ConnectorSettings(type, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ConnectorSettings {
        baseUrl = baseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        operatorSecrets = operatorSecrets == null ? Map.of() : Map.copyOf(operatorSecrets);
    }

    /** Settings without operator secrets. */
    public ConnectorSettings(String type, Optional<String> baseUrl, Optional<String> tokenUrl,
                             Optional<OAuthClient> client) {
        this(type, baseUrl, tokenUrl, client, Map.of());
    }

    /** The same settings with one more operator secret (tests and the environment reader). */
    public ConnectorSettings withOperatorSecret(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(operatorSecrets);
        more.put(name, value);
        return new ConnectorSettings(type, baseUrl, tokenUrl, client, more);
    }

    /** An operator secret the type declares, when the server was given it. */
    public Optional<String> operatorSecret(String name) {
        return Optional.ofNullable(operatorSecrets.get(name));
    }

    /** The environment variable that supplies operator secret {@code name}, e.g. {@code MESHES_CONNECTOR_DISCORD_BOT_TOKEN}. */
    public static String operatorSecretVariable(String type, String name) {
        return "MESHES_CONNECTOR_" + type.toUpperCase(Locale.ROOT) + "_" + name.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ConnectorSettings[type=" + type + ", baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", client="
                + client + ", operatorSecrets=" + operatorSecrets.keySet() + "]"; // names only, never a value
    }

    /** The configured base URL, else the vendor's (which may depend on the connection, e.g. a data center). */
    public String baseUrl(String vendorBase) {
        return baseUrl.orElse(vendorBase);
    }

    /** The configured token URL, else the one the type declares. */
    public String tokenUrl(String declared) {
        return tokenUrl.orElse(declared);
    }
}
