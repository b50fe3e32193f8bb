package dev.openmeshes.core.connector;

import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.util.regex.Pattern;

/** The email a delivery is for (the event's mapped {@code email} field), checked before any vendor call. */
public final class EventEmail {

    /** Something, an {@code @}, something, without white space: the vendor judges the rest. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private EventEmail() {}

    public static boolean isAddress(String email) {
        return ADDRESS.matcher(email.strip()).matches();
    }

    /**
     * A mapping error when the event has no email or one that is not an address, its message starting
     * with {@code what} (e.g. {@code Intercom add_tag}); null when the email will do.
     */
    public static DeliveryResult refusal(String email, String what) {
        if (email == null || email.isBlank()) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR,
                    what + ": the event has no email (send payload.email or map a field to email)");
        }
        if (!isAddress(email)) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR, what + ": the event's email is not an email address");
        }
        return null;
    }
}
