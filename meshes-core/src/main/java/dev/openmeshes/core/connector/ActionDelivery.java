package dev.openmeshes.core.connector;

/**
 * One delivery of a declared action whose declared {@link ActionNeed needs} the platform found met:
 * what an {@link ActionConnector}'s own code starts from.
 */
public record ActionDelivery(ActionSpec action, DeliveryRequest request) {

    public String key() {
        return action.key();
    }

    /** The rule's {@code metadata.id}, stripped; present when the action needs {@link ActionNeed#RULE_ID}. */
    public String id() {
        return strip(request.metadata("id"));
    }

    /** The event's email address, stripped; present when the action needs {@link ActionNeed#EMAIL}. */
    public String email() {
        return strip(request.field("email"));
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
