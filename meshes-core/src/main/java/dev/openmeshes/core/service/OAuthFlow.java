package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth 2 authorization-code flow that creates (or re-authorizes) a connection: {@link #start}
 * gives the vendor's authorize URL with a {@code state} that binds the organization, workspace,
 * connection name (or the connection being re-authorized), the caller and a nonce, sealed with the
 * master key and valid for ten minutes; {@link #complete} checks it, exchanges the code for tokens
 * and saves the connection. A state is used once. A flow started by a browser says so in its state
 * ({@link Return}), so the callback sends that browser back to the dashboard; as the state is sealed,
 * nobody can make the callback redirect a browser anywhere else.
 */
public final class OAuthFlow {

    public record Started(String authorizeUrl, String state, Instant expiresAt) {}

    /**
     * Who started the flow, so who the callback answers: an API client (JSON), the dashboard's own
     * window (sent back to its page), or a window the embedded dashboard opened for the vendor's
     * consent page, which vendors refuse to show in a frame (sent to a page that tells its opener).
     */
    public enum Return { API, DASHBOARD, POPUP }

    /** Where the browser that started a flow goes back to: the connection re-authorized, or the workspace it is made in. */
    public record BrowserReturn(String type, UUID workspaceId, UUID connectionId, Return to) {}

    private record State(String type, UUID organizationId, UUID workspaceId, UUID connectionId, String name,
                         String createdBy, String nonce, long expiresAtMillis, Return to) {}

    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    private static final String STATE_CONTEXT = "oauth-state";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Store store;
    private final ConnectionService connections;
    private final OAuthTokens tokens;
    private final Connectors connectors;
    private final SecretBox box;
    private final InstantSource clock;
    private final Function<String, ConnectorSettings> settings;
    private final java.util.function.Supplier<String> callbackBase;
    /** Nonces of states already used, until they expire; a replay on another node also needs the vendor's single-use code. */
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    /** @param callbackBase the server's public URL, e.g. {@code https://meshes.example.com} (asked when needed: the port is bound late) */
    public OAuthFlow(Store store, ConnectionService connections, OAuthTokens tokens, Connectors connectors, SecretBox box,
                     InstantSource clock, Function<String, ConnectorSettings> settings,
                     java.util.function.Supplier<String> callbackBase) {
        this.store = store;
        this.connections = connections;
        this.tokens = tokens;
        this.connectors = connectors;
        this.box = box;
        this.clock = clock;
        this.settings = settings;
        this.callbackBase = callbackBase;
    }

    /** Where the vendor sends the user back: {@code /api/v1/connections/oauth/{type}/callback}. */
    public String redirectUri(String type) {
        String base = callbackBase.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/connections/oauth/" + type
                + "/callback";
    }

    /**
     * @param connectionId the connection to re-authorize, or null to create one in {@code workspaceId}
     *                     named {@code name}
     * @param to           who the callback answers
     */
    public Started start(Principal caller, String type, UUID workspaceId, String name, UUID connectionId, Return to) {
        Authentication.OAuth2 oauth = oauth(type);
        // Tenancy first: whether this server has the vendor's app is no answer for another's workspace
        if (connectionId != null) {
            Connection existing = connections.get(caller, connectionId);
            if (!existing.type().equals(type)) {
                throw Problem.invalid("connection", "is a " + existing.type() + " connection, not " + type);
            }
            workspaceId = existing.workspaceId();
            name = existing.name();
        } else {
            new Validation().check(workspaceId != null, "workspace", "is required")
                    .text("name", name == null ? type : name, 1, 128, null, null).orThrow();
            WorkspaceService.visible(store, caller, workspaceId);
        }
        ConnectorSettings.OAuthClient client = settings.apply(type).client().orElseThrow(() -> new Problem(
                Problem.Kind.UNPROCESSABLE, "oauth_not_configured", "This server has no OAuth client for " + type
                + "; its operator sets MESHES_OAUTH_" + type.toUpperCase() + "_CLIENT_ID and _CLIENT_SECRET"));
        Instant expiresAt = clock.instant().plus(STATE_LIFETIME);
        var state = new State(type, caller.organizationId(), workspaceId, connectionId, name == null ? type : name,
                caller.createdBy(), UUID.randomUUID().toString(), expiresAt.toEpochMilli(), to);
        String sealed = box.seal(JSON.writeValueAsString(state), STATE_CONTEXT);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", client.id());
        query.put("redirect_uri", redirectUri(type));
        query.put("response_type", "code");
        if (!oauth.scopes().isEmpty()) {
            query.put("scope", String.join(oauth.scopeSeparator(), oauth.scopes()));
        }
        query.putAll(oauth.authorizeParams());
        query.put("state", sealed);
        String separator = oauth.authorizeUrl().contains("?") ? "&" : "?";
        return new Started(oauth.authorizeUrl() + separator + HttpCall.formEncode(query), sealed, expiresAt);
    }

    /** The vendor sent the user back: checks the state, exchanges the code, saves the connection. */
    public Connection complete(String type, String code, String sealedState, String vendorError) {
        State state = open(sealedState);
        if (!state.type().equals(type)) {
            throw Problem.invalid("state", "was issued for " + state.type() + ", not " + type);
        }
        if (vendorError != null) {
            throw new Problem(Problem.Kind.BAD_REQUEST, "oauth_denied", "The " + type + " authorization was not "
                    + "granted: " + vendorError);
        }
        if (code == null || code.isBlank()) {
            throw Problem.invalid("code", "is required");
        }
        Instant now = clock.instant();
        used.values().removeIf(until -> until.isBefore(now));
        if (used.putIfAbsent(state.nonce(), Instant.ofEpochMilli(state.expiresAtMillis())) != null) {
            throw Problem.invalid("state", "was used already; start the authorization again");
        }
        TokenAnswer answer;
        try {
            answer = tokens.exchangeCode(type, code, redirectUri(type));
        } catch (OAuthTokens.ReauthorizationRequired e) {
            throw new Problem(Problem.Kind.BAD_REQUEST, "oauth_code_refused", e.getMessage());
        } catch (OAuthTokens.RefreshUnavailable e) {
            throw new Problem(Problem.Kind.BAD_GATEWAY, "vendor_unavailable", e.getMessage());
        }
        return connections.authorized(state.organizationId(), state.workspaceId(), state.connectionId(), type,
                state.name(), state.createdBy(), answer);
    }

    /**
     * Where to send the browser back to, if this state is one of ours, for {@code type}, started by a
     * browser; empty otherwise (an API client, or a state that is not ours, which gets no redirect).
     * Also for an expired or used state: the browser is told why on the dashboard.
     */
    public java.util.Optional<BrowserReturn> browserReturn(String type, String sealedState) {
        if (sealedState == null || sealedState.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            State state = JSON.readValue(box.open(sealedState, STATE_CONTEXT), State.class);
            return state.to() != Return.API && state.type().equals(type)
                    ? java.util.Optional.of(new BrowserReturn(type, state.workspaceId(), state.connectionId(), state.to()))
                    : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private State open(String sealed) {
        if (sealed == null || sealed.isBlank()) {
            throw Problem.invalid("state", "is required");
        }
        State state;
        try {
            state = JSON.readValue(box.open(sealed, STATE_CONTEXT), State.class);
        } catch (RuntimeException e) {
            throw Problem.invalid("state", "is not a state this server issued");
        }
        if (clock.instant().toEpochMilli() > state.expiresAtMillis()) {
            throw Problem.invalid("state", "has expired; start the authorization again");
        }
        return state;
    }

    private Authentication.OAuth2 oauth(String type) {
        Connector connector = connectors.require(type);
        if (!(connector.spec().authentication() instanceof Authentication.OAuth2 oauth)) {
            throw Problem.invalid("type", type + " does not use OAuth; create it with its credentials in metadata");
        }
        return oauth;
    }
}
