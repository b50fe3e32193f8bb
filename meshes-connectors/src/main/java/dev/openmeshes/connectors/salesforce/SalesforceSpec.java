package dev.openmeshes.connectors.salesforce;

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
 * The {@code salesforce} type's declaration: OAuth against login.salesforce.com, no connection
 * fields, and three actions on the Contact found (or created) by the event's email.
 */
final class SalesforceSpec {

    static final String TYPE = "salesforce";
    /** The pinned REST API version (Winter '25); every org on a current release serves it. */
    static final String API_VERSION = "v62.0";

    static final String ADD_TO_CAMPAIGN = "add_to_campaign";
    static final String REMOVE_FROM_CAMPAIGN = "remove_from_campaign";
    static final String UPDATE_PROPERTY = "update_property";

    /** Keys of the live action data. */
    static final String CAMPAIGNS = "campaigns";
    static final String PROPERTIES = "properties";

    static final FieldDefinition EMAIL = field("email", "Email", "Email", new Constraints("email", true, null, 80,
            null, null, null, null, null))
            .described("Finds the Contact (Email equals, oldest first); a new Contact gets it as its email.");
    static final FieldDefinition FIRST_NAME = field("first_name", "First name", "FirstName", maxLength(40));
    static final FieldDefinition LAST_NAME = field("last_name", "Last name", "LastName", maxLength(80))
            .described("Salesforce requires it of a new Contact: the email address is used when none is mapped.");
    static final FieldDefinition PHONE = field("phone", "Phone", "Phone", new Constraints("phone", null, null, 40,
            null, null, null, null, null));
    static final FieldDefinition TITLE = field("title", "Title", "Title", maxLength(128));

    /** What a Contact created for an event is written from. */
    static final List<FieldDefinition> CONTACT_FIELDS = List.of(EMAIL, FIRST_NAME, LAST_NAME, PHONE, TITLE);

    static final ConnectorSpec SPEC = new ConnectorSpec(TYPE, "Salesforce",
            new Authentication.OAuth2("https://login.salesforce.com/services/oauth2/authorize",
                    "https://login.salesforce.com/services/oauth2/token", List.of("api", "refresh_token"),
                    ClientAuth.BODY, true, Map.of()),
            List.of(),
            List.of(
                    new ActionSpec(ADD_TO_CAMPAIGN, "Add to campaign", "campaign", "Finds the Contact with the "
                            + "event's email (creating it when there is none) and adds it to a campaign with the "
                            + "campaign's default member status.",
                            List.of(campaign()), CONTACT_FIELDS),
                    new ActionSpec(REMOVE_FROM_CAMPAIGN, "Remove from campaign", "campaign", "Removes the Contact "
                            + "with the event's email from a campaign; nothing to do when it is not a member.",
                            List.of(campaign()), List.of(EMAIL)),
                    new ActionSpec(UPDATE_PROPERTY, "Update property", "property", "Finds the Contact with the "
                            + "event's email (creating it when there is none) and sets one of its picklist fields.",
                            List.of(new ActionInput.PickWithOption(PROPERTIES, "id", "Property", "property", "value",
                                    "Value", "select", true)),
                            CONTACT_FIELDS)),
            // The org's rolling 24-hour API allocation: 100,000 calls is the base of every edition with API
            // access (Enterprise and up add calls per licence), and other integrations share it.
            new ConnectorSpec.RateLimit(100_000, Duration.ofHours(24)));

    private SalesforceSpec() {}

    private static ActionInput campaign() {
        return new ActionInput.Pick(CAMPAIGNS, "id", "Campaign", "campaign", true);
    }

    private static FieldDefinition field(String key, String label, String salesforceName, Constraints constraints) {
        return FieldDefinition.of(key, Type.STRING, label).constrained(constraints)
                .withProviderMeta(Map.of("name", salesforceName, "object", "Contact"));
    }

    private static Constraints maxLength(int length) {
        return new Constraints(null, null, null, length, null, null, null, null, null);
    }
}
