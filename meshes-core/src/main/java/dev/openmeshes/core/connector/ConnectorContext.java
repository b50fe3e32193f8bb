package dev.openmeshes.core.connector;

import java.time.InstantSource;
import java.util.Map;

/**
 * What a connector works with for one connection: the connection (secrets opened), its current
 * access token (kept fresh by the platform), the shared outbound HTTP clients, the clock, and the
 * type's server settings. Connectors hold no per-connection state of their own.
 *
 * @param http        for the vendor URLs the operator configured or the type declares: goes anywhere
 * @param guardedHttp for URLs that came from a client or a token answer (Salesforce's
 *                    {@code instance_url}, …): behind the SSRF guard, so such a URL cannot reach the
 *                    server's own network unless the operator allow-listed it ({@code MESHES_WEBHOOK_ALLOW_HOSTS})
 */
public record ConnectorContext(ConnectionConfig connection, AccessToken.Source tokens, OutboundHttp http,
                               OutboundHttp guardedHttp, InstantSource clock, ConnectorSettings settings) {

    /** One client for both kinds of URL: for tests against a stub on loopback. */
    public ConnectorContext(ConnectionConfig connection, AccessToken.Source tokens, OutboundHttp http,
                            InstantSource clock, ConnectorSettings settings) {
        this(connection, tokens, http, http, clock, settings);
    }

    /** The current OAuth access token. */
    public String accessToken() {
        return tokens.current().value();
    }

    /** The current access token, or null for a connection that has none (blank, or not an OAuth type). */
    public String accessTokenOrNull() {
        try {
            String token = accessToken();
            return token == null || token.isBlank() ? null : token;
        } catch (IllegalStateException none) {
            return null;
        }
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
