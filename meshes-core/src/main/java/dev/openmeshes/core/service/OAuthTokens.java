package dev.openmeshes.core.service;

import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.OutboundHttp;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.store.ConnectionTokens.Tokens;
import dev.openmeshes.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth tokens of connections: sealed at rest, handed to connectors while fresh, refreshed a
 * little before they expire (or when the vendor calls one expired) by exactly one node at a time.
 * The refresh claim is a lease row in the store, so every node sees it; the vendor is called
 * outside any transaction, and the others wait for the new tokens to appear.
 */
public final class OAuthTokens {

    /** The vendor refused the refresh (or there is nothing to refresh with): the user must authorize again. */
    public static final class ReauthorizationRequired extends RuntimeException {
        public ReauthorizationRequired(String message) {
            super(message, null, false, false);
        }
    }

    /** The token endpoint could not be reached or failed; trying later may work. */
    public static final class RefreshUnavailable extends RuntimeException {
        public RefreshUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Refresh this long before the vendor's expiry, so no call goes out with a token about to lapse. */
    static final Duration EARLY = Duration.ofMinutes(2);
    private static final Duration CLAIM = Duration.ofSeconds(30);
    private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** This node; each refresh claims in its own name below it, so two threads here never both hold the claim. */
    private final String node = "tokens-" + UUID.randomUUID();
    private final Store store;
    private final SecretBox box;
    private final Connectors connectors;
    private final OutboundHttp http;
    private final InstantSource clock;
    private final Function<String, ConnectorSettings> settings;

    public OAuthTokens(Store store, SecretBox box, Connectors connectors, OutboundHttp http, InstantSource clock,
                       Function<String, ConnectorSettings> settings) {
        this.store = store;
        this.box = box;
        this.connectors = connectors;
        this.http = http;
        this.clock = clock;
        this.settings = settings;
    }

    /** The tokens, sealed, as the store keeps them for the connection. */
    public Tokens sealed(Connection connection, TokenAnswer answer, Instant now) {
        UUID id = connection.id();
        return new Tokens(id, connection.organizationId(), box.seal(answer.accessToken(), context(id, "access")),
                answer.refreshToken() == null ? null : box.seal(answer.refreshToken(), context(id, "refresh")),
                answer.expiresAt(), write(answer.details()), 0, null, null, now);
    }

    /** The token an answer gives, as a connector sees it (before it is stored, e.g. for the credential check). */
    public static AccessToken token(TokenAnswer answer) {
        return new AccessToken(answer.accessToken(), answer.expiresAt(), answer.details());
    }

    /**
     * The connection's current access token, refreshed first when it expires within {@link #EARLY}.
     *
     * @throws ReauthorizationRequired when there is no token, or the vendor refused to refresh it
     * @throws RefreshUnavailable      when it has expired and the token endpoint cannot be reached
     */
    public AccessToken current(Connection connection) {
        Tokens tokens = store.connectionTokens().find(connection.organizationId(), connection.id())
                .orElseThrow(() -> new ReauthorizationRequired("the connection has no OAuth tokens; authorize it again"));
        if (expiresSoon(tokens) && refreshable(connection.type())) {
            return refresh(connection, tokens);
        }
        return open(tokens);
    }

    /**
     * The vendor refused {@code rejected} as expired: a fresher token, from another node's refresh or
     * from one done now.
     */
    public AccessToken afterRejection(Connection connection, AccessToken rejected) {
        Tokens tokens = store.connectionTokens().find(connection.organizationId(), connection.id())
                .orElseThrow(() -> new ReauthorizationRequired("the connection has no OAuth tokens; authorize it again"));
        AccessToken stored = open(tokens);
        if (!stored.value().equals(rejected.value())) {
            return stored;
        }
        if (!refreshable(connection.type())) {
            throw new ReauthorizationRequired("the vendor refused the access token, which cannot be refreshed");
        }
        return refresh(connection, tokens);
    }

    /** Exchanges an authorization code for tokens (the flow's callback). */
    public TokenAnswer exchangeCode(String type, String code, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        return callTokenEndpoint(type, form);
    }

