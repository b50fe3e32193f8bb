package dev.openmeshes.core.connector;

import java.util.Map;
import java.util.Set;

/**
 * One connection type (webhook, hubspot, …): what a connection of this type needs, what it can do,
 * and how it delivers one event. Adding a type is adding one implementation of this interface and
 * registering it in {@link Connectors}. Implementations are stateless and thread-safe; the worker
 * calls {@link #deliver} from many virtual threads at once.
 */
public interface Connector {

    /** The connection type as the API names it, e.g. {@code webhook}. */
    String type();

    /** The catalog entry served by {@code GET /api/v1/integrations}. */
    Integration describe();

    /**
     * Checks a connection's metadata as a client sent it and returns it normalized (defaults
     * filled in). Refusals are {@code Problem.invalid(...)} naming each field, e.g. {@code metadata.url}.
     */
    Map<String, Object> validate(Map<String, Object> metadata);

    /**
     * Carries state over when a connection's metadata is replaced, before {@link #validate}: e.g. a
     * changed signing secret keeps the old one valid for a while. Both maps hold secrets opened.
     */
    default Map<String, Object> carryOver(Map<String, Object> previous, Map<String, Object> next,
                                          java.time.Instant now) {
        return next;
    }

    /**
     * Metadata fields holding secrets, as dot paths ({@code auth.password}, {@code signing.secret}):
     * sealed at rest, never returned in clear, and redacted from recorded request headers.
     */
    Set<String> secretPaths();

    /**
     * Proves a connection works before it is saved (unless the client set {@code skip_url_test}),
     * e.g. a test request to a webhook URL. Returns the failed attempt's result, or null when it worked.
     */
    DeliveryResult test(ConnectionConfig connection);

    /** Live data the connection's actions choose from ({@code GET /connections/{id}/actions}); may be empty. */
    Map<String, Object> actionData(ConnectionConfig connection);

    /**
     * Delivers one event for one rule. Never throws for a failure of the destination: every outcome,
     * including network errors and timeouts, is a {@link DeliveryResult} the worker records.
     */
    DeliveryResult deliver(DeliveryRequest request);
}
