package dev.openmeshes.connectors.zoom;

import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.FieldDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of Zoom's "add a meeting/webinar registrant" call, built from one delivery: {@code email}
 * and {@code first_name} (both required by Zoom) from the mapping, else the payload; the other
 * registrant fields only from the mapping. {@code auto_approve} is left out on purpose: the host's
 * approval setting decides.
 *
 * @param body    the JSON object to send, or null when the delivery cannot make one
 * @param refusal why not, in words for the delivery history, or null
 */
record ZoomRegistrant(Map<String, Object> body, String refusal) {

    static ZoomRegistrant from(DeliveryRequest request) {
        String email = trimmed(request.field("email"));
        if (email == null) {
            return refused("Zoom: the event has no email for the registrant: map email, or send email in the payload");
        }
        if (email.indexOf('@') < 1 || email.chars().anyMatch(Character::isWhitespace)) {
            return refused("Zoom: the registrant's email is not an email address: '" + email + "'");
        }
        String firstName = trimmed(request.field("first_name"));
        if (firstName == null) {
            return refused("Zoom: the event has no first name for the registrant (Zoom requires one): map "
                    + "first_name, or send first_name in the payload");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("first_name", firstName);
        for (FieldDefinition field : ZoomSpec.REGISTRANT_FIELDS) {
            String key = field.key();
            if (body.containsKey(key) || !request.mapped().containsKey(key)) {
                continue;
            }
            Object value = request.mapped().get(key);
            if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
                return refused("Zoom: mapped field " + key + " must be text, not "
                        + (value instanceof Map<?, ?> ? "an object" : "a list"));
            }
            String text = value == null ? null : trimmed(String.valueOf(value));
            if (text != null) {
                body.put(key, text);
            }
        }
        return new ZoomRegistrant(body, null);
    }

    private static ZoomRegistrant refused(String why) {
        return new ZoomRegistrant(null, why);
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
