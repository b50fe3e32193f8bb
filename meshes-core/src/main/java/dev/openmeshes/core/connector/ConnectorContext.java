package dev.openmeshes.core.connector;

import java.time.InstantSource;
import java.util.Map;

/**
 * What a connector works with for one connection: the connection (secrets opened), its current
 * access token (kept fresh by the platform), the shared outbound HTTP client, the clock, and the
 * type's server settings. Connectors hold no per-connection state of their own.
 */
public record ConnectorContext(ConnectionConfig connection, AccessToken.Source tokens, OutboundHttp http,
                               InstantSource clock, ConnectorSettings settings) {

    /** The current OAuth access token. */
    public String accessToken() {
        return tokens.current().value();
    }

    /** What the token answer carried besides the tokens ({@code instance_url}, {@code api_domain}, …). */
    public Map<String, Object> tokenDetails() {
        return tokens.current().details();
    }

    /** A metadata value of the connection as a string, or null. */
    public String setting(String path) {
        return MetadataPaths.string(connection.metadata(), path);
    }
}
