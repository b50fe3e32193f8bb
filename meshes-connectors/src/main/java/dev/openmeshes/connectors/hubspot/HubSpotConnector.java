package dev.openmeshes.connectors.hubspot;

import static dev.openmeshes.connectors.hubspot.HubSpotSpec.ADD_TO_LIST;
import static dev.openmeshes.connectors.hubspot.HubSpotSpec.CONTACT_FIELDS;
import static dev.openmeshes.connectors.hubspot.HubSpotSpec.LISTS;
import static dev.openmeshes.connectors.hubspot.HubSpotSpec.PROPERTIES;
import static dev.openmeshes.connectors.hubspot.HubSpotSpec.REMOVE_FROM_LIST;
import static dev.openmeshes.connectors.hubspot.HubSpotSpec.SPEC;
import static dev.openmeshes.connectors.hubspot.HubSpotSpec.UPDATE_PROPERTY;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.http.VendorResults;
import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings.OAuthClient;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The {@code hubspot} connection type (vendors.md §6): each action finds or creates the contact by
 * email with one upsert that also writes the mapped contact fields, then adds it to a list, removes
 * it from one, or sets one property. Every call is HubSpot's v3 CRM API, authenticated with the
 * connection's OAuth token. Stateless: safe to share between threads.
 */
public final class HubSpotConnector implements Connector {

    /** Lists per search page (HubSpot allows up to 500). */
    static final int LIST_PAGE = 100;
    /** A vendor that keeps answering {@code hasMore} must not keep us reading forever. */
    static final int MAX_LIST_PAGES = 200;
    /** HubSpot's object type id of contacts: only contact lists can hold a contact. */
    private static final String CONTACTS_OBJECT_TYPE = "0-1";

    public HubSpotConnector() {}

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    /**
     * Introspects the access token ({@code POST /oauth/v3/token/introspect} with the server's OAuth
     * client): it must be active and carry every CRM scope the actions use.
     */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        Optional<OAuthClient> client = context.settings().client();
        if (client.isEmpty()) {
            return DeliveryResult.refused(Outcome.AUTH_FAILED, "HubSpot token check: this server has no HubSpot "
                    + "OAuth client (MESHES_OAUTH_HUBSPOT_CLIENT_ID and _CLIENT_SECRET), so tokens can be neither "
                    + "checked nor refreshed");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", client.get().id());
        form.put("client_secret", client.get().secret());
        form.put("token", context.accessToken());
        form.put("token_type_hint", "access_token");
        HttpExchange exchange = new HubSpotApi(context).form("/oauth/v3/token/introspect", UrlParts.query(form));
        if (!exchange.ok()) {
            return HubSpotErrors.failed(exchange, "HubSpot token check");
        }
        JsonNode answer = VendorJson.read(exchange.body());
        if (!answer.path("active").asBoolean(false)) {
            return VendorResults.credentialsRefused(exchange, SPEC.authentication(),
                    "HubSpot token check: HubSpot says the access token is not active");
        }
        Set<String> granted = new HashSet<>();
        answer.path("scopes").forEach(s -> granted.add(s.asString("")));
        List<String> missing = HubSpotSpec.CRM_SCOPES.stream().filter(s -> !granted.contains(s)).toList();
        if (!missing.isEmpty()) {
            return exchange.result(Outcome.AUTH_FAILED, false, "HubSpot token check: the authorization lacks "
                    + String.join(", ", missing) + "; connect HubSpot again to grant them")
                    .withVerdict(Verdict.REAUTHORIZATION_REQUIRED);
        }
        return null;
    }

