package dev.openmeshes.connectors.mailerlite;

import dev.openmeshes.connectors.http.Choices;
import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ActionConnector;
import dev.openmeshes.core.connector.ActionDelivery;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code mailerlite} connection type: adds the subscriber an event's email names to a group
 * (creating or updating it first with the mapped fields) or removes it from one. Stateless; every
 * call works with the {@link ConnectorContext} of one connection.
 */
public final class MailerLiteConnector implements ActionConnector {

    public MailerLiteConnector() {}

    @Override
    public ConnectorSpec spec() {
        return MailerLiteSpec.SPEC;
    }

    /** {@code GET /groups?limit=1}: MailerLite has no who-am-I call, and this is its cheapest authenticated read. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        HttpExchange groups = new MailerLiteApi(context).get("/groups?limit=1");
        return groups.ok() ? null : MailerLiteResults.classify(groups, "check the API key");
    }

    /** {@code groups}: every group of the account, {@code {id, name}}. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        List<JsonNode> groups = new MailerLiteApi(context).list("/groups", "list groups");
        return Map.of(MailerLiteSpec.GROUPS, Choices.byIdAndName(groups));
    }

    /** The declared fields, then every other subscriber field of the account ({@code GET /fields}). */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        spec().destinationFields().forEach(f -> byKey.put(f.key(), f));
        for (JsonNode field : new MailerLiteApi(context).list("/fields", "list subscriber fields")) {
            String key = VendorJson.text(field.path("key"));
            if (key != null && !key.isBlank()) {
                byKey.putIfAbsent(key, subscriberField(key, field));
            }
        }
        return List.copyOf(byKey.values());
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        var api = new MailerLiteApi(context);
        try {
            return switch (delivery.key()) {
                case MailerLiteSpec.ADD_TO_GROUP ->
                        addToGroup(api, delivery.request(), delivery.email(), delivery.id());
                case MailerLiteSpec.REMOVE_FROM_GROUP -> removeFromGroup(api, delivery.email(), delivery.id());
                default -> throw new IllegalStateException("declared but not delivered: " + delivery.key());
            };
        } catch (VendorException failed) {
            return failed.result();
        }
    }

    /**
     * Upserts the subscriber ({@code POST /subscribers}, keyed by email: fields left out keep their
     * values), then assigns it to the group. A repeated assignment is taken to answer 200 like the first
     * (not confirmed by MailerLite; see docs/connectors.md).
     */
    private static DeliveryResult addToGroup(MailerLiteApi api, DeliveryRequest request, String email, String groupId) {
        HttpExchange upserted = api.post("/subscribers", subscriber(request, email));
        String subscriberId = VendorJson.text(api.answer(upserted, "create or update the subscriber")
                .path("data").path("id"));
        if (subscriberId == null) {
            return upserted.result(Outcome.REJECTED_SERVER_ERROR, true,
                    "MailerLite: create or update the subscriber: the answer carried no subscriber id");
        }
        HttpExchange assigned = api.post(membership(subscriberId, groupId));
        return MailerLiteResults.classify(assigned, "add subscriber " + subscriberId + " to group " + groupId);
    }

    /** Finds the subscriber by email and unassigns it; no subscriber, or none in the group, is done. */
    private static DeliveryResult removeFromGroup(MailerLiteApi api, String email, String groupId) {
        HttpExchange found = api.get("/subscribers/" + MailerLiteApi.emailSegment(email));
        if (MailerLiteResults.vendorNotFound(found)) {
            return found.delivered("MailerLite: no subscriber has this email; nothing to remove");
        }
        String subscriberId = VendorJson.text(api.answer(found, "find the subscriber by email")
                .path("data").path("id"));
        if (subscriberId == null) {
            return found.result(Outcome.REJECTED_SERVER_ERROR, true,
                    "MailerLite: find the subscriber by email: the answer carried no subscriber id");
        }
        String what = "remove subscriber " + subscriberId + " from group " + groupId;
        HttpExchange unassigned = api.delete(membership(subscriberId, groupId));
        if (MailerLiteResults.vendorNotFound(unassigned)) {
            return unassigned.delivered("MailerLite: " + what + ": not in the group");
        }
        return MailerLiteResults.classify(unassigned, what);
    }

    private static String membership(String subscriberId, String groupId) {
        return "/subscribers/" + UrlParts.segment(subscriberId) + "/groups/" + UrlParts.segment(groupId);
    }

    /**
     * The email and, under {@code fields}, every other mapped destination field (the mapping only
     * accepts fields of the catalog, which are the account's subscriber fields).
     */
    private static Map<String, Object> subscriber(DeliveryRequest request, String email) {
        Map<String, Object> subscriber = new LinkedHashMap<>();
        subscriber.put("email", email);
        Map<String, Object> fields = new LinkedHashMap<>();
        request.mapped().forEach((key, value) -> {
            if (value != null && !key.equals(MailerLiteSpec.EMAIL.key())) {
                fields.put(key, value);
            }
        });
        if (!fields.isEmpty()) {
            subscriber.put("fields", fields);
        }
        return subscriber;
    }

    /** A field of {@code GET /fields}: {@code {id, name, key, type: text|number|date, is_default}}. */
    private static FieldDefinition subscriberField(String key, JsonNode field) {
        String vendorType = Optional.ofNullable(VendorJson.text(field.path("type"))).orElse("");
        Type type = switch (vendorType) {
            case "text" -> Type.STRING;
            case "number" -> Type.NUMBER;
            case "date" -> Type.DATE;
            default -> Type.UNKNOWN;
        };
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("key", key);
        Optional.ofNullable(VendorJson.text(field.path("id"))).ifPresent(id -> meta.put("id", id));
        if (!vendorType.isEmpty()) {
            meta.put("type", vendorType);
        }
        meta.put("custom", !field.path("is_default").asBoolean(false));
        String label = VendorJson.text(field.path("name"));
        return FieldDefinition.of(key, type, label == null ? key : label).withProviderMeta(meta);
    }
}
