package dev.openmeshes.connectors.pipedrive;

import static dev.openmeshes.connectors.pipedrive.PipedriveSpec.ADD_LABEL;
import static dev.openmeshes.connectors.pipedrive.PipedriveSpec.LABELS;
import static dev.openmeshes.connectors.pipedrive.PipedriveSpec.PROPERTIES;
import static dev.openmeshes.connectors.pipedrive.PipedriveSpec.REMOVE_LABEL;
import static dev.openmeshes.connectors.pipedrive.PipedriveSpec.SYNC_PERSON;
import static dev.openmeshes.connectors.pipedrive.PipedriveSpec.UPDATE_PERSON_FIELD;

import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.core.connector.ActionConnector;
import dev.openmeshes.core.connector.ActionDelivery;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.EventEmail;
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
 * The {@code pipedrive} connection type (vendors.md §10): each action acts on the person whose email
 * is the event's, found with the v2 person search (exact match on email) and created when an action
 * needs one. Persons and person fields are API v2, the credential check v1. Stateless: every call
 * works from its context's token and {@code api_domain}.
 */
public final class PipedriveConnector implements ActionConnector {

    /** A field code: a built-in's name ({@code owner_id}) or a custom field's 40-character hash. */
    private static final Pattern FIELD_CODE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final String PERSONS = "/api/v2/persons";
    private static final String PERSON_FIELDS = "/api/v2/personFields";

    /** The declared built-in fields a mapping writes besides the email, typed as Pipedrive types them. */
    private static final Map<String, PersonField> BUILT_IN = Map.of(
            "name", new PersonField("name", "Name", "varchar", false, List.of()),
            "phone", new PersonField("phone", "Phone", "phone", false, List.of()),
            "owner_id", new PersonField("owner_id", "Owner", "user", false, List.of()),
            "org_id", new PersonField("org_id", "Organization", "org", false, List.of()));

    public PipedriveConnector() {}

    @Override
    public ConnectorSpec spec() {
        return PipedriveSpec.SPEC;
    }

