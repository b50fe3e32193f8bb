package dev.openmeshes.core.connector;

import dev.openmeshes.core.connector.DeliveryResult.Outcome;

/**
 * Something an action cannot be delivered without, declared on its {@link ActionSpec} and checked by
 * the platform before the connector's own code runs (see {@link ActionConnector}). Rule creation
 * already asks for required inputs; the check at delivery catches a template that rendered empty.
 */
public enum ActionNeed {

    /** The rule's {@code metadata.id}, the item of the action's noun it acts on (the tag, the audience, …). */
    RULE_ID {
        @Override
        DeliveryResult refusal(String what, ActionSpec action, DeliveryRequest request) {
            String id = request.metadata("id");
            return id == null || id.isBlank() ? DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR,
                    what + ": the rule has no metadata.id (the " + action.noun() + ")") : null;
        }
    },

    /** The event's {@code email} (mapped, else the payload's), an address. */
    EMAIL {
        @Override
        DeliveryResult refusal(String what, ActionSpec action, DeliveryRequest request) {
            return EventEmail.refusal(request.field("email"), what);
        }
    };

    /** Why the request cannot be delivered, its message starting with {@code what}; null when the need is met. */
    abstract DeliveryResult refusal(String what, ActionSpec action, DeliveryRequest request);
}
