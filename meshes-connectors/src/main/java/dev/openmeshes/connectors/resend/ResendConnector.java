package dev.openmeshes.connectors.resend;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ActionConnector;
import dev.openmeshes.core.connector.ActionDelivery;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code resend} connection type: adds the contact an event's email names to a segment (creating
 * it when there is none), removes it from one, or sends it a published template. Stateless; every
 * call works with the {@link ConnectorContext} of one connection.
 */
public final class ResendConnector implements ActionConnector {

    public ResendConnector() {}

    @Override
    public ConnectorSpec spec() {
        return ResendSpec.SPEC;
    }

    /** {@code GET /domains}: answers only a Full access key, as every contact and segment call needs. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        HttpExchange domains = new ResendApi(context).get("/domains");
        return domains.ok() ? null : ResendResults.classify(domains, "check the API key", context.clock().instant());
    }

    /** {@code segments} and {@code templates}, each {@code {id, name}}, every page. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        var api = new ResendApi(context);
        return Map.of(ResendSpec.SEGMENTS, named(api.list("/segments", "list segments")),
                ResendSpec.TEMPLATES, named(api.list("/templates", "list templates")));
    }

    /** The declared fields, then every contact property of the account as {@code properties.<key>}. */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        List<FieldDefinition> fields = new ArrayList<>(spec().destinationFields());
        for (JsonNode property : new ResendApi(context).list("/contact-properties", "list contact properties")) {
            String key = VendorJson.text(property.path("key"));
            if (key != null && !key.isBlank()) {
                fields.add(contactProperty(key, property));
            }
        }
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        String email = delivery.email();
        String id = delivery.id();
        var api = new ResendApi(context);
        try {
            return switch (delivery.key()) {
                case ResendSpec.ADD_TO_SEGMENT -> addToSegment(api, delivery.request(), email, id);
                case ResendSpec.REMOVE_FROM_SEGMENT -> removeFromSegment(api, email, id);
                case ResendSpec.SEND_EMAIL_TEMPLATE -> new TemplateEmail(delivery.request(), email, id).send(api);
                default -> throw new IllegalStateException("declared but not delivered: " + delivery.key());
            };
        } catch (VendorException failed) {
            return failed.result();
        }
    }

    /**
     * Finds the contact by email ({@code GET /contacts/{email}}); a found one is added to the segment,
     * and for none a contact is created already in it ({@code segments} of {@code POST /contacts}),
     * so a delivery makes two calls either way.
     */
    private static DeliveryResult addToSegment(ResendApi api, DeliveryRequest request, String email, String segmentId) {
        var now = api.context().clock().instant();
        HttpExchange found = api.get("/contacts/" + UrlParts.segment(email));
        if (found.status() == 404 && ResendResults.ResendError.of(found.body()) != null) {
            Map<String, Object> contact = NewContact.of(request, email, segmentId);
            return ResendResults.classify(api.post("/contacts", contact), "create the contact in segment " + segmentId, now);
        }
        String contactId = VendorJson.text(api.answer(found, "find the contact by email").path("id"));
        String what = "add contact " + (contactId == null ? "by email" : contactId) + " to segment " + segmentId;
        return ResendResults.classify(api.post("/contacts/" + UrlParts.segment(contactId == null ? email : contactId)
                + "/segments/" + UrlParts.segment(segmentId), null), what, now);
    }

    /** Resend's own 404 means no such contact, or one not in the segment: nothing is left to remove. */
    private static DeliveryResult removeFromSegment(ResendApi api, String email, String segmentId) {
        String what = "remove the contact from segment " + segmentId;
        HttpExchange removed = api.delete("/contacts/" + UrlParts.segment(email) + "/segments/" + UrlParts.segment(segmentId));
        ResendResults.ResendError error = ResendResults.ResendError.of(removed.body());
        if (removed.status() == 404 && error != null) {
            return removed.delivered("Resend: " + what + ": HTTP 404 " + error
                    + "; the contact is not in it");
        }
        return ResendResults.classify(removed, what, api.context().clock().instant());
    }

    private static List<Map<String, Object>> named(List<JsonNode> items) {
        List<Map<String, Object>> named = new ArrayList<>();
        for (JsonNode item : items) {
            String id = VendorJson.text(item.path("id"));
            if (id != null) {
                String name = Optional.ofNullable(VendorJson.text(item.path("name")))
                        .or(() -> Optional.ofNullable(VendorJson.text(item.path("alias")))).orElse(id);
                named.add(Map.of("id", id, "name", name));
            }
        }
        return List.copyOf(named);
    }

    private static FieldDefinition contactProperty(String key, JsonNode property) {
        String vendorType = Optional.ofNullable(VendorJson.text(property.path("type"))).orElse("");
        Type type = switch (vendorType) {
            case "string" -> Type.STRING;
            case "number" -> Type.NUMBER;
            default -> Type.UNKNOWN;
        };
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", key);
        Optional.ofNullable(VendorJson.text(property.path("id"))).ifPresent(id -> meta.put("id", id));
        if (!vendorType.isEmpty()) {
            meta.put("type", vendorType);
        }
        meta.put("custom", true);
        return FieldDefinition.of(ResendSpec.PROPERTY_PREFIX + key, type, key)
                .described("Contact property " + key + ", set on a contact created for the event.")
                .withProviderMeta(meta);
    }
}
