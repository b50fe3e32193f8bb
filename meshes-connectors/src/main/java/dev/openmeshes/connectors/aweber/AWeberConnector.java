package dev.openmeshes.connectors.aweber;

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
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
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
 * The {@code aweber} connection type: subscribes an event's email to an AWeber list, or unsubscribes
 * it. Every call is made on the account the token was granted for ({@code GET /accounts}), whose id
 * is kept in a small cache (the only state; see {@link AccountIds}).
 */
public final class AWeberConnector implements ActionConnector {

    private static final DeliveryResult NO_TOKEN = DeliveryResult.refused(Outcome.AUTH_FAILED,
            "AWeber: the connection has no access token; connect AWeber again").withVerdict(Verdict.REAUTHORIZATION_REQUIRED);

    private final AccountIds accounts = new AccountIds();

    public AWeberConnector() {}

    @Override
    public ConnectorSpec spec() {
        return AWeberSpec.SPEC;
    }

    /** {@code GET /accounts}: the token works and names the account it was granted for. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        Optional<AWeberApi> api = api(context);
        if (api.isEmpty()) {
            return NO_TOKEN;
        }
        try {
            accounts.put(context, api.get().token(), lookUpAccount(api.get()));
            return null;
        } catch (VendorException failed) {
            return failed.result();
        }
    }

    /** {@code lists}: every list of the account, {@code {id, name}}. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        AWeberApi api = api(context).orElseThrow(() -> new VendorException(NO_TOKEN));
        return Map.of(AWeberSpec.LISTS, Choices.byIdAndName(lists(api)));
    }

    /**
     * The declared fields, then the custom fields of every list, each name once. AWeber defines
     * custom fields per list while a mapping belongs to the connection and the list is chosen by each
     * rule, so the catalog offers the union; AWeber ignores a custom field the chosen list lacks
     * (no {@code strict_custom_fields} is sent), and {@code provider_meta.lists} says which lists have it.
     */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        AWeberApi api = api(context).orElseThrow(() -> new VendorException(NO_TOKEN));
        String account = account(api);
        Map<String, List<String>> listsByField = new LinkedHashMap<>();
        for (JsonNode list : lists(api)) {
            String listId = VendorJson.text(list.path("id"));
            if (listId == null) {
                continue;
            }
            for (JsonNode field : api.collection(listPath(account, listId) + "/custom_fields",
                    "list the custom fields of list " + listId)) {
                String name = VendorJson.text(field.path("name"));
                if (name != null && !name.isBlank()) {
                    listsByField.computeIfAbsent(name, n -> new ArrayList<>()).add(listId);
                }
            }
        }
        List<FieldDefinition> fields = new ArrayList<>(spec().destinationFields());
        listsByField.forEach((name, lists) -> fields.add(FieldDefinition.of(AWeberSpec.CUSTOM_PREFIX + name,
                Type.STRING, name).described("A custom field of AWeber list(s) " + String.join(", ", lists) + ".")
                .withProviderMeta(Map.of("name", name, "custom", true, "lists", List.copyOf(lists)))));
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        Optional<AWeberApi> api = api(context);
        if (api.isEmpty()) {
            return NO_TOKEN;
        }
        String listId = delivery.id();
        String email = delivery.email();
        try {
            String path = listPath(account(api.get()), listId) + "/subscribers";
            return switch (delivery.key()) {
                case AWeberSpec.ADD_TO_LIST -> subscribe(api.get(), path, listId, delivery.request(), email);
                case AWeberSpec.REMOVE_FROM_LIST -> unsubscribe(api.get(), path, listId, email);
                default -> throw new IllegalStateException("declared but not delivered: " + delivery.key());
            };
        } catch (VendorException failed) {
            return failed.result();
        }
    }

    /**
     * {@code POST …/subscribers} with {@code update_existing}, so that a subscriber already on the
     * list gets the mapped name and custom fields instead of a refusal. Should AWeber still answer
     * "already subscribed", the subscriber is where the rule wants it: delivered.
     */
    private static DeliveryResult subscribe(AWeberApi api, String path, String listId, DeliveryRequest request,
                                            String email) {
        String what = "add to list " + listId;
        HttpExchange added = api.post(path, subscriber(request, email));
        AWeberResults.AWeberError error = AWeberResults.AWeberError.of(added.body());
        if (added.status() == 400 && error != null && error.says("already subscribed")) {
            return added.delivered("AWeber: " + what + ": already subscribed");
        }
        return AWeberResults.classify(added, what);
    }

    /**
     * {@code PATCH …/subscribers?subscriber_email=} to status {@code unsubscribed}, which keeps the
     * subscriber's history (a DELETE would erase it). AWeber's 404 means the email is not on the
     * list: nothing is left to remove.
     */
    private static DeliveryResult unsubscribe(AWeberApi api, String path, String listId, String email) {
        String what = "remove from list " + listId;
        Map<String, String> query = Map.of("subscriber_email", email);
        HttpExchange patched = api.patch(path, query, Map.of("status", "unsubscribed"));
        AWeberResults.AWeberError error = AWeberResults.AWeberError.of(patched.body());
        if (patched.status() == 404 && error != null && "NotFoundError".equals(error.type())) {
            return patched.delivered("AWeber: " + what + ": the email is not on the list");
        }
        return AWeberResults.classify(patched, what);
    }

    /** The email, the mapped name and {@code custom_fields.*} (AWeber takes their values as strings). */
    private static Map<String, Object> subscriber(DeliveryRequest request, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        Map<String, String> custom = new LinkedHashMap<>();
        request.mapped().forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (key.equals("name")) {
                body.put("name", String.valueOf(value));
            } else if (key.startsWith(AWeberSpec.CUSTOM_PREFIX) && key.length() > AWeberSpec.CUSTOM_PREFIX.length()) {
                custom.put(key.substring(AWeberSpec.CUSTOM_PREFIX.length()), String.valueOf(value));
            }
        });
        if (!custom.isEmpty()) {
            body.put("custom_fields", custom);
        }
        body.put("update_existing", "true");
        return body;
    }

    private List<JsonNode> lists(AWeberApi api) {
        return api.collection("/accounts/" + UrlParts.segment(account(api)) + "/lists", "list the lists");
    }

    private String account(AWeberApi api) {
        return accounts.get(api.context(), api.token(), () -> lookUpAccount(api));
    }

    /** {@code entries[0].id} of {@code GET /accounts}: the one account that authorized the token. */
    private static String lookUpAccount(AWeberApi api) {
        HttpExchange exchange = api.get("/accounts", Map.of());
        String id = VendorJson.text(api.answer(exchange, "find the account").path("entries").path(0).path("id"));
        if (id == null) {
            throw new VendorException(exchange.result(Outcome.AUTH_FAILED, false,
                    "AWeber: find the account: the token names no account; connect AWeber again")
                    .withVerdict(Verdict.REAUTHORIZATION_REQUIRED));
        }
        return id;
    }

    private static String listPath(String account, String listId) {
        return "/accounts/" + UrlParts.segment(account) + "/lists/" + UrlParts.segment(listId);
    }

    /** The API with the connection's access token, or empty for a connection that has none. */
    private static Optional<AWeberApi> api(ConnectorContext context) {
        return Optional.ofNullable(context.accessTokenOrNull()).map(token -> new AWeberApi(context, token));
    }
}
