package dev.openmeshes.connectors.resend;

import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.VendorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /contacts} for a contact created for an event: the email, the names and
 * {@code unsubscribed} (mapped, else the payload's fields of those names), the mapped
 * {@code properties.<key>} fields, and the segment it is created in.
 */
final class NewContact {

    private NewContact() {}

    static Map<String, Object> of(DeliveryRequest request, String email, String segmentId) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("email", email);
        for (String name : List.of("first_name", "last_name")) {
            String value = request.field(name);
            if (value != null && !value.isBlank()) {
                contact.put(name, value.strip());
            }
        }
        Object unsubscribed = request.mapped().containsKey("unsubscribed") ? request.mapped().get("unsubscribed")
                : request.payload().get("unsubscribed");
        if (unsubscribed != null) {
            contact.put("unsubscribed", bool(unsubscribed));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        request.mapped().forEach((key, value) -> {
            if (value != null && key.startsWith(ResendSpec.PROPERTY_PREFIX) && key.length() > ResendSpec.PROPERTY_PREFIX.length()) {
                properties.put(key.substring(ResendSpec.PROPERTY_PREFIX.length()), value);
            }
        });
        if (!properties.isEmpty()) {
            contact.put("properties", properties);
        }
        contact.put("segments", List.of(segmentId));
        return contact;
    }

    /** Resend takes a JSON boolean; a mapping without {@code to_boolean} may hand over "true" or "false". */
    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new VendorException(DeliveryResult.refused(Outcome.MAPPING_ERROR,
                "Resend: unsubscribed must be true or false, not '" + text + "' (add a to_boolean transform)"));
    }
}
