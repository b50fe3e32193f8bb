package dev.openmeshes.connectors.activecampaign;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.ActionConnector;
import dev.openmeshes.core.connector.ActionDelivery;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code activecampaign} connection type: each event acts on the contact whose email is the
 * event's. Adding syncs the contact first ({@code POST /contact/sync}, an upsert keyed on the email,
 * with the mapped fields); removing looks the contact up and creates none. Stateless: every call
 * works from its context's {@code api_url} and {@code api_key}.
 */
public final class ActiveCampaignConnector implements ActionConnector {

    /** List, tag and contact ids are numbers; anything else was not picked from the account. */
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final String SUBSCRIBED = "1";
    private static final String UNSUBSCRIBED = "2";

    @Override
    public ConnectorSpec spec() {
        return ActiveCampaignSpec.SPEC;
    }

    /** The spec's checks, and an {@code api_url} that is https and the account's URL without a path. */
    @Override
    public Map<String, Object> validate(Map<String, Object> metadata) {
        Map<String, Object> valid = spec().validate(metadata);
        String problem = ActiveCampaignUrl.problem(String.valueOf(valid.get(ActiveCampaignSpec.API_URL)));
        if (problem != null) {
            throw Problem.invalid("metadata." + ActiveCampaignSpec.API_URL, problem);
        }
        return valid;
    }

    /** {@code GET /users/me}: the user the key belongs to. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        try {
            HttpExchange me = ActiveCampaignApi.of(context).get("/users/me", Map.of());
            return me.ok() ? null : ActiveCampaignResults.classify(me, "check the API key");
        } catch (VendorException unusable) {
            return unusable.result();
        }
    }

    /** {@code lists} and {@code tags} (contact tags only), each {@code {id, name}}, every page. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        var api = ActiveCampaignApi.of(context);
        List<Map<String, Object>> lists = new ArrayList<>();
        for (JsonNode list : api.list("/lists", "lists", "list lists")) {
            item(list, "name").ifPresent(lists::add);
        }
        List<Map<String, Object>> tags = new ArrayList<>();
        for (JsonNode tag : api.list("/tags", "tags", "list tags")) {
            String type = ActiveCampaignResults.text(tag.path("tagType"));
            if (type.isEmpty() || type.equals("contact")) { // template tags label templates, not contacts
                item(tag, "tag").ifPresent(tags::add);
            }
        }
        return Map.of(ActiveCampaignSpec.LISTS, lists, ActiveCampaignSpec.TAGS, tags);
    }

    /** The declared contact fields, then the account's custom contact fields ({@code GET /fields}). */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        List<FieldDefinition> fields = new ArrayList<>(spec().destinationFields());
        fields.addAll(CustomFields.read(ActiveCampaignApi.of(context)));
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        ActionSpec action = delivery.action();
        DeliveryRequest request = delivery.request();
        String email = delivery.email();
        // Not a declared need: the id is checked with its format, and both refusals are mapping errors here.
        String id = request.metadata("id");
        if (!action.inputs().isEmpty()) {
            if (id == null || id.isBlank()) {
                return refused(action, "the rule has no metadata.id (the " + action.noun() + ")");
            }
            id = id.strip();
            if (!ID.matcher(id).matches()) {
                return refused(action, "'" + id + "' is not an ActiveCampaign " + action.noun() + " id; pick the "
                        + action.noun() + " again");
            }
        }
        try {
            var api = ActiveCampaignApi.of(context);
            return switch (action.key()) {
                case ActiveCampaignSpec.SYNC_CONTACT -> Contacts.sync(api, request, email).result();
                case ActiveCampaignSpec.ADD_TO_LIST -> listStatus(api, Contacts.sync(api, request, email).id(), id,
                        SUBSCRIBED, "subscribe contact to list " + id);
                case ActiveCampaignSpec.REMOVE_FROM_LIST -> removeFromList(api, email, id);
                case ActiveCampaignSpec.ADD_TAG -> addTag(api, Contacts.sync(api, request, email).id(), id);
                case ActiveCampaignSpec.REMOVE_TAG -> removeTag(api, email, id);
                default -> DeliveryResult.refused(Outcome.INTERNAL_ERROR,
                        "ActiveCampaign: action " + action.key() + " is declared but not delivered");
            };
        } catch (VendorException failed) {
            return failed.result();
        }
    }

    /**
     * {@code POST /contactLists}: the list status of the contact; setting a status it already has
     * changes nothing. The description types these ids and the status as strings.
     */
    private static DeliveryResult listStatus(ActiveCampaignApi api, String contactId, String listId, String status,
                                             String what) {
        HttpExchange set = api.post("/contactLists",
                Map.of("contactList", Map.of("list", listId, "contact", contactId, "status", status)));
        return ActiveCampaignResults.classify(set, what + " (contact " + contactId + ")");
    }

    private static DeliveryResult removeFromList(ActiveCampaignApi api, String email, String listId) {
        Contacts.Found found = Contacts.find(api, email);
        if (found.id() == null) {
            return found.answer().delivered(
                    "ActiveCampaign: no contact has this email; nothing to unsubscribe from list " + listId);
        }
        return listStatus(api, found.id(), listId, UNSUBSCRIBED, "unsubscribe contact from list " + listId);
    }

    /** Tags the contact unless it has the tag already: ActiveCampaign would record the tag twice. */
    private static DeliveryResult addTag(ActiveCampaignApi api, String contactId, String tagId) {
        ContactTags.Entry existing = ContactTags.find(api, contactId, tagId);
        if (existing.id() != null) {
            return existing.answer().delivered("ActiveCampaign: contact " + contactId + " already has tag " + tagId);
        }
        // The description types contactTag's ids as integers (unlike contactList's strings).
        HttpExchange tagged = api.post("/contactTags", Map.of("contactTag",
                Map.of("contact", Long.parseLong(contactId), "tag", Long.parseLong(tagId))));
        return ActiveCampaignResults.classify(tagged, "add tag " + tagId + " to contact " + contactId);
    }

    private static DeliveryResult removeTag(ActiveCampaignApi api, String email, String tagId) {
        Contacts.Found found = Contacts.find(api, email);
        if (found.id() == null) {
            return found.answer().delivered("ActiveCampaign: no contact has this email; no tag to remove");
        }
        ContactTags.Entry entry = ContactTags.find(api, found.id(), tagId);
        if (entry.id() == null) {
            return entry.answer().delivered("ActiveCampaign: contact " + found.id() + " does not have tag " + tagId);
        }
        String what = "remove tag " + tagId + " from contact " + found.id();
        HttpExchange removed = api.delete("/contactTags/" + UrlParts.segment(entry.id()));
        if (removed.status() == 404) { // removed in between (another delivery, a user): nothing is left to do
            return removed.delivered("ActiveCampaign: " + what + ": already removed");
        }
        return ActiveCampaignResults.classify(removed, what);
    }

    /** {@code {id, name}} of a list or tag, or empty for one without an id. */
    private static Optional<Map<String, Object>> item(JsonNode node, String nameField) {
        String id = ActiveCampaignResults.text(node.path("id"));
        String name = ActiveCampaignResults.text(node.path(nameField));
        return id.isEmpty() ? Optional.empty() : Optional.of(Map.of("id", id, "name",
                name.isEmpty() ? id : name));
    }

    private static DeliveryResult refused(ActionSpec action, String message) {
        return DeliveryResult.refused(Outcome.MAPPING_ERROR, "ActiveCampaign " + action.key() + ": " + message);
    }
}
