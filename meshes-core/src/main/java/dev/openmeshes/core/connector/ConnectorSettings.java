package dev.openmeshes.core.connector;

import java.util.Optional;

/**
 * A connection type's server settings: where its vendor is, and the server's OAuth client there.
 * {@code MESHES_CONNECTOR_<TYPE>_BASE_URL} replaces everything up to and including the vendor's
 * version prefix (so tests, mock servers and private deployments can point elsewhere),
 * {@code …_TOKEN_URL} the OAuth token endpoint; {@code MESHES_OAUTH_<TYPE>_CLIENT_ID} and
 * {@code _CLIENT_SECRET} are the client the authorization flow and refreshes use.
 *
 * @param baseUrl  without a trailing slash, when configured
 * @param tokenUrl when configured
 * @param client   when configured
 */
public record ConnectorSettings(String type, Optional<String> baseUrl, Optional<String> tokenUrl,
                                Optional<OAuthClient> client) {

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
