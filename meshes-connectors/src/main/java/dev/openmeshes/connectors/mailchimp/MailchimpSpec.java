package dev.openmeshes.connectors.mailchimp;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionNeed;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectionField;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code mailchimp} type's declaration (vendors.md §8, meshes-api.md §5.3/§5.4): an API key
 * and its account's data center, and the two audience actions on the member an event's email names.
 */
final class MailchimpSpec {

    static final String TYPE = "mailchimp";
    static final String ADD_TO_LIST = "add_to_list";
    static final String REMOVE_FROM_LIST = "remove_from_list";
    /** The action-data key of the audiences a rule picks from. */
    static final String LISTS = "lists";
    static final String DATA_CENTER = "data_center";
    static final String API_KEY = "api_key";

    /**
     * A data center is a host label such as {@code us6}: letters then digits, nothing that could
     * turn {@code https://<dc>.api.mailchimp.com} into another host.
     */
    static final Pattern DATA_CENTER_NAME = Pattern.compile("[a-z]{2,4}[0-9]{1,3}");

    /** Merge fields are written as destination fields {@code merge_fields.<TAG>}. */
    static final String MERGE_PREFIX = "merge_fields.";

    static final FieldDefinition EMAIL = FieldDefinition.email(
                    "The member's address; its lower-cased MD5 hash names the member in the audience.")
            .withProviderMeta(Map.of("name", "email_address"));
    static final FieldDefinition IP_SIGNUP = FieldDefinition.of("ip_signup", Type.STRING, "Signup IP")
            .described("The IP address the person signed up from.")
            .withProviderMeta(Map.of("name", "ip_signup"));

    static final ConnectorSpec SPEC = spec();

    private MailchimpSpec() {}

    /** The production API of the account's data center, version prefix included. */
    static String vendorBase(String dataCenter) {
        return "https://" + dataCenter + ".api.mailchimp.com/3.0";
    }

    /**
     * The declared checks, then what they cannot express: a data center that is a data-center name,
     * and an API key whose {@code -<dc>} suffix (Mailchimp keys end in their data center) agrees with it.
     */
    static Map<String, Object> validate(Map<String, Object> metadata) {
        Map<String, Object> normalized = SPEC.validate(metadata);
        List<FieldError> errors = new ArrayList<>();
        String dataCenter = (String) normalized.get(DATA_CENTER);
        String key = (String) normalized.get(API_KEY);
        if (!DATA_CENTER_NAME.matcher(dataCenter).matches()) {
            errors.add(new FieldError("metadata." + DATA_CENTER,
                    "must be a Mailchimp data center such as us6 (the part after the last '-' of the API key)"));
        } else {
            int dash = key.lastIndexOf('-');
            String suffix = dash < 0 ? "" : key.substring(dash + 1);
            if (!suffix.equals(dataCenter)) {
                errors.add(new FieldError("metadata." + API_KEY, suffix.isEmpty()
                        ? "must end in -" + dataCenter + ", the data center Mailchimp keys carry"
                        : "belongs to data center " + suffix + ", not to metadata.data_center " + dataCenter));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return normalized;
    }

    private static ConnectorSpec spec() {
        List<ConnectionField> fields = List.of(
                ConnectionField.text(DATA_CENTER, "Data center").required()
                        .help("The part of the API key after its last '-', e.g. us6: the account's API host "
                                + "(us6.api.mailchimp.com)."),
                ConnectionField.secret(API_KEY, "API key").required()
                        .help("Profile → Extras → API keys in Mailchimp. The key acts with its creator's "
                                + "permissions; create it as an account owner or admin."));
        ActionInput audience = new ActionInput.Pick(LISTS, "id", "Audience", "audience", true);
        List<ActionSpec> actions = List.of(
                new ActionSpec(ADD_TO_LIST, "Add to audience", "audience", "Subscribes the event's email to the "
                        + "chosen audience, adding the member or updating an existing one with the mapped merge "
                        + "fields. An address that unsubscribed, bounced or is under compliance review cannot be "
                        + "resubscribed through the API: Mailchimp refuses it, and the delivery fails with its words.",
                        List.of(audience), List.of(EMAIL, IP_SIGNUP))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL),
                new ActionSpec(REMOVE_FROM_LIST, "Remove from audience", "audience", "Unsubscribes the event's "
                        + "email from the chosen audience; an address that is not a member is left as it is.",
                        List.of(audience), List.of(EMAIL))
                        .needing(ActionNeed.RULE_ID, ActionNeed.EMAIL));
        /*
         * Mailchimp limits simultaneous connections (10 per user), not a rate. At 5 calls a second and
         * calls that answer within a second, at most about 5 are open at once (Little's law): half the
         * cap, leaving room for the account's other integrations. 429s and throttling 403s are retried.
         */
        var rateLimit = new ConnectorSpec.RateLimit(5, Duration.ofSeconds(1));
        return new ConnectorSpec(TYPE, "Mailchimp", new Authentication.ApiKey(), fields, actions, rateLimit);
    }
}
