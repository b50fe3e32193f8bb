package dev.openmeshes.core.connector;

/**
 * A connector whose deliveries the platform checks against its declaration first: the rule's action
 * is one the spec declares ({@link ConnectorSpec#unknownAction} otherwise) and the action's
 * {@link ActionSpec#needs() needs} are met. Only then does {@link #deliver(ConnectorContext, ActionDelivery)}
 * run, so it starts at the vendor call.
 */
public interface ActionConnector extends Connector {

    @Override
    default DeliveryResult deliver(ConnectorContext context, DeliveryRequest request) {
        ActionSpec action = spec().action(request.action()).orElse(null);
        if (action == null) {
            return spec().unknownAction(request.action());
        }
        DeliveryResult unmet = action.unmetNeed(spec().name(), request);
        return unmet != null ? unmet : deliver(context, new ActionDelivery(action, request));
    }

    /** Delivers an action whose needs are met; never throws for a failure of the vendor. */
    DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery);
}
