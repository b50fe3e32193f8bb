package dev.openmeshes.connectors.customerio;

import dev.openmeshes.core.connector.ActionInput;
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
 * The {@code customer_io} type's declaration (vendors.md §4, meshes-api.md §5.3/§5.4): a Data
 * Pipelines API key bound to its region, and one action that records the event on a person.
 */
final class CustomerIoSpec {

    static final String TYPE = "customer_io";
    static final String TRACK_EVENT = "track_event";
    static final String REGION = "region";
    static final String API_KEY = "cdpApiKey";
    static final String EVENT_NAME_OVERRIDE = "event_name_override";

    /** Keys are region-bound; the version prefix is part of the base a configured URL replaces. */
    private static final Map<String, String> BASES = Map.of(
            "us", "https://cdp.customer.io/v1",
            "eu", "https://cdp-eu.customer.io/v1");

    static final FieldDefinition USER_ID = identifier("userId", "User ID",
            "Your id of the person; the event is recorded on them. Either this or anonymousId is required.");
    static final FieldDefinition ANONYMOUS_ID = identifier("anonymousId", "Anonymous ID",
            "An id for a person not known yet, used when there is no userId.");
    static final FieldDefinition EMAIL = trait("email", Type.STRING, "Email", Constraints.format("email"));
    static final FieldDefinition NAME = trait("name", Type.STRING, "Name", Constraints.NONE);
    static final FieldDefinition FIRST_NAME = trait("first_name", Type.STRING, "First name", Constraints.NONE);
    static final FieldDefinition LAST_NAME = trait("last_name", Type.STRING, "Last name", Constraints.NONE);
    static final FieldDefinition PHONE = trait("phone", Type.STRING, "Phone", Constraints.format("phone"));
    static final FieldDefinition CREATED_AT = trait("createdAt", Type.DATETIME, "Created at",
            Constraints.format("datetime"));
    static final FieldDefinition TRAITS = FieldDefinition.of("traits", Type.OBJECT, "Further traits")
            .described("An object of more traits set on the person (the named trait fields win).")
            .withProviderMeta(Map.of("call", "identify", "name", "traits"));
    static final FieldDefinition PROPERTIES = FieldDefinition.of("properties", Type.OBJECT, "Event properties")
            .described("An object recorded with the event; without it, the event's payload is.")
            .withProviderMeta(Map.of("call", "track", "name", "properties"));

    /** The fields that are set on the person with an identify call before the event is tracked. */
    static final List<FieldDefinition> PERSON_TRAITS = List.of(EMAIL, NAME, FIRST_NAME, LAST_NAME, PHONE, CREATED_AT);

    static final ConnectorSpec SPEC = spec();

    private CustomerIoSpec() {}

    /** The region's API base, for a region validated by the spec (or absent: us). */
    static String base(String region) {
        return BASES.getOrDefault(region == null ? "us" : region, BASES.get("us"));
    }

    private static ConnectorSpec spec() {
        List<ConnectionField> fields = List.of(
                ConnectionField.select(REGION, "Region", "us", "eu").defaultingTo("us")
                        .help("Where the Customer.io workspace is hosted: us (cdp.customer.io) or eu "
                                + "(cdp-eu.customer.io). A key works only in its region."),
                ConnectionField.secret(API_KEY, "Pipelines API key").required()
                        .help("The API key of a Customer.io API (HTTP) source: Data Pipelines > Sources > "
                                + "the source > Settings."));
        var track = new ActionSpec(TRACK_EVENT, "Track event", "event", "Records the event on the person the mapping "
                + "names by userId (or anonymousId), with the payload as its properties; mapped traits (email, "
                + "name, …) are set on the person first.",
                List.of(new ActionInput.Entry(EVENT_NAME_OVERRIDE, EVENT_NAME_OVERRIDE, "Event name", "text",
                        "The name the event has in Customer.io; {{field}} inserts a payload value. Empty: the "
                                + "Meshes event name.", "Signed up", false)),
                List.of(USER_ID, ANONYMOUS_ID, EMAIL, NAME, FIRST_NAME, LAST_NAME, PHONE, CREATED_AT, TRAITS,
                        PROPERTIES));
        // Customer.io asks for at most 3000 requests per 3 s; a delivery makes up to two (identify, track).
        var rateLimit = new ConnectorSpec.RateLimit(1_500, Duration.ofSeconds(3));
        return new ConnectorSpec(TYPE, "Customer.io", new Authentication.ApiKey(), fields, List.of(track), rateLimit);
    }

    private static FieldDefinition identifier(String key, String label, String description) {
        return FieldDefinition.of(key, Type.STRING, label).described(description)
                .withProviderMeta(Map.of("call", "identify, track", "name", key));
    }

    private static FieldDefinition trait(String key, Type type, String label, Constraints constraints) {
        return FieldDefinition.of(key, type, label).described("Set on the person (identify trait " + key + ").")
                .constrained(constraints).withProviderMeta(Map.of("call", "identify", "name", "traits." + key));
    }
}
