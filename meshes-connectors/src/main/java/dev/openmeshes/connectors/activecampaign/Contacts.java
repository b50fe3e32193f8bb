package dev.openmeshes.connectors.activecampaign;

import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The contact an event names by its email: synced (created or updated), or only looked up. */
final class Contacts {

    private static final Pattern CONTACT_ID = Pattern.compile("[0-9]{1,18}");

    private Contacts() {}

    /** A synced contact's id and the sync's result. */
    record Synced(String id, DeliveryResult result) {}

    /** A looked-up contact's id (null when none has the email) and the lookup's exchange. */
    record Found(String id, HttpExchange answer) {}

    /**
     * {@code POST /contact/sync}: creates the contact with this email or updates it (an upsert keyed
     * on the email) with the mapped fields; a failure is a {@link VendorException}.
     */
    static Synced sync(ActiveCampaignApi api, DeliveryRequest request, String email) {
        HttpExchange synced = api.post("/contact/sync", Map.of("contact", contact(request, email)));
        String id = ActiveCampaignResults.text(ActiveCampaignApi.answer(synced, "sync the contact").path("contact").path("id"));
        if (!CONTACT_ID.matcher(id).matches()) {
            throw new VendorException(ActiveCampaignResults.unexpected(synced, "sync the contact"));
        }
        return new Synced(id, ActiveCampaignResults.classify(synced, "sync contact " + id));
    }

    /** {@code GET /contacts?email=}: the contact with the email, without creating one. */
    static Found find(ActiveCampaignApi api, String email) {
        HttpExchange search = api.get("/contacts", Map.of("email", email));
        String id = ActiveCampaignResults.text(ActiveCampaignApi.answer(search, "find the contact by email")
                .path("contacts").path(0).path("id"));
        if (!id.isEmpty() && !CONTACT_ID.matcher(id).matches()) {
            throw new VendorException(ActiveCampaignResults.unexpected(search, "find the contact by email"));
        }
        return new Found(id.isEmpty() ? null : id, search);
    }

    /**
     * The sync's {@code contact}: the email, the mapped declared fields under their ActiveCampaign
     * names, and the mapped custom fields as {@code fieldValues} ({@code {field: "<id>", value}}).
     */
    static Map<String, Object> contact(DeliveryRequest request, String email) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("email", email);
        List<Map<String, String>> fieldValues = new ArrayList<>();
        request.mapped().forEach((key, value) -> {
            if (value == null || key.equals(ActiveCampaignSpec.EMAIL.key())) {
                return;
            }
            String name = ActiveCampaignSpec.contactName(key);
            if (name != null) {
                contact.put(name, String.valueOf(value));
            } else if (key.startsWith(ActiveCampaignSpec.CUSTOM_PREFIX)) {
                String fieldId = key.substring(ActiveCampaignSpec.CUSTOM_PREFIX.length());
                if (CONTACT_ID.matcher(fieldId).matches()) {
                    fieldValues.add(Map.of("field", fieldId, "value", fieldValue(value)));
                }
            }
        });
        if (!fieldValues.isEmpty()) {
            contact.put("fieldValues", fieldValues);
        }
        return contact;
    }

    /** A value as ActiveCampaign stores it: text, and several options of a multi-value field as {@code ||a||b||}. */
    private static String fieldValue(Object value) {
        if (value instanceof List<?> options) {
            return options.stream().map(String::valueOf).collect(Collectors.joining("||", "||", "||"));
        }
        return String.valueOf(value);
    }
}
