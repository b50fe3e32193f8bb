package dev.openmeshes.connectors.zoom;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The zoom type's declaration: a user-managed OAuth app (Zoom rotates the refresh token on every
 * refresh; the platform stores the new one), no connection fields, and its two actions, which
 * register the event's person for a meeting or a webinar.
 */
final class ZoomSpec {

    static final String TYPE = "zoom";
    static final String ADD_MEETING_REGISTRANT = "add_meeting_registrant";
    static final String ADD_WEBINAR_REGISTRANT = "add_webinar_registrant";
    /** Keys of the live action data the two actions pick from. */
    static final String MEETINGS = "meetings";
    static final String WEBINARS = "webinars";

    /** Production base, including the version prefix a configured base URL replaces. */
    static final String BASE_URL = "https://api.zoom.us/v2";

    // Granular scopes: read the user (credential check), list meetings and webinars, add registrants.
    static final List<String> SCOPES = List.of("user:read:user", "meeting:read:list_meetings",
            "meeting:write:registrant", "webinar:read:list_webinars", "webinar:write:registrant");

    /**
     * The registrant fields both actions write, as Zoom names them. Zoom requires {@code email}
     * and {@code first_name}; its maximum lengths are enforced by Zoom (a longer value is its 300
     * "Validation Failed").
     */
    static final List<FieldDefinition> REGISTRANT_FIELDS = List.of(
            field("email", "Email", Constraints.format("email").asRequired(),
                    "The registrant's email address; when unmapped, the payload's email."),
            field("first_name", "First name", Constraints.NONE.asRequired(),
                    "Required by Zoom; when unmapped, the payload's first_name."),
            field("last_name", "Last name", Constraints.NONE, null),
            field("address", "Address", Constraints.NONE, null),
            field("city", "City", Constraints.NONE, null),
            field("state", "State or province", Constraints.NONE, null),
            field("zip", "ZIP or postal code", Constraints.NONE, null),
            field("country", "Country", Constraints.NONE, "Two-letter country code, e.g. US."),
            field("phone", "Phone", Constraints.format("phone"), null),
            field("org", "Organization", Constraints.NONE, null),
            field("job_title", "Job title", Constraints.NONE, null),
            field("comments", "Comments", Constraints.NONE, "Questions or comments of the registrant."));

    /**
     * Zoom's limits are per account and per request category; we call Light (add registrant, get
     * user) and Medium (list meetings and webinars) APIs, and Medium allows 20 requests a second on
     * Pro, the least plan that can host registration.
     */
    static final ConnectorSpec SPEC = new ConnectorSpec(TYPE, "Zoom",
            new Authentication.OAuth2("https://zoom.us/oauth/authorize", "https://zoom.us/oauth/token", SCOPES,
                    Authentication.OAuth2.ClientAuth.BASIC, true, Map.of()),
            List.of(),
            List.of(
                    new ActionSpec(ADD_MEETING_REGISTRANT, "Add meeting registrant", "meeting",
                            "Registers the event's person, by email, for the chosen Zoom meeting. Registration "
                                    + "must be enabled on the meeting; registering an email again keeps its "
                                    + "existing registration.",
                            List.of(new ActionInput.Pick(MEETINGS, "id", "Meeting", "meeting", true)),
                            REGISTRANT_FIELDS),
                    new ActionSpec(ADD_WEBINAR_REGISTRANT, "Add webinar registrant", "webinar",
                            "Registers the event's person, by email, for the chosen Zoom webinar. Registration "
                                    + "must be enabled on the webinar; registering an email again keeps its "
                                    + "existing registration.",
                            List.of(new ActionInput.Pick(WEBINARS, "id", "Webinar", "webinar", true)),
                            REGISTRANT_FIELDS)),
            new ConnectorSpec.RateLimit(20, Duration.ofSeconds(1)));

    private ZoomSpec() {}

    private static FieldDefinition field(String key, String label, Constraints constraints, String description) {
        return new FieldDefinition(key, Type.STRING, label, description, constraints, Map.of("name", key));
    }
}
