package dev.openmeshes.connectors.aweber;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionNeed;
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
 * The {@code aweber} type's declaration (vendors.md §3, meshes-api.md §5.4): OAuth 2 with refreshing
 * tokens, no connection fields (the account comes with the token), and a subscriber added to or
 * unsubscribed from the list a rule picks.
 */
final class AWeberSpec {

    static final String TYPE = "aweber";
    static final String ADD_TO_LIST = "add_to_list";
    static final String REMOVE_FROM_LIST = "remove_from_list";
    /** The action-data key of the lists a rule picks from. */
    static final String LISTS = "lists";
    /** Custom fields are written as destination fields {@code custom_fields.<name>}, as AWeber nests them. */
    static final String CUSTOM_PREFIX = "custom_fields.";

    /** AWeber accepts at most 50 characters of email and 60 of name (AddSubscriberRequestBody). */
    static final FieldDefinition EMAIL = FieldDefinition.of("email", Type.STRING, "Email")
            .described("The subscriber's email address.")
            .constrained(new Constraints("email", true, null, 50, null, null, null, null, null))
            .withProviderMeta(Map.of("name", "email"));
    static final FieldDefinition NAME = FieldDefinition.of("name", Type.STRING, "Name")
            .described("The subscriber's name; updated on a subscriber already on the list.")
            .constrained(new Constraints(null, null, null, 60, null, null, null, null, null))
            .withProviderMeta(Map.of("name", "name"));

    /**
     * The client authenticates at the token endpoint with HTTP Basic, which AWeber's OAuth 2.0
     * reference prefers over the body. Scopes: the account (to find its id), its lists and their
     * custom fields, and its subscribers.
     */
    static final Authentication.OAuth2 AUTHENTICATION = new Authentication.OAuth2(
            "https://auth.aweber.com/oauth2/authorize", "https://auth.aweber.com/oauth2/token",
            List.of("account.read", "list.read", "subscriber.read", "subscriber.write"), ClientAuth.BASIC, true,
            Map.of());

    private static final ActionInput LIST = new ActionInput.Pick(LISTS, "id", "List", "list", true);

    /** 120 requests a minute per customer account; a connection is one account. */
    static final ConnectorSpec.RateLimit RATE_LIMIT = new ConnectorSpec.RateLimit(120, Duration.ofMinutes(1));

    static final ConnectorSpec SPEC = new ConnectorSpec(TYPE, "AWeber", AUTHENTICATION, List.of(), List.of(
            new ActionSpec(ADD_TO_LIST, "Add to list", "list", "Adds the event's email to the chosen AWeber list with "
                    + "the mapped name and custom fields; a subscriber already on the list is updated instead.",
                    List.of(LIST), List.of(EMAIL, NAME)).needing(ActionNeed.RULE_ID, ActionNeed.EMAIL),
            new ActionSpec(REMOVE_FROM_LIST, "Remove from list", "list", "Unsubscribes the event's email from the "
                    + "chosen AWeber list; an email that is not on the list is left as it is.",
                    List.of(LIST), List.of(EMAIL)).needing(ActionNeed.RULE_ID, ActionNeed.EMAIL)),
            RATE_LIMIT);

    private AWeberSpec() {}
}