    /** {@code lists}: every static contact list; {@code properties}: every writable contact property with its options. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        HubSpotApi api = new HubSpotApi(context);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(LISTS, lists(api));
        data.put(PROPERTIES, writableProperties(api).stream().map(HubSpotProperties::item).toList());
        return data;
    }

    /** The declared contact fields, then every other writable contact property of the account. */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        List<FieldDefinition> fields = new ArrayList<>(SPEC.destinationFields());
        Set<String> taken = new HashSet<>();
        fields.forEach(f -> {
            taken.add(f.key());
            taken.add(String.valueOf(f.providerMeta().get("name")));
        });
        for (JsonNode property : writableProperties(new HubSpotApi(context))) {
            if (taken.add(property.path("name").asString())) {
                fields.add(HubSpotProperties.field(property));
            }
        }
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, DeliveryRequest request) {
        long started = System.nanoTime();
        Optional<ActionSpec> action = SPEC.action(String.valueOf(request.action()));
        if (action.isEmpty()) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "HubSpot has no action '" + request.action()
                    + "'; it knows " + SPEC.actions().stream().map(ActionSpec::key).toList());
        }
        for (ActionInput input : action.get().inputs()) {
            List<String> keys = input instanceof ActionInput.PickWithOption pick ? pick.fields() : List.of(input.field());
            for (String key : keys) {
                if (input.required() && blank(request.metadata(key))) {
                    return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "HubSpot " + action.get().label()
                            .toLowerCase(Locale.ROOT) + ": the rule has no metadata." + key + " (the " + action.get().noun()
                            + (key.equals("id") ? "" : " value") + " to use)");
                }
            }
        }
        String email = request.field("email");
        if (blank(email)) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR, "HubSpot: the event has no email (neither a mapped "
                    + "email field nor payload.email), and HubSpot finds or creates the contact by email");
        }
        HubSpotApi api = new HubSpotApi(context);
        ContactOrFailure contact = upsertContact(api, email.strip(), contactProperties(request));
        DeliveryResult result;
        if (contact.failure() != null) {
            result = contact.failure();
        } else {
            String id = request.metadata("id").strip();
            result = switch (action.get().key()) {
                case ADD_TO_LIST -> membership(api, contact.id(), id, true);
                case REMOVE_FROM_LIST -> membership(api, contact.id(), id, false);
                case UPDATE_PROPERTY -> setProperty(api, contact.id(), id, request.metadata("value"));
                default -> DeliveryResult.refused(Outcome.INTERNAL_ERROR, "HubSpot: action " + action.get().key()
                        + " is declared but not implemented");
            };
        }
        return spanning(result, started);
    }

    /** The contact's id, or why it could not be found or created. */
    private record ContactOrFailure(String id, DeliveryResult failure) {}

    /** {@code POST /crm/v3/objects/contacts/batch/upsert} keyed on email: creates the contact or updates it. */
    private static ContactOrFailure upsertContact(HubSpotApi api, String email, Map<String, String> properties) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", email);
        input.put("idProperty", "email");
        input.put("properties", properties);
        HttpExchange exchange = api.send("POST", "/crm/v3/objects/contacts/batch/upsert", Map.of("inputs", List.of(input)));
        if (!exchange.ok()) {
            return new ContactOrFailure(null, HubSpotErrors.failed(exchange, "HubSpot contact upsert"));
        }
        JsonNode answer = VendorJson.read(exchange.body());
        if (answer.isMissingNode()) { // not JSON (a proxy's page): the upsert is safe to repeat
            return new ContactOrFailure(null, exchange.result(Outcome.REJECTED_SERVER_ERROR, true,
                    "HubSpot contact upsert: HTTP " + exchange.status() + " with an answer that is not JSON"));
        }
        String id = answer.path("results").path(0).path("id").asString("");
        if (id.isBlank()) { // a 207 whose only input failed: the error says why
            JsonNode error = answer.path("errors").path(0);
            String reason = error.isMissingNode() ? " without a contact id" : HubSpotErrors.describe(error);
            return new ContactOrFailure(null, exchange.result(Outcome.REJECTED_CLIENT_ERROR, false,
                    "HubSpot contact upsert failed: HTTP " + exchange.status() + reason));
        }
        return new ContactOrFailure(id, null);
    }

    /**
     * {@code PUT /crm/v3/lists/{listId}/memberships/add|remove} with {@code [contactId]}. HubSpot
     * ignores records already (or not) in the list, so a repeat is a success; a record it reports
     * missing was created too recently to be seen, so a later attempt may succeed.
     */
    private static DeliveryResult membership(HubSpotApi api, String contactId, String listId, boolean add) {
        String what = "HubSpot " + (add ? "add to" : "remove from") + " list " + listId;
        HttpExchange exchange = api.send("PUT", "/crm/v3/lists/" + UrlParts.segment(listId) + "/memberships/"
                + (add ? "add" : "remove"), List.of(contactId));
        if (!exchange.ok()) {
            return HubSpotErrors.failed(exchange, what);
        }
        JsonNode answer = VendorJson.read(exchange.body());
        if (ids(answer, "recordIdsMissing").contains(contactId)) {
            return exchange.result(Outcome.REJECTED_SERVER_ERROR, true, what + ": HubSpot did not find contact "
                    + contactId + " yet; trying again later");
        }
        if (add) {
            // the spec spells it recordsIdsAdded; accept the regular spelling too
            Set<String> added = ids(answer, "recordsIdsAdded");
            added.addAll(ids(answer, "recordIdsAdded"));
            return exchange.delivered(added.contains(contactId)
                    ? "HubSpot: contact " + contactId + " added to list " + listId
                    : "HubSpot: contact " + contactId + " was already in list " + listId);
        }
        return exchange.delivered(ids(answer, "recordIdsRemoved").contains(contactId)
                ? "HubSpot: contact " + contactId + " removed from list " + listId
                : "HubSpot: contact " + contactId + " was not in list " + listId);
    }

    /** {@code PATCH /crm/v3/objects/contacts/{contactId}} with {@code {properties: {<property>: <value>}}}. */
    private static DeliveryResult setProperty(HubSpotApi api, String contactId, String property, String value) {
        String what = "HubSpot update of property " + property;
        HttpExchange exchange = api.send("PATCH", "/crm/v3/objects/contacts/" + UrlParts.segment(contactId),
                Map.of("properties", Map.of(property, value)));
        if (!exchange.ok()) {
            return HubSpotErrors.failed(exchange, what);
        }
        return exchange.delivered("HubSpot: contact " + contactId + " property " + property
                + " set");
    }

    /**
     * The contact properties the upsert writes: the declared fields under HubSpot's names (mapped,
     * else from the payload), then every other mapped field, whose key is already a HubSpot property
     * name (the field catalog offers no other). Email is the upsert's key, not a property to set.
     */
    static Map<String, String> contactProperties(DeliveryRequest request) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (FieldDefinition field : CONTACT_FIELDS) {
            String value = request.field(field.key());
            if (!field.key().equals("email") && !blank(value)) {
                properties.put(HubSpotSpec.propertyName(field.key()), value);
            }
        }
        request.mapped().forEach((key, value) -> {
            if (value != null && HubSpotSpec.propertyName(key) == null) {
                properties.put(key, hubSpotValue(value));
            }
        });
        return properties;
    }

    /** HubSpot takes every property value as a string; several enumeration values are joined by ';'. */
    static String hubSpotValue(Object value) {
        return switch (value) {
            case String s -> s;
            case Collection<?> values -> values.stream().map(HubSpotConnector::hubSpotValue)
                    .collect(Collectors.joining(";"));
            case Map<?, ?> map -> VendorJson.write(map);
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            default -> String.valueOf(value);
        };
    }

    /** Every static contact list, read page by page with {@code POST /crm/v3/lists/search}. */
    private static List<Map<String, Object>> lists(HubSpotApi api) {
        List<Map<String, Object>> lists = new ArrayList<>();
        int offset = 0;
        for (int page = 1; ; page++) {
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("query", "");
            search.put("count", LIST_PAGE);
            search.put("offset", offset);
            search.put("processingTypes", List.of("MANUAL", "SNAPSHOT")); // only these accept memberships
            search.put("additionalProperties", List.of());
            HttpExchange exchange = api.send("POST", "/crm/v3/lists/search", search);
            if (!exchange.ok()) {
                throw new VendorException(HubSpotErrors.failed(exchange, "HubSpot list search"));
            }
            JsonNode answer = readList(exchange, "HubSpot list search");
            for (JsonNode list : answer.path("lists")) {
                String objectType = list.path("objectTypeId").asString(CONTACTS_OBJECT_TYPE);
                if (objectType.equals(CONTACTS_OBJECT_TYPE) && !list.path("listId").asString("").isBlank()) {
                    lists.add(Map.of("id", list.path("listId").asString(), "name", list.path("name").asString("")));
                }
            }
            if (!answer.path("hasMore").asBoolean(false)) {
                return lists;
            }
            int next = answer.path("offset").asInt(-1);
            if (next <= offset || page == MAX_LIST_PAGES) {
                throw new VendorException(exchange.result(Outcome.REJECTED_SERVER_ERROR, false, "HubSpot list search: "
                        + (next <= offset ? "more lists announced without a next offset" : "more than "
                        + MAX_LIST_PAGES * LIST_PAGE + " lists")));
            }
            offset = next;
        }
    }

    /** {@code GET /crm/v3/properties/contacts}: one answer, HubSpot does not page it. */
    private static List<JsonNode> writableProperties(HubSpotApi api) {
        HttpExchange exchange = api.get("/crm/v3/properties/contacts");
        if (!exchange.ok()) {
            throw new VendorException(HubSpotErrors.failed(exchange, "HubSpot contact properties"));
        }
        return HubSpotProperties.writable(readList(exchange, "HubSpot contact properties"));
    }

    /**
     * A list answer as JSON. One that does not parse (a proxy's page, or cut at the client's body
     * cap) must not pass for an empty list.
     */
    private static JsonNode readList(HttpExchange exchange, String what) {
        JsonNode answer = VendorJson.read(exchange.body());
        if (!answer.isObject()) {
            throw new VendorException(exchange.result(Outcome.REJECTED_SERVER_ERROR, true, what
                    + ": HTTP " + exchange.status() + " with an answer that is not a JSON object (or too large to read)"));
        }
        return answer;
    }

    private static Set<String> ids(JsonNode answer, String field) {
        Set<String> ids = new HashSet<>();
        answer.path(field).forEach(id -> ids.add(id.asString("")));
        return ids;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The result of the last call, timed over every call of the delivery. */
    private static DeliveryResult spanning(DeliveryResult r, long startedNanos) {
        return new DeliveryResult(r.outcome(), r.retryable(), r.statusCode(), Duration.ofNanos(System.nanoTime()
                - startedNanos), r.retryAfter(), r.responseBody(), r.requestHeaders(), r.message(), r.verdict(),
                r.warnings());
    }
}
