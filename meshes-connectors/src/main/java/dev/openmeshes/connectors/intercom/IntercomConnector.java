package dev.openmeshes.connectors.intercom;

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
import dev.openmeshes.core.connector.FieldDefinition.Constraints;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code intercom} connection type: tags and untags the Intercom contact an event's email
 * names. Stateless; every call works with the {@link ConnectorContext} of one connection.
 */
public final class IntercomConnector implements ActionConnector {

    /** Intercom's 409 on create names the contact that already has the details. */
    private static final Pattern EXISTING_CONTACT = Pattern.compile("already exists with id=([A-Za-z0-9_-]+)");
    @Override
    public ConnectorSpec spec() {
        return IntercomSpec.SPEC;
    }

    /** {@code GET /me}: the admin the token acts for. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        HttpExchange me = new IntercomApi(context).get("/me");
        if (me.ok()) {
            return null;
        }
        DeliveryResult failed = IntercomResults.classify(me, "check the token", context.clock().instant());
        if (failed.verdict() == null) {
            return failed;
        }
        // The usual cause of a fresh token refused: the workspace lives in another region.
        return failed.withMessage(failed.message()
                + " (a token works only in its workspace's region; is metadata.region right?)");
    }

    /** {@code tags}: every tag of the workspace, {@code {id, name}}. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        List<JsonNode> tags = new IntercomApi(context).list("/tags", Map.of(), "list tags");
        return Map.of(IntercomSpec.TAGS, Choices.byIdAndName(tags));
    }

    /** The declared fields, then every custom contact attribute the API may write. */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        List<FieldDefinition> fields = new ArrayList<>(spec().destinationFields());
        for (JsonNode attribute : new IntercomApi(context).list("/data_attributes", Map.of("model", "contact"),
                "list contact attributes")) {
            String name = VendorJson.text(attribute.path("name"));
            boolean writable = attribute.path("custom").asBoolean(false) && attribute.path("api_writable").asBoolean(false)
                    && !attribute.path("archived").asBoolean(false);
            if (name != null && writable) {
                fields.add(customAttribute(name, attribute));
            }
        }
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        var api = new IntercomApi(context);
        try {
            return switch (delivery.key()) {
                case IntercomSpec.ADD_TAG -> addTag(api, delivery.request(), delivery.email(), delivery.id());
                case IntercomSpec.REMOVE_TAG -> removeTag(api, delivery.email(), delivery.id());
                default -> throw new IllegalStateException("declared but not delivered: " + delivery.key());
            };
        } catch (VendorException failed) {
            return failed.result();
        }
    }

    private DeliveryResult addTag(IntercomApi api, DeliveryRequest request, String email, String tagId) {
        String contactId = findContact(api, email);
        if (contactId == null) {
            contactId = createContact(api, request, email);
        }
        String what = "add tag " + tagId + " to contact " + contactId;
        HttpExchange tagged = api.post("/contacts/" + UrlParts.segment(contactId) + "/tags", Map.of("id", tagId));
        return IntercomResults.classify(tagged, what, api.context().clock().instant());
    }

    private DeliveryResult removeTag(IntercomApi api, String email, String tagId) {
        HttpExchange search = search(api, email);
        String contactId = contactIn(api.answer(search, "find the contact by email"));
        if (contactId == null) {
            return search.delivered("Intercom: no contact has this email; no tag to remove");
        }
        String what = "remove tag " + tagId + " from contact " + contactId;
        HttpExchange untagged = api.delete("/contacts/" + UrlParts.segment(contactId) + "/tags/" + UrlParts.segment(tagId));
        IntercomResults.IntercomError error = IntercomResults.IntercomError.of(untagged.body());
        if (untagged.status() == 404 && error != null && error.code().equals("not_found")) {
            // Intercom's own 404: the tag is not on the contact (or is gone), so nothing is left to remove.
            return untagged.delivered("Intercom: " + what + ": the contact does not have it");
        }
        return IntercomResults.classify(untagged, what, api.context().clock().instant());
    }

    /** The contact with this email, a user before a lead, or null when none has it. */
    private String findContact(IntercomApi api, String email) {
        return contactIn(api.answer(search(api, email), "find the contact by email"));
    }

    private static HttpExchange search(IntercomApi api, String email) {
        return api.post("/contacts/search", Map.of("query", Map.of("field", "email", "operator", "=", "value", email)));
    }

    private static String contactIn(JsonNode searchAnswer) {
        String first = null;
        for (JsonNode contact : searchAnswer.path("data")) {
            String id = VendorJson.text(contact.path("id"));
            if (id != null && "user".equals(VendorJson.text(contact.path("role")))) {
                return id;
            }
            first = first == null ? id : first;
        }
        return first;
    }

    /**
     * Creates a user with the email and the mapped fields. A 409 means one already exists, e.g.
     * created by a concurrent delivery and not yet searchable: its id is in the error, else the
     * search is asked again.
     */
    private String createContact(IntercomApi api, DeliveryRequest request, String email) {
        HttpExchange created = api.post("/contacts", newContact(request, email));
        if (created.status() == 409) {
            IntercomResults.IntercomError conflict = IntercomResults.IntercomError.of(created.body());
            Matcher existing = EXISTING_CONTACT.matcher(conflict == null || conflict.message() == null ? ""
                    : conflict.message());
            if (existing.find()) {
                return existing.group(1);
            }
            String found = findContact(api, email);
            if (found == null) {
                throw new VendorException(created.result(Outcome.REJECTED_CLIENT_ERROR, true, "Intercom: create the "
                        + "contact: it already exists but cannot be found yet; trying again later"));
            }
            return found;
        }
        String id = VendorJson.text(api.answer(created, "create the contact").path("id"));
        if (id == null) {
            throw new VendorException(created.result(Outcome.REJECTED_SERVER_ERROR, true,
                    "Intercom: create the contact: the answer carried no contact id"));
        }
        return id;
    }

    /** {@code role: user}, the email, and the mapped destination fields Intercom knows. */
    private static Map<String, Object> newContact(DeliveryRequest request, String email) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("role", "user");
        contact.put("email", email);
        Map<String, Object> custom = new LinkedHashMap<>();
        request.mapped().forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (key.startsWith(IntercomSpec.CUSTOM_PREFIX) && key.length() > IntercomSpec.CUSTOM_PREFIX.length()) {
                custom.put(key.substring(IntercomSpec.CUSTOM_PREFIX.length()), value);
            } else if (List.of("name", "phone", "external_id").contains(key)) {
                contact.put(key, value);
            }
        });
        if (!custom.isEmpty()) {
            contact.put("custom_attributes", custom);
        }
        return contact;
    }

    private static FieldDefinition customAttribute(String name, JsonNode attribute) {
        List<String> options = new ArrayList<>();
        attribute.path("options").forEach(o -> Optional.ofNullable(VendorJson.text(o)).ifPresent(options::add));
        Type type = switch (Optional.ofNullable(VendorJson.text(attribute.path("data_type"))).orElse("")) {
            case "string" -> options.isEmpty() ? Type.STRING : Type.ENUM;
            case "integer", "float" -> Type.NUMBER;
            case "boolean" -> Type.BOOLEAN;
            case "date" -> Type.DATETIME; // Intercom dates are unix timestamps
            default -> Type.UNKNOWN;
        };
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        meta.put("full_name", Optional.ofNullable(VendorJson.text(attribute.path("full_name")))
                .orElse(IntercomSpec.CUSTOM_PREFIX + name));
        Optional.ofNullable(VendorJson.text(attribute.path("data_type"))).ifPresent(t -> meta.put("data_type", t));
        meta.put("custom", true);
        String label = VendorJson.text(attribute.path("label"));
        return new FieldDefinition(IntercomSpec.CUSTOM_PREFIX + name, type, label == null ? name : label,
                VendorJson.text(attribute.path("description")),
                type == Type.ENUM ? Constraints.NONE.allowing(options) : Constraints.NONE, meta);
    }
}
