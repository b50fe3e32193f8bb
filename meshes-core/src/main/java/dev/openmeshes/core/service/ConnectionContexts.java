package dev.openmeshes.core.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.OutboundHttp;
import dev.openmeshes.core.model.Connection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the {@link ConnectorContext} a connector works with for one connection: its metadata with
 * secrets opened, its current OAuth token, the shared outbound client, the clock, the type's settings.
 */
public final class ConnectionContexts {

    private final Connectors connectors;
    private final ConnectionSecrets secrets;
    private final OAuthTokens tokens;
    private final OutboundHttp http;
    private final OutboundHttp guardedHttp;
    private final InstantSource clock;
    private final Function<String, ConnectorSettings> settings;
    private final Cache<Version, Map<String, Object>> openedCache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    public ConnectionContexts(Connectors connectors, ConnectionSecrets secrets, OAuthTokens tokens, OutboundHttp http,
                              OutboundHttp guardedHttp, InstantSource clock,
                              Function<String, ConnectorSettings> settings) {
        this.connectors = connectors;
        this.secrets = secrets;
        this.tokens = tokens;
        this.http = http;
        this.guardedHttp = guardedHttp;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The context of a stored connection. An OAuth connection's token is read (and refreshed when
     * it is about to expire) now, so a connector never meets a refusal halfway.
     *
     * @throws OAuthTokens.ReauthorizationRequired when the vendor refused to refresh it
     * @throws OAuthTokens.RefreshUnavailable      when the token endpoint could not be reached
     */
    public ConnectorContext of(Connection connection) {
        Connector connector = connectors.require(connection.type());
        AccessToken token = connector.spec().oauth() ? tokens.current(connection) : null;
        return of(connection, opened(connection), token);
    }

    /**
     * The context of a stored connection whose OAuth token is read only if the connector asks for it
     * (a declared field catalog needs none), for API requests, which answer a refusal as such.
     */
    public ConnectorContext lazily(Connection connection) {
        Connector connector = connectors.require(connection.type());
        AccessToken.Source source = !connector.spec().oauth() ? AccessToken.Source.NONE : new AccessToken.Source() {
            private AccessToken token;

            @Override
            public synchronized AccessToken current() {
                if (token == null) {
                    token = tokens.current(connection);
                }
                return token;
            }
        };
        return context(connection, opened(connection), source);
    }

    /** The context of a connection with these (opened) metadata and this token (null: none). */
    public ConnectorContext of(Connection connection, Map<String, Object> openedMetadata, AccessToken token) {
        return context(connection, openedMetadata, token == null ? AccessToken.Source.NONE : () -> token);
    }

    private ConnectorContext context(Connection connection, Map<String, Object> openedMetadata, AccessToken.Source tokens) {
        var config = new ConnectionConfig(connection.id(), connection.organizationId(), connection.workspaceId(),
                connection.type(), connection.name(), openedMetadata);
        return new ConnectorContext(config, tokens, http, guardedHttp, clock, settings(connection.type()));
    }

    /**
     * The connection's metadata with its secrets opened; kept a few seconds per version of the
     * connection, so a stream of deliveries does not decrypt them for every attempt.
     */
    public Map<String, Object> opened(Connection connection) {
        return openedCache.get(new Version(connection.id(), connection.updatedAt()), v -> secrets.open(connection.id(),
                connection.metadata(), connectors.require(connection.type()).spec().secretPaths()));
    }

    private record Version(java.util.UUID connectionId, java.time.Instant updatedAt) {}

    public ConnectorSettings settings(String type) {
        return settings.apply(type);
    }
}