    private AccessToken refresh(Connection connection, Tokens seen) {
        Instant deadline = clock.instant().plus(WAIT_FOR_OTHERS);
        UUID org = connection.organizationId();
        UUID id = connection.id();
        String owner = node + ":" + UUID.randomUUID();
        while (true) {
            Instant now = clock.instant();
            if (store.connectionTokens().claimRefresh(org, id, owner, now, now.plus(CLAIM))) {
                Tokens latest = store.connectionTokens().find(org, id).orElse(seen);
                if (latest.version() != seen.version()) { // another node refreshed between our read and our claim
                    store.connectionTokens().releaseClaim(org, id, owner);
                    return open(latest);
                }
                return refreshClaimed(connection, latest, owner);
            }
            Optional<Tokens> latest = store.connectionTokens().find(org, id);
            if (latest.isPresent() && latest.get().version() != seen.version()) {
                return open(latest.get());
            }
            if (now.isAfter(deadline)) {
                if (!expired(seen)) {
                    return open(seen);
                }
                throw new RefreshUnavailable("another node is refreshing the token and has not finished");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private AccessToken refreshClaimed(Connection connection, Tokens tokens, String owner) {
        try {
            if (tokens.sealedRefreshToken() == null) {
                throw new ReauthorizationRequired("the access token expired and the vendor gave no refresh token");
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", box.open(tokens.sealedRefreshToken(), context(connection.id(), "refresh")));
            TokenAnswer answer = callTokenEndpoint(connection.type(), form);
            Map<String, Object> details = new LinkedHashMap<>(read(tokens.extraJson()));
            details.putAll(answer.details()); // a refresh answer may leave out what the first one said (instance_url)
            // Vendors that rotate refresh tokens (Zoom) send a new one; the others keep the old one valid.
            String refreshToken = answer.refreshToken() != null ? answer.refreshToken()
                    : box.open(tokens.sealedRefreshToken(), context(connection.id(), "refresh"));
            TokenAnswer merged = new TokenAnswer(answer.accessToken(), refreshToken, answer.expiresAt(), details);
            Tokens saved = sealed(connection, merged, clock.instant());
            store.connectionTokens().save(saved);
            return token(merged);
        } catch (RuntimeException e) {
            store.connectionTokens().releaseClaim(connection.organizationId(), connection.id(), owner);
            if (e instanceof RefreshUnavailable && !expired(tokens)) {
                return open(tokens); // still valid for a while: the next call tries again
            }
            throw e;
        }
    }

    private TokenAnswer callTokenEndpoint(String type, Map<String, String> form) {
        var spec = connectors.require(type).spec();
        if (!(spec.authentication() instanceof Authentication.OAuth2 oauth)) {
            throw new IllegalArgumentException(type + " does not use OAuth");
        }
        ConnectorSettings typeSettings = settings.apply(type);
        ConnectorSettings.OAuthClient client = typeSettings.client().orElseThrow(() -> new ReauthorizationRequired(
                "the server has no OAuth client for " + type + " (MESHES_OAUTH_" + type.toUpperCase()
                        + "_CLIENT_ID and _CLIENT_SECRET)"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (oauth.clientAuth() == Authentication.OAuth2.ClientAuth.BASIC) {
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (client.id() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", client.id());
            form.put("client_secret", client.secret());
        }
        HttpExchange exchange = http.send(HttpCall.form(typeSettings.tokenUrl(oauth.tokenUrl()), headers,
                HttpCall.formEncode(form)));
        if (!exchange.answered()) {
            throw new RefreshUnavailable("the " + type + " token endpoint: " + exchange.failureMessage());
        }
        if (exchange.status() == 429 || exchange.status() >= 500) {
            throw new RefreshUnavailable("the " + type + " token endpoint answered HTTP " + exchange.status());
        }
        JsonNode answer = readTree(exchange.body());
        TokenAnswer tokens = exchange.ok() ? TokenAnswer.parse(answer, clock.instant()) : null;
        if (tokens == null) { // 4xx (invalid_grant, invalid_client, …) or a 200 without a token (Slack's ok:false)
            String error = answer.path("error").isString() ? answer.path("error").asString() : "HTTP " + exchange.status();
            throw new ReauthorizationRequired("the " + type + " token endpoint refused: " + error);
        }
        return tokens;
    }

    private AccessToken open(Tokens tokens) {
        return new AccessToken(box.open(tokens.sealedAccessToken(), context(tokens.connectionId(), "access")),
                tokens.expiresAt(), read(tokens.extraJson()));
    }

    private boolean refreshable(String type) {
        return connectors.require(type).spec().authentication() instanceof Authentication.OAuth2 oauth && oauth.refreshes();
    }

    private boolean expiresSoon(Tokens tokens) {
        return tokens.expiresAt() != null && !clock.instant().plus(EARLY).isBefore(tokens.expiresAt());
    }

    private boolean expired(Tokens tokens) {
        return tokens.expiresAt() != null && !clock.instant().isBefore(tokens.expiresAt());
    }

    private static String context(UUID connectionId, String which) {
        return "connection:" + connectionId + ":oauth:" + which;
    }

    private static String write(Map<String, Object> details) {
        return JSON.writeValueAsString(details);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return JSON.readValue(json, Map.class);
    }

    private static JsonNode readTree(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException notJson) {
            return JSON.createObjectNode();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefreshUnavailable("interrupted while waiting for another node's refresh");
        }
    }
}
