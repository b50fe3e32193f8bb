package dev.openmeshes.core.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One connection type (webhook, hubspot, …). It declares itself once in its {@link #spec()}, from
 * which validation, sealing, redaction, the field catalog and the integrations catalog follow; it
 * implements the vendor calls. Adding a type is one implementation of this interface registered in
 * {@link Connectors}. Implementations are stateless and thread-safe: the worker calls them from
 * many virtual threads at once, each call with the {@link ConnectorContext} of one connection.
 */
public interface Connector {

    ConnectorSpec spec();

    /** The connection type as the API names it, e.g. {@code webhook}. */
    default String type() {
        return spec().type();
    }

    /**
     * Checks a connection's metadata as a client sent it and returns it normalized (defaults
     * filled in). Refusals are {@code Problem.invalid(...)} naming each field, e.g.
     * {@code metadata.api_key}. Derived from the spec unless a type needs more.
     */
    default Map<String, Object> validate(Map<String, Object> metadata) {
        return spec().validate(metadata);
    }

    /**
     * Carries state over when a connection's metadata is replaced, before {@link #validate}: e.g. a
     * changed signing secret keeps the old one valid for a while. Both maps hold secrets opened.
     */
    default Map<String, Object> carryOver(Map<String, Object> previous, Map<String, Object> next, Instant now) {
        return next;
    }

    /**
     * Proves the connection's credentials work before it is saved (unless the client set
     * {@code skip_url_test}), with the vendor's cheapest authenticated call. Returns the failed
     * call's result (its verdict says whether the credentials were refused), or null when it worked.
     */
    DeliveryResult check(ConnectorContext context);

    /**
     * Live data the connection's actions choose from ({@code GET /connections/{id}/actions}), keyed
     * as the actions' inputs name it ({@code lists}, {@code properties}, …), each list read to its end.
     * A vendor that cannot be read is a {@link VendorException}.
     */
    Map<String, Object> actionData(ConnectorContext context);

    /**
     * The destination fields the connection's actions can write ({@code GET /connections/{id}/fields}):
     * the declared ones, and for vendors with custom fields those read live.
     */
    default List<FieldDefinition> fields(ConnectorContext context) {
        return spec().destinationFields();
    }

    /**
     * Delivers one event for one rule. Never throws for a failure of the vendor: every outcome,
     * including network errors and timeouts, is a {@link DeliveryResult} the worker records.
     */
    DeliveryResult deliver(ConnectorContext context, DeliveryRequest request);
}
