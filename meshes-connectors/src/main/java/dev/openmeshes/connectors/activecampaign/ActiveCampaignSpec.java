package dev.openmeshes.connectors.activecampaign;

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
 * The {@code activecampaign} type's declaration (vendors.md §2, meshes-api.md §5.3/§5.4): the
 * account's API URL and a user's API key, and five actions on the contact the event's email names.
 */
final class ActiveCampaignSpec {

    static final String TYPE = "activecampaign";
    static final String API_URL = "api_url";
    static final String API_KEY = "api_key";
    /** What follows the account's API URL on every call. */
    static final String VERSION_PREFIX = "/api/3";

    static final String SYNC_CONTACT = "sync_contact";
    static final String ADD_TO_LIST = "add_to_list";
    static final String REMOVE_FROM_LIST = "remove_from_list";
    static final String ADD_TAG = "add_tag";
    static final String REMOVE_TAG = "remove_tag";

    /** Keys of the live action data. */
    static final String LISTS = "lists";
    static final String TAGS = "tags";

    /** Custom fields are destination fields {@code fieldValues.<field id>}: the id survives a renamed title. */
    static final String CUSTOM_PREFIX = "fieldValues.";

    static final FieldDefinition EMAIL = FieldDefinition.email(
                    "Finds the contact; a contact synced for the event gets it.")
            .withProviderMeta(Map.of("name", "email"));
    static final FieldDefinition FIRST_NAME = contactField("first_name", "First name", "firstName");
    static final FieldDefinition LAST_NAME = contactField("last_name", "Last name", "lastName");
    static final FieldDefinition PHONE = contactField("phone", "Phone", "phone").constrained(Constraints.format("phone"));

    /** What the contact sync writes, besides the account's custom fields. */
    static final List<FieldDefinition> CONTACT_FIELDS = List.of(EMAIL, FIRST_NAME, LAST_NAME, PHONE);

    static final ConnectorSpec SPEC = spec();

    private ActiveCampaignSpec() {}

    /** The ActiveCampaign name of a declared destination field, or null for a key that is not one. */
    static String contactName(String key) {
        return CONTACT_FIELDS.stream().filter(f -> f.key().equals(key))
                .map(f -> String.valueOf(f.providerMeta().get("name"))).findFirst().orElse(null);
    }

    private static ConnectorSpec spec() {
        List<ConnectionField> fields = List.of(
                ConnectionField.text(API_URL, "API URL").required().asUrl()
                        .help("Your account's API URL from Settings → Developer, e.g. https://youraccount.api-us1.com"),
                ConnectionField.secret(API_KEY, "API key").required()
                        .help("The API key from Settings → Developer; it acts with its user's permissions."));
        ActionInput list = new ActionInput.Pick(LISTS, "id", "List", "list", true);
        ActionInput tag = new ActionInput.Pick(TAGS, "id", "Tag", "tag", true);
        List<ActionSpec> actions = List.of(
                new ActionSpec(SYNC_CONTACT, "Sync contact", "contact", "Creates or updates the contact with the "
                        + "event's email, writing the mapped name, phone and custom fields.", List.of(), CONTACT_FIELDS)
                        .needing(ActionNeed.EMAIL),
                new ActionSpec(ADD_TO_LIST, "Add to list", "list", "Syncs the contact with the event's email and "
                        + "subscribes it to a list.", List.of(list), CONTACT_FIELDS).needing(ActionNeed.EMAIL),
                new ActionSpec(REMOVE_FROM_LIST, "Remove from list", "list", "Unsubscribes the contact with the "
                        + "event's email from a list; nothing to do when there is no such contact.", List.of(list),
                        List.of(EMAIL)).needing(ActionNeed.EMAIL),
                new ActionSpec(ADD_TAG, "Add tag", "tag", "Syncs the contact with the event's email and tags it, "
                        + "unless it already has the tag.", List.of(tag), CONTACT_FIELDS).needing(ActionNeed.EMAIL),
                new ActionSpec(REMOVE_TAG, "Remove tag", "tag", "Removes a tag from the contact with the event's "
                        + "email; a contact without the tag, or no contact, is left as it is.", List.of(tag),
                        List.of(EMAIL)).needing(ActionNeed.EMAIL));
        // 5 requests a second per account, shared by every key of it (developers.activecampaign.com/reference/rate-limits).
        return new ConnectorSpec(TYPE, "ActiveCampaign", new Authentication.ApiKey(), fields, actions,
                new ConnectorSpec.RateLimit(5, Duration.ofSeconds(1)));
    }

    private static FieldDefinition contactField(String key, String label, String name) {
        return FieldDefinition.of(key, Type.STRING, label).withProviderMeta(Map.of("name", name));
    }
}