    /** {@code GET /api/v1/users/me}: the user the token acts for (scope {@code base}). */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        PipedriveApi api = PipedriveApi.of(context);
        if (api.unusable() != null) {
            return api.unusable();
        }
        HttpExchange me = api.get("/api/v1/users/me");
        return me.ok() ? null : api.classify(me, "check the token");
    }

    /**
     * {@code properties}: the person fields a rule can set, with their options; {@code labels}: the
     * options of the {@code label_ids} person field. One read of every page of person fields.
     */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        List<Map<String, Object>> properties = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        for (PersonField field : personFields(usable(context))) {
            if (field.settable()) {
                properties.add(field.actionItem());
            }
            if (PersonField.LABEL_IDS.equals(field.code())) {
                labels.addAll(field.optionItems());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(PROPERTIES, properties);
        data.put(LABELS, labels);
        return data;
    }

    /** The declared person fields, then the company's custom person fields a value can set, by field code. */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        List<FieldDefinition> fields = new ArrayList<>(spec().destinationFields());
        for (PersonField field : personFields(usable(context))) {
            if (field.custom() && field.settable()) {
                fields.add(field.definition());
            }
        }
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        ActionSpec action = delivery.action();
        DeliveryRequest request = delivery.request();
        // Not the declared email need: Pipedrive's refusal of a non-address quotes it.
        String email = request.field("email");
        if (email == null || email.isBlank()) {
            return refused(action, "the event has no email (send payload.email or map a field to email)");
        }
        email = email.strip();
        if (!EventEmail.isAddress(email)) {
            return refused(action, "'" + email + "' is not an email address");
        }
        PipedriveApi api = PipedriveApi.of(context);
        if (api.unusable() != null) {
            return api.unusable();
        }
        try {
            return switch (action.key()) {
                case SYNC_PERSON -> syncPerson(api, request, email);
                case UPDATE_PERSON_FIELD -> updateField(api, request, email);
                case ADD_LABEL, REMOVE_LABEL -> {
                    Long label = labelId(request.metadata("id"));
                    if (label == null) {
                        yield refused(action, "metadata.id '" + request.metadata("id")
                                + "' is not a label id: pick the label again");
                    }
                    yield ADD_LABEL.equals(action.key()) ? addLabel(api, request, email, label)
                            : removeLabel(api, email, label);
                }
                default -> throw new IllegalStateException("declared but not delivered: " + action.key());
            };
        } catch (VendorException failed) {
            return failed.result();
        } catch (PersonField.Unfit unfit) {
            return refused(action, unfit.getMessage());
        }
    }

    /** The mapped fields written to the person found by email, or to a new person created with them. */
    private DeliveryResult syncPerson(PipedriveApi api, DeliveryRequest request, String email) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (var mapped : request.mapped().entrySet()) {
            Object value = mapped.getValue();
            // A mapped field with no value (null or blank) leaves the person's as it is.
            if (value != null && !String.valueOf(value).isBlank() && !PipedriveSpec.EMAIL.key().equals(mapped.getKey())) {
                PersonField field = BUILT_IN.get(mapped.getKey());
                (field != null ? field : customField(api, mapped.getKey())).writeTo(fields, value);
            }
        }
        Found person = find(api, email);
        if (person.id() == null) {
            return create(api, request, email, fields);
        }
        if (fields.isEmpty()) {
            return person.answer().delivered(
                    "Pipedrive: person " + person.id() + " exists and no fields are mapped; nothing to update");
        }
        return update(api, person.id(), fields);
    }

    private DeliveryResult updateField(PipedriveApi api, DeliveryRequest request, String email) {
        String code = request.metadata("id") == null ? "" : request.metadata("id").strip();
        if (!FIELD_CODE.matcher(code).matches()) {
            return refused(UPDATE_PERSON_FIELD, "metadata.id '" + code + "' is not a person field code: pick the field again");
        }
        String value = request.metadata("value");
        if (value == null) {
            return refused(UPDATE_PERSON_FIELD, "the rule has no metadata.value (the value " + code + " is set to)");
        }
        PersonField field = PersonField.of(api.data(api.get(PERSON_FIELDS + "/" + UrlParts.segment(code)),
                "read person field " + code));
        if (!field.settable()) {
            throw new PersonField.Unfit("person field " + code + " (" + field.type() + ") cannot be set by this action");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        field.writeTo(fields, value);
        Found person = find(api, email);
        return person.id() == null ? create(api, request, email, fields) : update(api, person.id(), fields);
    }

    private DeliveryResult addLabel(PipedriveApi api, DeliveryRequest request, String email, long label) {
        Found person = find(api, email);
        if (person.id() == null) {
            return create(api, request, email, Map.of("label_ids", List.of(label)));
        }
        HttpExchange answer = api.get(PERSONS + "/" + person.id());
        List<Long> labels = labelIds(api.data(answer, "read person " + person.id()));
        if (labels.contains(label)) {
            return answer.delivered("Pipedrive: person " + person.id() + " has label " + label
                    + " already");
        }
        labels.add(label);
        return update(api, person.id(), Map.of("label_ids", labels));
    }

    private DeliveryResult removeLabel(PipedriveApi api, String email, long label) {
        Found person = find(api, email);
        if (person.id() == null) {
            return person.answer().delivered("Pipedrive: no person has this email; no label to remove");
        }
        HttpExchange answer = api.get(PERSONS + "/" + person.id());
        List<Long> labels = labelIds(api.data(answer, "read person " + person.id()));
        if (!labels.remove(Long.valueOf(label))) {
            return answer.delivered("Pipedrive: person " + person.id() + " does not have label "
                    + label);
        }
        return update(api, person.id(), Map.of("label_ids", labels));
    }

    /** The person found by email and the search's answer; no id when none has it. */
    private record Found(Long id, HttpExchange answer) {}

    /**
     * {@code GET /api/v2/persons/search} on emails, exact (case-insensitive) match, the best hit.
     * The search index can lag a person created moments ago.
     */
    private static Found find(PipedriveApi api, String email) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("term", email);
        query.put("fields", "email");
        query.put("exact_match", "true");
        query.put("limit", "1");
        HttpExchange answer = api.get(PERSONS + "/search?" + UrlParts.query(query));
        JsonNode items = api.data(answer, "find the person by email").path("items");
        if (!items.isArray()) {
            throw new VendorException(PipedriveResults.unexpected(answer, "find the person by email"));
        }
        JsonNode id = items.path(0).path("item").path("id");
        return new Found(id.canConvertToLong() ? id.asLong() : null, answer);
    }

    /**
     * {@code POST /api/v2/persons}: the name (mapped, else the email), the email as primary, then the
     * fields (a name among them wins).
     */
    private static DeliveryResult create(PipedriveApi api, DeliveryRequest request, String email,
                                         Map<String, Object> fields) {
        Map<String, Object> person = new LinkedHashMap<>();
        Object name = request.mapped().get(PipedriveSpec.NAME.key());
        person.put("name", name == null || String.valueOf(name).isBlank() ? email : String.valueOf(name).strip());
        person.put("emails", List.of(PersonField.primary(email)));
        person.putAll(fields);
        HttpExchange created = api.send("POST", PERSONS, person);
        if (created.ok() && !api.data(created, "create the person").path("id").canConvertToLong()) {
            return PipedriveResults.unexpected(created, "create the person");
        }
        return api.classify(created, "create the person");
    }

    /** {@code PATCH /api/v2/persons/{id}} with only the fields to change. */
    private static DeliveryResult update(PipedriveApi api, long id, Map<String, Object> fields) {
        return api.classify(api.send("PATCH", PERSONS + "/" + id, fields), "update person " + id);
    }

    /** A mapped key that is not a declared field names a custom field by its code. */
    private static PersonField customField(PipedriveApi api, String code) {
        if (!FIELD_CODE.matcher(code).matches()) {
            throw new PersonField.Unfit("'" + code + "' is not a person field code");
        }
        PersonField field = PersonField.of(api.data(api.get(PERSON_FIELDS + "/" + UrlParts.segment(code)),
                "read person field " + code));
        if (!field.custom() || !field.settable()) {
            throw new PersonField.Unfit("person field " + code + " (" + field.type() + ") cannot be mapped");
        }
        return field;
    }

    private static List<PersonField> personFields(PipedriveApi api) {
        return api.list(PERSON_FIELDS, "list person fields").stream().map(PersonField::of).toList();
    }

    private static List<Long> labelIds(JsonNode person) {
        List<Long> ids = new ArrayList<>();
        person.path("label_ids").forEach(id -> {
            if (id.canConvertToLong()) {
                ids.add(id.asLong());
            }
        });
        return ids;
    }

    private static Long labelId(String text) {
        try {
            return text == null ? null : Long.parseLong(text.strip());
        } catch (NumberFormatException notAnId) {
            return null;
        }
    }

    private static PipedriveApi usable(ConnectorContext context) {
        PipedriveApi api = PipedriveApi.of(context);
        if (api.unusable() != null) {
            throw new VendorException(api.unusable());
        }
        return api;
    }

    private DeliveryResult refused(String action, String message) {
        return refused(spec().action(action).orElseThrow(), message);
    }

    private static DeliveryResult refused(ActionSpec action, String message) {
        return DeliveryResult.refused(Outcome.MAPPING_ERROR, "Pipedrive " + action.key() + ": " + message);
    }
}
