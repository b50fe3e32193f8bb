package dev.openmeshes.core.delivery;

import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Rule;
import dev.openmeshes.core.service.ConnectionContexts;
import dev.openmeshes.core.service.MappingService;
import dev.openmeshes.core.service.OAuthTokens;
import dev.openmeshes.core.mapping.MappingResult;
import dev.openmeshes.core.mapping.Templates;
import dev.openmeshes.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One call of a connector for one delivery, with what the platform owes it: the connection's
 * context and fresh token, the payload decoded, and the verdicts acted on. A token the vendor calls
 * expired is refreshed (once, by one node) and the call made once more; credentials the vendor
 * refuses deactivate the connection, whose deliveries then wait for it to be fixed.
 */
public final class ConnectorCalls {

    private static final System.Logger LOG = System.getLogger(ConnectorCalls.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Store store;
    private final ConnectionContexts contexts;
    private final OAuthTokens tokens;
    private final MappingService mappings;
    private final VendorRateLimits limits;

    public ConnectorCalls(Store store, ConnectionContexts contexts, OAuthTokens tokens, MappingService mappings,
                          InstantSource clock) {
        this.store = store;
        this.contexts = contexts;
        this.tokens = tokens;
        this.mappings = mappings;
        this.limits = new VendorRateLimits(clock);
    }

    /** Delivers the event through the rule's connection; never throws. */
    public DeliveryResult deliver(Connector connector, Connection connection, Rule rule, Event event, UUID deliveryId,
                                  int attempt) {
        try {
            Map<String, Object> payload = payload(event);
            MappingResult mapping = mappings.apply(connection, payload);
            if (mapping.failed()) {
                return DeliveryResult.refused(Outcome.MAPPING_ERROR, "mapping: " + mapping.failure());
            }
            DeliveryRequest request = request(connector.spec(), rule, event, payload, mapping.values(), deliveryId, attempt);
            Optional<Duration> wait = limits.acquire(connection.id(), connector.spec().rateLimit());
            if (wait.isPresent()) {
                return new DeliveryResult(Outcome.RATE_LIMITED, true, null, Duration.ZERO, wait.get(), null, Map.of(),
                        "not sent: the " + connection.type() + " rate limit of this connection allows another call in "
                                + wait.get().toSeconds() + " s");
            }
            ConnectorContext context = contexts.of(connection);
            DeliveryResult result = connector.deliver(context, request);
            if (result.verdict() == Verdict.TOKEN_EXPIRED && connector.spec().oauth()) {
                AccessToken fresh = tokens.afterRejection(connection, context.tokens().current());
                ConnectorContext retried = contexts.of(connection, context.connection().metadata(), fresh);
                result = connector.deliver(retried, request);
                if (result.verdict() == Verdict.TOKEN_EXPIRED) { // refused even freshly refreshed: revoked
                    result = result.withVerdict(Verdict.AUTHORIZATION_REVOKED);
                }
            }
            if (result.outcome() == Outcome.RATE_LIMITED && result.retryAfter() != null) {
                limits.pause(connection.id(), result.retryAfter());
            }
            return mapping.warnings().isEmpty() ? result : result.withWarnings(mapping.warnings());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.ofFailure(Outcome.INTERNAL_ERROR, Duration.ZERO, Map.of(), "stopping");
        } catch (OAuthTokens.ReauthorizationRequired e) {
            return DeliveryResult.refused(Outcome.AUTH_FAILED, e.getMessage())
                    .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
        } catch (OAuthTokens.RefreshUnavailable e) {
            return DeliveryResult.ofFailure(Outcome.NETWORK_ERROR, Duration.ZERO, Map.of(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "connector " + connection.type() + " threw", e);
            return DeliveryResult.ofFailure(Outcome.INTERNAL_ERROR, Duration.ZERO, Map.of(),
                    "Internal error in the " + connection.type() + " connector");
        }
    }

    /**
     * Deactivates a connection whose credentials the vendor refused and holds its pending deliveries.
     * False when the connection changed since (it was fixed meanwhile): then nothing is deactivated.
     */
    public boolean deactivate(Connection seen, String reason, Instant now) {
        return store.inTransaction(tx -> {
            Connection current = tx.connections().find(seen.organizationId(), seen.id()).orElse(null);
            if (current == null || !current.updatedAt().equals(seen.updatedAt())) {
                return false;
            }
            if (current.active()) {
                tx.connections().update(new Connection(current.id(), current.organizationId(), current.workspaceId(),
                        current.type(), current.name(), current.metadata(), false, reason, current.hidden(),
                        current.createdBy(), current.createdAt(), current.updatedAt()));
                LOG.log(System.Logger.Level.WARNING, "connection {0} ({1}) deactivated: {2}; its deliveries wait",
                        current.id(), current.type(), reason);
            }
            tx.deliveries().hold(current.organizationId(), current.id());
            return true;
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Event event) {
        return event.payloadJson() == null ? Map.of() : JSON.readValue(event.payloadJson(), Map.class);
    }

    /**
     * The rule's metadata with its {@code {{…}}} templates resolved from the payload root, HTML-escaping
     * the values inserted into the action's HTML inputs; {@code action} as written.
     */
    private static DeliveryRequest request(ConnectorSpec spec, Rule rule, Event event, Map<String, Object> payload,
                                           Map<String, Object> mapped, UUID deliveryId, int attempt) {
        Map<String, Object> metadata = new LinkedHashMap<>(Templates.renderAll(rule.metadata(), payload));
        String action = String.valueOf(rule.metadata().get("action"));
        metadata.put("action", action);
        for (ActionInput input : spec.action(action).map(ActionSpec::inputs).orElse(List.of())) {
            if (input instanceof ActionInput.Entry entry && entry.insert() == ActionInput.Entry.Insert.HTML_ESCAPED
                    && rule.metadata().get(entry.field()) instanceof String html) {
                metadata.put(entry.field(), Templates.render(html, payload, Templates::escapeHtml));
            }
        }
        return new DeliveryRequest(deliveryId, event.id(), rule.id(), event.event(), event.resource(),
                event.resourceId(), event.payloadJson(), payload, event.createdAt(), attempt, action, metadata, mapped);
    }
}
