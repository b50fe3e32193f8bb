package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
    private final InstantSource clock;

    public ConnectionService(Store store, Connectors connectors, ConnectionSecrets secrets, InstantSource clock) {
        this.store = store;
        this.connectors = connectors;
        this.secrets = secrets;
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
        Map<String, Object> metadata = connector.validate(request.metadata());
        Instant now = now();
        UUID id = UUID.randomUUID();
        var connection = new Connection(id, caller.organizationId(), request.workspaceId(), request.type(),
                request.name(), secrets.seal(id, metadata, connector.secretPaths()), true, null,
                request.hidden(), caller.createdBy(), now, now);
        testUnlessSkipped(connector, connection, metadata);
        store.connections().insert(connection);
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

    public Connection update(Principal caller, UUID id, ConnectionChanges changes) {
        Connection current = get(caller, id);
        new Validation()
                .text("name", changes.name(), 1, 128, NAME, "may contain only letters, digits, spaces, '_' and '-'")
                .check(changes.metadata() != null, "metadata", "must be an object")
                .orThrow();
        Connector connector = connectors.require(current.type());
        Map<String, Object> opened = secrets.open(id, current.metadata(), connector.secretPaths());
        Map<String, Object> merged = connector.validate(
                connector.carryOver(opened, unmask(changes.metadata(), opened, connector), now()));
        boolean active = changes.active() == null ? current.active() : changes.active();
        var updated = new Connection(id, current.organizationId(), current.workspaceId(), current.type(), changes.name(),
                secrets.seal(id, merged, connector.secretPaths()), active,
                active ? null : (current.inactiveReason() != null ? current.inactiveReason() : "manually_inactivated"),
                changes.hidden() == null ? current.hidden() : changes.hidden(), current.createdBy(),
                current.createdAt(), now());
        testUnlessSkipped(connector, updated, merged);
        store.connections().update(updated);
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

    public Map<String, Object> actionData(Principal caller, UUID id) {
        Connection connection = get(caller, id);
        return connectors.require(connection.type()).actionData(open(connection));
    }

    public dev.openmeshes.core.connector.Integration describe(Connection connection) {
        return connectors.require(connection.type()).describe();
    }

    /** The connection as its connector needs it: secrets opened. */
    public ConnectionConfig open(Connection connection) {
        Connector connector = connectors.require(connection.type());
        return new ConnectionConfig(connection.id(), connection.organizationId(), connection.workspaceId(),
                connection.type(), connection.name(),
                secrets.open(connection.id(), connection.metadata(), connector.secretPaths()));
    }

    /** The metadata safe to show: secrets masked. */
    public Map<String, Object> visibleMetadata(Connection connection) {
        return connectors.find(connection.type())
                .map(c -> secrets.mask(connection.metadata(), c.secretPaths()))
                .orElse(connection.metadata());
    }

    /** A client sends secrets back masked when it does not change them: keep the stored ones. */
    private Map<String, Object> unmask(Map<String, Object> sent, Map<String, Object> opened, Connector connector) {
        return secrets.unmask(sent, opened, connector.secretPaths());
    }

    private void testUnlessSkipped(Connector connector, Connection connection, Map<String, Object> openedMetadata) {
        if (Boolean.TRUE.equals(openedMetadata.get("skip_url_test"))) {
            return;
        }
        var config = new ConnectionConfig(connection.id(), connection.organizationId(), connection.workspaceId(),
                connection.type(), connection.name(), openedMetadata);
        DeliveryResult failed = connector.test(config);
        if (failed != null) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, "connection_test_failed",
                    "The test request failed: " + failed.message()
                            + "; fix the settings or set metadata.skip_url_test to true");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
