package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.VendorException;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Connection use cases. Metadata is validated by the type's connector, secrets in it are sealed
 * before they are stored, and a new or changed connection is tested unless the client set
 * {@code skip_url_test}. Connections of workspaces the caller cannot reach are "not found".
 */
public final class ConnectionService {

    public record NewConnection(UUID workspaceId, String type, String name, Map<String, Object> metadata, boolean hidden) {}

    public record ConnectionChanges(String name, Map<String, Object> metadata, Boolean hidden, Boolean active) {}

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9 _-]+$");

    private final Store store;
    private final Connectors connectors;
    private final ConnectionSecrets secrets;
    private final ConnectionContexts contexts;
    private final OAuthTokens tokens;
    private final InstantSource clock;

    public ConnectionService(Store store, Connectors connectors, ConnectionSecrets secrets, ConnectionContexts contexts,
                             OAuthTokens tokens, InstantSource clock) {
        this.store = store;
        this.connectors = connectors;
        this.secrets = secrets;
        this.contexts = contexts;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Connection create(Principal caller, NewConnection request) {
        new Validation()
                .check(request.workspaceId() != null, "workspace", "is required")
                .check(request.type() != null, "type", "is required")
                .text("name", request.name(), 1, 128, NAME, "may contain only letters, digits, spaces, '_' and '-'")
                .check(request.metadata() != null, "metadata", "must be an object")
                .orThrow();
        Connector connector = connectors.require(request.type());
        WorkspaceService.visible(store, caller, request.workspaceId());
        Map<String, Object> metadata = new LinkedHashMap<>(connector.validate(request.metadata()));
        TokenAnswer supplied = suppliedTokens(connector, metadata);
        if (connector.spec().oauth() && supplied == null) {
            throw Problem.invalid("metadata.oauth", "an OAuth connection is created by authorizing it "
                    + "(GET /api/v1/connections/oauth/" + request.type() + "/start), or with its tokens in metadata.oauth");
        }
        Instant now = now();
        UUID id = UUID.randomUUID();
        var connection = new Connection(id, caller.organizationId(), request.workspaceId(), request.type(),
                request.name(), secrets.seal(id, metadata, connector.spec().secretPaths()), true, null,
                request.hidden(), caller.createdBy(), now, now);
        checkUnlessSkipped(connector, connection, metadata, supplied == null ? null : OAuthTokens.token(supplied));
        store.inTransaction(tx -> {
            tx.connections().insert(connection);
            if (supplied != null) {
                tx.connectionTokens().save(tokens.sealed(connection, supplied, now));
            }
            return null;
        });
        return connection;
    }

    /**
     * Creates or re-authorizes a connection from the OAuth flow's tokens. Re-authorizing makes an
     * inactive connection active again and its held deliveries due.
     */
    public Connection authorized(UUID organizationId, UUID workspaceId, UUID existing, String type, String name,
                                 String createdBy, TokenAnswer answer) {
        Connector connector = connectors.require(type);
        Instant now = now();
        if (existing != null) {
            Connection current = store.connections().find(organizationId, existing)
                    .filter(c -> c.type().equals(type)).orElseThrow(() -> Problem.notFound("Connection"));
            var updated = new Connection(current.id(), organizationId, current.workspaceId(), type, current.name(),
                    current.metadata(), true, null, current.hidden(), current.createdBy(), current.createdAt(), now);
            store.inTransaction(tx -> {
                tx.connections().update(updated);
                tx.connectionTokens().save(tokens.sealed(updated, answer, now));
                tx.deliveries().resume(organizationId, updated.id(), now);
                return null;
            });
            return updated;
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> metadata = connector.validate(Map.of());
        var connection = new Connection(id, organizationId, workspaceId, type, name,
                secrets.seal(id, metadata, connector.spec().secretPaths()), true, null, false, createdBy, now, now);
        store.inTransaction(tx -> {
            tx.connections().insert(connection);
            tx.connectionTokens().save(tokens.sealed(connection, answer, now));
            return null;
        });
        return connection;
    }

    public Page<Connection> list(Principal caller, UUID workspaceId, PageRequest page) {
        if (workspaceId != null) {
            WorkspaceService.visible(store, caller, workspaceId);
        }
        return store.connections().list(caller.organizationId(), workspaceId, caller.workspaces(), page);
    }

    public Connection get(Principal caller, UUID id) {
        return store.connections().find(caller.organizationId(), id)
                .filter(c -> caller.mayAccessWorkspace(c.workspaceId()))
                .orElseThrow(() -> Problem.notFound("Connection"));
    }

    /**
     * Replaces a connection's name and metadata. New credentials that pass the check, or
     * {@code active: true}, make an inactive connection active again and its held deliveries due.
     */
    public Connection update(Principal caller, UUID id, ConnectionChanges changes) {
        Connection current = get(caller, id);
        new Validation()
                .text("name", changes.name(), 1, 128, NAME, "may contain only letters, digits, spaces, '_' and '-'")
                .check(changes.metadata() != null, "metadata", "must be an object")
                .orThrow();
        Connector connector = connectors.require(current.type());
        Set<String> secretPaths = connector.spec().secretPaths();
        Map<String, Object> opened = secrets.open(id, current.metadata(), secretPaths);
        Map<String, Object> merged = new LinkedHashMap<>(connector.validate(
                connector.carryOver(opened, secrets.unmask(changes.metadata(), opened, secretPaths), now())));
        TokenAnswer supplied = suppliedTokens(connector, merged);
        boolean credentialsChanged = !merged.equals(opened) || supplied != null;
        boolean active = changes.active() != null ? changes.active()
                : current.active() || (credentialsChanged && credentialReason(current.inactiveReason()));
        Instant now = now();
        var updated = new Connection(id, current.organizationId(), current.workspaceId(), current.type(), changes.name(),
                secrets.seal(id, merged, secretPaths), active,
                active ? null : (current.inactiveReason() != null ? current.inactiveReason() : "manually_inactivated"),
                changes.hidden() == null ? current.hidden() : changes.hidden(), current.createdBy(),
                current.createdAt(), now);
        AccessToken token = supplied != null ? OAuthTokens.token(supplied)
                : connector.spec().oauth() ? currentTokenOrNull(current) : null;
        if (connector.spec().oauth() && token == null) {
            throw Problem.invalid("metadata.oauth", "the connection's authorization is gone; authorize it again "
                    + "(GET /api/v1/connections/oauth/" + current.type() + "/start?connection=" + id + ")");
        }
        checkUnlessSkipped(connector, updated, merged, token);
        boolean resumed = active && !current.active();
        store.inTransaction(tx -> {
            tx.connections().update(updated);
            if (supplied != null) {
                tx.connectionTokens().save(tokens.sealed(updated, supplied, now));
            }
            if (resumed) {
                tx.deliveries().resume(updated.organizationId(), id, now);
            }
            return null;
        });
        return updated;
    }

    /** Deletes a connection; with active rules only when forced, and then its rules go too. */
    public Connection delete(Principal caller, UUID id, boolean force) {
        Connection connection = get(caller, id);
        return store.inTransaction(tx -> {
            if (tx.rules().anyActiveFor(id) && !force) {
                throw Problem.conflict("connection_has_active_rules",
                        "The connection has active rules; delete them first or send force_delete: true");
            }
            tx.rules().deleteForConnection(caller.organizationId(), id);
            tx.connections().delete(caller.organizationId(), id);
            return connection;
        });
    }

    /** Live action data from the vendor. */
    public Map<String, Object> actionData(Principal caller, UUID id) {
        Connection connection = get(caller, id);
        return askVendor(connection, (connector, context) -> connector.actionData(context));
    }

    /** The destination fields the connection's actions can write, read from the vendor where it has custom ones. */
    public List<FieldDefinition> fields(Connection connection) {
        return askVendor(connection, (connector, context) -> connector.fields(context));
    }

    public ConnectorSpec spec(Connection connection) {
        return connectors.require(connection.type()).spec();
    }

    /** The metadata safe to show: secrets masked. */
    public Map<String, Object> visibleMetadata(Connection connection) {
        return connectors.find(connection.type())
                .map(c -> secrets.mask(connection.metadata(), c.spec().secretPaths()))
                .orElse(connection.metadata());
    }

    private interface VendorQuestion<T> {
        T ask(Connector connector, ConnectorContext context);
    }

    /** A vendor call made for an API request: its failures become clear answers, never a 500. */
    private <T> T askVendor(Connection connection, VendorQuestion<T> question) {
        Connector connector = connectors.require(connection.type());
        if (!connection.active()) {
            throw Problem.conflict("connection_inactive", "The connection is inactive ("
                    + connection.inactiveReason() + "); fix or re-authorize it first");
        }
        try {
            return question.ask(connector, contexts.lazily(connection));
        } catch (OAuthTokens.ReauthorizationRequired e) {
            throw Problem.conflict("oauth_reauthorization_required", "The connection must be authorized again: "
                    + e.getMessage());
        } catch (OAuthTokens.RefreshUnavailable e) {
            throw new Problem(Problem.Kind.BAD_GATEWAY, "vendor_unavailable", e.getMessage());
        } catch (VendorException e) {
            DeliveryResult failed = e.result();
            throw new Problem(Problem.Kind.BAD_GATEWAY, failed.verdict() != null ? "vendor_refused_credentials"
                    : "vendor_unavailable", "The " + connection.type() + " API call failed: " + failed.message());
        }
    }

    private AccessToken currentTokenOrNull(Connection connection) {
        try {
            return tokens.current(connection);
        } catch (OAuthTokens.ReauthorizationRequired e) {
            return null;
        } catch (OAuthTokens.RefreshUnavailable e) {
            throw new Problem(Problem.Kind.BAD_GATEWAY, "vendor_unavailable", e.getMessage());
        }
    }

    /** Tokens supplied in {@code metadata.oauth}, taken out of the metadata (they are kept apart, sealed). */
    private static TokenAnswer suppliedTokens(Connector connector, Map<String, Object> metadata) {
        Object oauth = metadata.remove(ConnectorSpec.OAUTH_TOKENS);
        return oauth == null || !connector.spec().oauth() ? null : TokenAnswer.fromMetadata(oauth);
    }

    private static boolean credentialReason(String reason) {
        return reason != null && !reason.equals("manually_inactivated");
    }

    private void checkUnlessSkipped(Connector connector, Connection connection, Map<String, Object> openedMetadata,
                                    AccessToken token) {
        if (Boolean.TRUE.equals(openedMetadata.get(ConnectorSpec.SKIP_TEST))) {
            return;
        }
        DeliveryResult failed = connector.check(contexts.of(connection, openedMetadata, token));
        if (failed != null) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, failed.verdict() != null ? "connection_credentials_invalid"
                    : "connection_test_failed", "The connection check failed: " + failed.message()
                    + "; fix the settings or set metadata.skip_url_test to true");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
