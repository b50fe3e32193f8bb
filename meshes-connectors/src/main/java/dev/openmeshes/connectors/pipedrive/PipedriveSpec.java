package dev.openmeshes.connectors.pipedrive;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.Authentication.OAuth2.ClientAuth;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code pipedrive} type's declaration (vendors.md §10, meshes-api.md §5.4): OAuth against
 * oauth.pipedrive.com, no connection fields (the company's API host comes with the token as
 * {@code api_domain}), and four actions on the person found (or created) by the event's email.
 */
final class PipedriveSpec {

    static final String TYPE = "pipedrive";

    static final String SYNC_PERSON = "sync_person";
    static final String UPDATE_PERSON_FIELD = "update_person_field";
    static final String ADD_LABEL = "add_label_to_person";
    static final String REMOVE_LABEL = "remove_label_from_person";

    /** Action-data keys: the person fields a rule sets, and the person labels. */
    static final String PROPERTIES = "properties";
    static final String LABELS = "labels";

    static final FieldDefinition EMAIL = person("email", "emails", Type.STRING, "Email")
            .constrained(Constraints.format("email").asRequired())
            .described("Finds the person (exact match); a person created for the event gets it as its primary email.");
    static final FieldDefinition NAME = person("name", "name", Type.STRING, "Name")
            .described("Pipedrive requires it of a new person: the email address is used when none is mapped.");
    static final FieldDefinition PHONE = person("phone", "phones", Type.STRING, "Phone")
            .constrained(Constraints.format("phone"))
            .described("Sent as the person's one primary work phone (it replaces the phones an existing person has).");
    static final FieldDefinition OWNER_ID = person("owner_id", "owner_id", Type.NUMBER, "Owner (user id)")
            .described("The id of the Pipedrive user who owns the person.");
    static final FieldDefinition ORG_ID = person("org_id", "org_id", Type.NUMBER, "Organization id")
            .described("The id of the organization the person belongs to.");

    /** The built-in person fields a mapping writes; every other mapped key is a custom field's field_code. */
    static final List<FieldDefinition> PERSON_FIELDS = List.of(EMAIL, NAME, PHONE, OWNER_ID, ORG_ID);

    /**
     * Scopes are chosen on the app in Pipedrive's Developer Hub, and the authorize URL takes none
     * (client_id, redirect_uri, state): the app needs {@code base} (users/me) and {@code contacts:full}
     * (persons, their search and person fields). Access tokens last about an hour and refresh.
     */
    static final Authentication.OAuth2 AUTHENTICATION = new Authentication.OAuth2(
            "https://oauth.pipedrive.com/oauth/authorize", "https://oauth.pipedrive.com/oauth/token", List.of(),
            ClientAuth.BASIC, true, Map.of());

    /**
     * Every delivery starts with a person search, and Pipedrive's search API allows 10 calls per
     * 2 seconds per token whatever the plan: the tightest of its burst limits. The company's daily
     * token budget is shared with its other integrations; its 429s are honoured as they come.
     */
    static final ConnectorSpec SPEC = new ConnectorSpec(TYPE, "Pipedrive", AUTHENTICATION, List.of(), List.of(
            new ActionSpec(SYNC_PERSON, "Sync person", "person", "Finds the person with the event's email and "
                    + "updates it with the mapped fields, or creates it with them when there is none.",
                    List.of(), PERSON_FIELDS),
            new ActionSpec(UPDATE_PERSON_FIELD, "Update person field", "field", "Finds the person with the event's "
                    + "email (creating it when there is none) and sets one of its fields to the chosen value.",
                    List.of(new ActionInput.PickWithOption(PROPERTIES, "id", "Field", "field", "value", "Value",
                            "select", true)),
                    List.of(EMAIL, NAME)),
            new ActionSpec(ADD_LABEL, "Add label to person", "label", "Finds the person with the event's email "
                    + "(creating it when there is none) and adds the chosen label; a person with it already is left as it is.",
                    List.of(label()), List.of(EMAIL, NAME)),
            new ActionSpec(REMOVE_LABEL, "Remove label from person", "label", "Removes the chosen label from the "
                    + "person with the event's email; a person without it, or no person, is left as it is.",
                    List.of(label()), List.of(EMAIL))),
            new ConnectorSpec.RateLimit(10, Duration.ofSeconds(2)));

    private PipedriveSpec() {}

    private static ActionInput label() {
        return new ActionInput.Pick(LABELS, "id", "Label", "label", true);
    }

    private static FieldDefinition person(String key, String pipedriveName, Type type, String label) {
        return FieldDefinition.of(key, type, label).withProviderMeta(Map.of("name", pipedriveName, "object", "person"));
    }
}
