package dev.openmeshes.connectors.salesforce;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code salesforce} connection type: each event acts on the Contact whose Email is the event's
 * email, found by a SOQL query (the oldest when there are several) and created when there is none.
 * Stateless: every call works from its context's token and {@code instance_url}.
 */
public final class SalesforceConnector implements Connector {

    /** A record id: 15 characters, or 18 with the case-safe suffix. */
    private static final Pattern RECORD_ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
    /** A field's API name, {@code Industry}, {@code Plan__c} or {@code ns__Plan__c}. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

    @Override
    public ConnectorSpec spec() {
        return SalesforceSpec.SPEC;
    }

    /**
     * Resources by Version ({@code GET /services/data/v62.0/}): authenticated, and open to every API
     * user. {@code /limits} needs "View Setup and Configuration", and {@code /services/oauth2/userinfo}
     * lies outside the versioned base and needs an identity scope this type does not ask for.
     */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        SalesforceApi api = SalesforceApi.of(context);
        if (api.unusable() != null) {
            return api.unusable();
        }
        HttpExchange exchange = api.get("/");
        return exchange.ok() ? null : SalesforceResults.classify(exchange, "credential check");
    }

    /** Active campaigns by name, every page; the Contact's updateable picklists with their active values. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        SalesforceApi api = usable(context);
        List<Map<String, Object>> campaigns = new ArrayList<>();
        for (JsonNode record : api.queryAll("SELECT Id, Name FROM Campaign WHERE IsActive = true ORDER BY Name",
                "list campaigns")) {
            campaigns.add(Map.of("id", record.path("Id").asString(""), "name", record.path("Name").asString("")));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(SalesforceSpec.CAMPAIGNS, campaigns);
        data.put(SalesforceSpec.PROPERTIES, describeContact(api).picklists());
        return data;
    }

    /** The declared Contact fields, and the org's writable custom Contact fields read live. */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        List<FieldDefinition> fields = new ArrayList<>(spec().destinationFields());
        fields.addAll(describeContact(usable(context)).customFields());
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, DeliveryRequest request) {
        ActionSpec action = spec().action(request.action()).orElse(null);
        if (action == null) {
            return refused("unknown action '" + request.action() + "'; known: "
                    + spec().actions().stream().map(ActionSpec::key).toList());
        }
        String email = request.field("email");
        if (email == null || email.isBlank()) {
            return refused(action.label() + ": the event has no email (map a payload field to email, or send one)");
        }
        email = email.strip();
        if (!email.contains("@")) {
            return refused(action.label() + ": '" + email + "' is not an email address");
        }
        String id = request.metadata("id");
        if (id == null || id.isBlank()) {
            return refused(action.label() + ": the rule has no metadata.id (the " + action.noun() + ")");
        }
        id = id.strip();
        SalesforceApi api = SalesforceApi.of(context);
        if (api.unusable() != null) {
            return api.unusable();
        }
        return switch (action.key()) {
            case SalesforceSpec.ADD_TO_CAMPAIGN -> RECORD_ID.matcher(id).matches()
                    ? addToCampaign(api, request, email, id) : refused(notARecordId(id));
            case SalesforceSpec.REMOVE_FROM_CAMPAIGN -> RECORD_ID.matcher(id).matches()
                    ? removeFromCampaign(api, email, id) : refused(notARecordId(id));
            case SalesforceSpec.UPDATE_PROPERTY -> updateProperty(api, request, email, id, request.metadata("value"));
            default -> refused("action " + action.key() + " is declared but not delivered"); // a spec out of step
        };
    }

    private DeliveryResult addToCampaign(SalesforceApi api, DeliveryRequest request, String email, String campaignId) {
        Lookup contact = findOrCreate(api, request, email);
        if (contact.failure() != null) {
            return contact.failure();
        }
        // No Status: the member gets the campaign's default member status.
        HttpExchange added = api.send("POST", "/sobjects/CampaignMember",
                Map.of("CampaignId", campaignId, "ContactId", contact.id()));
        if (added.status() == 400 && SalesforceError.of(added.body()).is("DUPLICATE_VALUE")) {
            return added.delivered("Salesforce: already a member of campaign " + campaignId);
        }
        return SalesforceResults.classify(added, "add to campaign");
    }

    private DeliveryResult removeFromCampaign(SalesforceApi api, String email, String campaignId) {
        // No Contact is created only to be removed: without one there is no membership.
        Lookup contact = find(api, email);
        if (contact.failure() != null || contact.id() == null) {
            return contact.failure() != null ? contact.failure()
                    : contact.answer().delivered("Salesforce: no Contact has this email; "
                    + "nothing to remove");
        }
        HttpExchange members = api.query("SELECT Id FROM CampaignMember WHERE CampaignId = " + Soql.literal(campaignId)
                + " AND ContactId = " + Soql.literal(contact.id()));
        Lookup member = firstId(members, "find campaign member");
        if (member.failure() != null || member.id() == null) {
            return member.failure() != null ? member.failure()
                    : members.delivered("Salesforce: not a member of campaign " + campaignId);
        }
        HttpExchange removed = api.send("DELETE", "/sobjects/CampaignMember/" + UrlParts.segment(member.id()), null);
        SalesforceError error = SalesforceError.of(removed.body());
        if (removed.status() == 404 && (error.is("ENTITY_IS_DELETED") || error.is("NOT_FOUND"))) {
            return removed.delivered("Salesforce: already removed from campaign " + campaignId);
        }
        return SalesforceResults.classify(removed, "remove from campaign");
    }

    private DeliveryResult updateProperty(SalesforceApi api, DeliveryRequest request, String email, String field,
                                          String value) {
        if (!FIELD_NAME.matcher(field).matches()) {
            return refused("Update property: '" + field + "' is not the API name of a Contact field");
        }
        if (value == null) {
            return refused("Update property: the rule has no metadata.value (the value " + field + " is set to)");
        }
        Lookup contact = findOrCreate(api, request, email);
        if (contact.failure() != null) {
            return contact.failure();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, value);
        HttpExchange updated = api.send("PATCH", "/sobjects/Contact/" + UrlParts.segment(contact.id()), body);
        return SalesforceResults.classify(updated, "update " + field);
    }

    /** The Contact's id, or the failed call; {@code answer} is the last exchange. */
    private record Lookup(String id, DeliveryResult failure, HttpExchange answer) {}

    private Lookup findOrCreate(SalesforceApi api, DeliveryRequest request, String email) {
        Lookup found = find(api, email);
        if (found.failure() != null || found.id() != null) {
            return found;
        }
        HttpExchange created = api.send("POST", "/sobjects/Contact", newContact(request, email));
        if (!created.ok()) {
            return new Lookup(null, SalesforceResults.classify(created, "create contact"), created);
        }
        String id = VendorJson.read(created.body()).path("id").asString("");
        return id.isEmpty() ? new Lookup(null, SalesforceResults.unexpected(created, "create contact"), created)
                : new Lookup(id, null, created);
    }

    private Lookup find(SalesforceApi api, String email) {
        // Email comparisons in SOQL ignore case; the oldest Contact wins so every event picks the same one.
        HttpExchange answer = api.query("SELECT Id FROM Contact WHERE Email = " + Soql.literal(email)
                + " ORDER BY CreatedDate ASC LIMIT 1");
        return firstId(answer, "find contact");
    }

    /** The first record's Id of a query answer; no id when it found nothing. */
    private static Lookup firstId(HttpExchange answer, String what) {
        if (!answer.ok()) {
            return new Lookup(null, SalesforceResults.classify(answer, what), answer);
        }
        JsonNode records = VendorJson.read(answer.body()).path("records");
        if (!records.isArray()) {
            return new Lookup(null, SalesforceResults.unexpected(answer, what), answer);
        }
        String id = records.path(0).path("Id").asString("");
        return new Lookup(id.isEmpty() ? null : id, null, answer);
    }

    /**
     * The new Contact: the email, and every mapped field under its Salesforce name (declared fields
     * by their {@code provider_meta.name}, custom fields by the API name that is their key).
     * Salesforce requires LastName: the email stands in when none is mapped.
     */
    static Map<String, Object> newContact(DeliveryRequest request, String email) {
        Map<String, Object> contact = new LinkedHashMap<>();
        request.mapped().forEach((key, value) -> {
            if (value != null) {
                contact.put(salesforceName(key), value);
            }
        });
        contact.put("Email", email);
        Object lastName = contact.get("LastName");
        if (lastName == null || String.valueOf(lastName).isBlank()) {
            contact.put("LastName", email);
        }
        return contact;
    }

    private static String salesforceName(String key) {
        return SalesforceSpec.CONTACT_FIELDS.stream().filter(f -> f.key().equals(key))
                .map(f -> String.valueOf(f.providerMeta().get("name"))).findFirst().orElse(key);
    }

    private static ContactDescribe describeContact(SalesforceApi api) {
        HttpExchange answer = api.get(ContactDescribe.PATH);
        // A describe larger than the client reads arrives cut short and does not parse: a failure, not no fields.
        JsonNode json = SalesforceApi.readOk(answer, "describe Contact");
        if (!json.path("fields").isArray()) {
            throw new VendorException(SalesforceResults.unexpected(answer, "describe Contact"));
        }
        return new ContactDescribe(json.path("fields"));
    }

    private static SalesforceApi usable(ConnectorContext context) {
        SalesforceApi api = SalesforceApi.of(context);
        if (api.unusable() != null) {
            throw new VendorException(api.unusable());
        }
        return api;
    }

    private static String notARecordId(String id) {
        return "'" + id + "' is not a Salesforce record id (15 or 18 letters and digits): pick the campaign again";
    }

    private static DeliveryResult refused(String message) {
        return DeliveryResult.refused(Outcome.MAPPING_ERROR, "Salesforce: " + message);
    }
}
