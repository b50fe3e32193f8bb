package dev.openmeshes.connectors.mailerlite;

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
 * The {@code mailerlite} type's declaration (vendors.md §9, meshes-api.md §5.3/§5.4): an API key,
 * and two group actions on the subscriber an event's email names.
 */
final class MailerLiteSpec {

    static final String TYPE = "mailerlite";
    static final String ADD_TO_GROUP = "add_to_group";
    static final String REMOVE_FROM_GROUP = "remove_from_group";
    /** The action-data key of the groups a rule picks from. */
    static final String GROUPS = "groups";
    static final String API_KEY = "api_key";
    /** The production API, version prefix included; {@code MESHES_CONNECTOR_MAILERLITE_BASE_URL} replaces it. */
    static final String VENDOR_BASE = "https://connect.mailerlite.com/api";

    static final FieldDefinition EMAIL = FieldDefinition.email(
                    "Finds the subscriber; one is created with it when there is none.")
            .withProviderMeta(Map.of("key", "email"));
    /** MailerLite's own default fields that are always there; the account's others are read live. */
    static final FieldDefinition NAME = subscriberField("name", "Name");
    static final FieldDefinition LAST_NAME = subscriberField("last_name", "Last name");

    static final ConnectorSpec SPEC = spec();

    private MailerLiteSpec() {}

    /** A subscriber field, written to {@code fields.<key>} of the upsert. */
    static FieldDefinition subscriberField(String key, String label) {
        return FieldDefinition.of(key, Type.STRING, label)
                .described("Set on the subscriber when the event is delivered.")
                .withProviderMeta(Map.of("key", key));
    }

    private static ConnectorSpec spec() {
        List<ConnectionField> fields = List.of(ConnectionField.secret(API_KEY, "API key").required()
                .help("In MailerLite: Integrations → MailerLite API → Generate new token. The key stops working "
                        + "when the user who created it leaves the account."));
        ActionInput group = new ActionInput.Pick(GROUPS, "id", "Group", "group", true);
        List<ActionSpec> actions = List.of(
                new ActionSpec(ADD_TO_GROUP, "Add to group", "group", "Creates or updates the subscriber with the "
                        + "event's email and mapped fields, then adds it to the chosen group.",
                        List.of(group), List.of(EMAIL, NAME, LAST_NAME))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL),
                new ActionSpec(REMOVE_FROM_GROUP, "Remove from group", "group", "Finds the subscriber by the "
                        + "event's email and removes it from the chosen group; no subscriber, or one not in the "
                        + "group, is left as it is.",
                        List.of(group), List.of(EMAIL))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL));
        // 120 requests a minute per account (developers.mailerlite.com, "Rate limits").
        var rateLimit = new ConnectorSpec.RateLimit(120, Duration.ofMinutes(1));
        return new ConnectorSpec(TYPE, "MailerLite", new Authentication.ApiKey(), fields, actions, rateLimit);
    }
}
