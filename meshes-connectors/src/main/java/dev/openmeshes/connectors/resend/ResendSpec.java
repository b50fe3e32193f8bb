package dev.openmeshes.connectors.resend;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionNeed;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectionField;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code resend} type's declaration (vendors.md §11, meshes-api.md §5.3/§5.4): a full-access
 * API key, contacts added to and removed from segments, and published templates sent to the
 * event's email.
 */
final class ResendSpec {

    static final String TYPE = "resend";
    static final String ADD_TO_SEGMENT = "add_to_segment";
    static final String REMOVE_FROM_SEGMENT = "remove_from_segment";
    static final String SEND_EMAIL_TEMPLATE = "send_email_template";
    /** Action-data keys of the pickers. */
    static final String SEGMENTS = "segments";
    static final String TEMPLATES = "templates";
    static final String API_KEY = "api_key";
    /** The API's host; its paths carry no version prefix. */
    static final String VENDOR_BASE = "https://api.resend.com";

    /** Contact properties are written as destination fields {@code properties.<key>}. */
    static final String PROPERTY_PREFIX = "properties.";

    static final FieldDefinition EMAIL = FieldDefinition.email(
                    "The contact's email address, and the recipient of a template email.")
            .withProviderMeta(Map.of("name", "email"));
    static final FieldDefinition FIRST_NAME = FieldDefinition.of("first_name", Type.STRING, "First name")
            .described("Set on a contact created for the event.")
            .withProviderMeta(Map.of("name", "first_name"));
    static final FieldDefinition LAST_NAME = FieldDefinition.of("last_name", Type.STRING, "Last name")
            .described("Set on a contact created for the event.")
            .withProviderMeta(Map.of("name", "last_name"));
    static final FieldDefinition UNSUBSCRIBED = FieldDefinition.of("unsubscribed", Type.BOOLEAN, "Unsubscribed")
            .described("Set on a contact created for the event: true keeps it out of every broadcast.")
            .withProviderMeta(Map.of("name", "unsubscribed"));

    private ResendSpec() {}

    static final ConnectorSpec SPEC = spec();

    private static ConnectorSpec spec() {
        List<ConnectionField> fields = List.of(ConnectionField.secret(API_KEY, "API Token").required()
                .help("A Resend API key with Full access (re_…). A sending-only key cannot read or change "
                        + "contacts, segments or templates."));
        ActionInput segment = new ActionInput.Pick(SEGMENTS, "id", "Segment", "segment", true);
        List<ActionSpec> actions = List.of(
                new ActionSpec(ADD_TO_SEGMENT, "Add to segment", "segment", "Finds the contact by the event's email, "
                        + "creates it in the chosen segment when there is none, else adds it to the segment.",
                        List.of(segment), List.of(EMAIL, FIRST_NAME, LAST_NAME, UNSUBSCRIBED))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL),
                new ActionSpec(REMOVE_FROM_SEGMENT, "Remove from segment", "segment", "Removes the contact with the "
                        + "event's email from the chosen segment; a contact not in it, or no contact, is left as it is.",
                        List.of(segment), List.of(EMAIL))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL),
                new ActionSpec(SEND_EMAIL_TEMPLATE, "Send email template", "template", "Sends the chosen published "
                        + "template to the event's email, its variables filled from the event and the mapped fields.",
                        List.of(new ActionInput.Pick(TEMPLATES, "id", "Template", "template", true),
                                new ActionInput.Entry("subject", "subject", "Subject", "text",
                                        "Replaces the template's subject; {{field}} inserts a value of the event. "
                                                + "Leave empty to use the template's own.",
                                        "Welcome, {{first_name}}", false),
                                new ActionInput.Entry("from", "from", "From", "text",
                                        "Replaces the template's sender: an address of a verified domain. "
                                                + "Leave empty to use the template's own.",
                                        "Acme <hello@acme.com>", false)),
                        List.of(EMAIL))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL));
        // Resend allows 2 requests a second per team. The platform counts deliveries, and a delivery
        // makes up to two calls (find the contact, then act), so one delivery a second keeps within it.
        var rateLimit = new ConnectorSpec.RateLimit(1, Duration.ofSeconds(1));
        return new ConnectorSpec(TYPE, "Resend", new Authentication.ApiKey(), fields, actions, rateLimit);
    }
}
