package dev.openmeshes.connectors.intercom;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionNeed;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectionField;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code intercom} type's declaration (vendors.md §7, meshes-api.md §5.4): OAuth with tokens
 * that never expire, the workspace's region, and the two tag actions on a contact found (or
 * created) by email.
 */
final class IntercomSpec {

    static final String TYPE = "intercom";
    static final String ADD_TAG = "add_tag";
    static final String REMOVE_TAG = "remove_tag";
    /** The action-data key of the tags a rule picks from. */
    static final String TAGS = "tags";
    static final String REGION = "region";
    /** Pinned so answers keep the shape this connector was written against; a value the spec lists. */
    static final String API_VERSION = "2.14";

    /** A token works only on its workspace's host (the description's {@code servers}). */
    private static final Map<String, String> HOSTS = Map.of(
            "us", "https://api.intercom.io",
            "eu", "https://api.eu.intercom.io",
            "au", "https://api.au.intercom.io");

    static final FieldDefinition EMAIL = FieldDefinition.email(
                    "Finds the contact; a contact created for the event gets it.")
            .withProviderMeta(Map.of("name", "email"));
    static final FieldDefinition NAME = FieldDefinition.of("name", Type.STRING, "Name")
            .described("Set on a contact created for the event.")
            .withProviderMeta(Map.of("name", "name"));
    static final FieldDefinition PHONE = FieldDefinition.of("phone", Type.STRING, "Phone")
            .described("Set on a contact created for the event.")
            .constrained(Constraints.format("phone"))
            .withProviderMeta(Map.of("name", "phone"));
    static final FieldDefinition EXTERNAL_ID = FieldDefinition.of("external_id", Type.STRING, "External ID")
            .described("Your own id of the person, set on a contact created for the event.")
            .withProviderMeta(Map.of("name", "external_id"));

    /** Custom attributes are written as destination fields {@code custom_attributes.<name>}. */
    static final String CUSTOM_PREFIX = "custom_attributes.";

    private IntercomSpec() {}

    static final ConnectorSpec SPEC = spec();

    /** The workspace region's API host, for a region validated by the spec (or absent: us). */
    static String host(String region) {
        return HOSTS.getOrDefault(region == null ? "us" : region, HOSTS.get("us"));
    }

    private static ConnectorSpec spec() {
        var authentication = new Authentication.OAuth2("https://app.intercom.com/oauth",
                "https://api.intercom.io/auth/eagle/token", List.of(), Authentication.OAuth2.ClientAuth.BODY,
                false, Map.of());
        List<ConnectionField> fields = List.of(
                ConnectionField.select(REGION, "Workspace region", "us", "eu", "au").defaultingTo("us")
                        .help("Where the Intercom workspace is hosted: us (api.intercom.io), eu (api.eu.intercom.io) "
                                + "or au (api.au.intercom.io). Its token works only there."));
        ActionInput tag = new ActionInput.Pick(TAGS, "id", "Tag", "tag", true);
        List<ActionSpec> actions = List.of(
                new ActionSpec(ADD_TAG, "Add tag", "tag", "Finds the contact by the event's email, creates a user "
                        + "with it when there is none, and tags the contact with the chosen tag.",
                        List.of(tag), List.of(EMAIL, NAME, PHONE, EXTERNAL_ID))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL),
                new ActionSpec(REMOVE_TAG, "Remove tag", "tag", "Finds the contact by the event's email and removes "
                        + "the chosen tag from it; a contact without the tag, or no contact, is left as it is.",
                        List.of(tag), List.of(EMAIL))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL));
        // 10,000 calls a minute per app, which Intercom enforces in even 10-second slices.
        var rateLimit = new ConnectorSpec.RateLimit(1_666, Duration.ofSeconds(10));
        return new ConnectorSpec(TYPE, "Intercom", authentication, fields, actions, rateLimit);
    }
}
