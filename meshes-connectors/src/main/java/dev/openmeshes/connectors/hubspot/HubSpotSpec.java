package dev.openmeshes.connectors.hubspot;

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
 * The hubspot type's declaration (vendors.md §1, §6): OAuth with the scopes the three contact
 * actions need, no connection fields, and HubSpot's limit for OAuth apps (100 calls per 10 seconds
 * per account, developers.hubspot.com/apisbytier).
 */
final class HubSpotSpec {

    static final String TYPE = "hubspot";
    /** HubSpot's CRM host; its paths carry their version ({@code /crm/v3/…}), so the base has none. */
    static final String API_BASE = "https://api.hubapi.com";

    static final String ADD_TO_LIST = "add_to_list";
    static final String REMOVE_FROM_LIST = "remove_from_list";
    static final String UPDATE_PROPERTY = "update_property";

    /** Action-data keys. */
    static final String LISTS = "lists";
    static final String PROPERTIES = "properties";

    /** What the actions need; the credential check asks the token for these. */
    static final List<String> CRM_SCOPES = List.of("crm.objects.contacts.read", "crm.objects.contacts.write",
            "crm.lists.read", "crm.lists.write");

    /** The contact fields every action writes, keyed as Meshes payloads name them, with HubSpot's property names. */
    static final List<FieldDefinition> CONTACT_FIELDS = List.of(
            contactField("email", "email", Type.STRING, "Email")
                    .constrained(Constraints.format("email").asRequired())
                    .described("The contact is found or created by this address"),
            contactField("first_name", "firstname", Type.STRING, "First name"),
            contactField("last_name", "lastname", Type.STRING, "Last name"),
            contactField("phone", "phone", Type.STRING, "Phone number").constrained(Constraints.format("phone")));

    static final ConnectorSpec SPEC = new ConnectorSpec(TYPE, "HubSpot",
            new Authentication.OAuth2("https://app.hubspot.com/oauth/authorize", API_BASE + "/oauth/v3/token",
                    List.of("oauth", CRM_SCOPES.get(0), CRM_SCOPES.get(1), CRM_SCOPES.get(2), CRM_SCOPES.get(3)),
                    ClientAuth.BODY, true, Map.of()),
            List.of(),
            List.of(
                    new ActionSpec(ADD_TO_LIST, "Add to list", "list", "Creates or updates the contact by email, "
                            + "then adds it to a static (manual or snapshot) HubSpot list.",
                            List.of(listInput()), CONTACT_FIELDS),
                    new ActionSpec(REMOVE_FROM_LIST, "Remove from list", "list", "Creates or updates the contact by "
                            + "email, then removes it from a static (manual or snapshot) HubSpot list.",
                            List.of(listInput()), CONTACT_FIELDS),
                    new ActionSpec(UPDATE_PROPERTY, "Update property", "property", "Creates or updates the contact "
                            + "by email, then sets one of its properties to the chosen value.",
                            List.of(new ActionInput.PickWithOption(PROPERTIES, "id", "Property", "property", "value",
                                    "Value", "select", true)),
                            CONTACT_FIELDS)),
            new ConnectorSpec.RateLimit(100, Duration.ofSeconds(10)));

    private HubSpotSpec() {}

    /** HubSpot's property name of a declared contact field, or null for a field that is not declared. */
    static String propertyName(String fieldKey) {
        return CONTACT_FIELDS.stream().filter(f -> f.key().equals(fieldKey)).findFirst()
                .map(f -> (String) f.providerMeta().get("name")).orElse(null);
    }

    private static ActionInput listInput() {
        return new ActionInput.Pick(LISTS, "id", "List", "list", true);
    }

    private static FieldDefinition contactField(String key, String property, Type type, String label) {
        return FieldDefinition.of(key, type, label).withProviderMeta(Map.of("name", property, "object", "contacts"));
    }
}
