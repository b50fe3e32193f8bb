package dev.openmeshes.connectors.mailchimp;

import dev.openmeshes.connectors.http.Choices;
import dev.openmeshes.connectors.http.UrlParts;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ActionConnector;
import dev.openmeshes.core.connector.ActionDelivery;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code mailchimp} connection type: subscribes and unsubscribes the audience member an
 * event's email names. Members are addressed by the MD5 hash of the lower-cased email, so adding
 * is one upsert and there is nothing to look up first. Stateless; every call works with the
 * {@link ConnectorContext} of one connection.
 */
public final class MailchimpConnector implements ActionConnector {

    public MailchimpConnector() {}

    @Override
    public ConnectorSpec spec() {
        return MailchimpSpec.SPEC;
    }

    @Override
    public Map<String, Object> validate(Map<String, Object> metadata) {
        return MailchimpSpec.validate(metadata);
    }

    /** {@code GET /ping}: answers only to a key that works in its data center. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        try {
            DeliveryResult result = MailchimpResults.classify(new MailchimpApi(context).get("/ping"), "check the API key");
            return result.delivered() ? null : result;
        } catch (VendorException refused) {
            return refused.result();
        }
    }

    /** {@code lists}: every audience of the account, {@code {id, name}}. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        return Map.of(MailchimpSpec.LISTS, Choices.byIdAndName(audiences(new MailchimpApi(context))));
    }

    /** The declared fields, then every audience's merge fields, one per tag ({@link MergeFieldCatalog}). */
    @Override
    public List<FieldDefinition> fields(ConnectorContext context) {
        var api = new MailchimpApi(context);
        var catalog = new MergeFieldCatalog();
        for (JsonNode list : audiences(api)) {
            String id = VendorJson.text(list.path("id"));
            if (id != null) {
                String name = Optional.ofNullable(VendorJson.text(list.path("name"))).orElse(id);
                catalog.add(id, name, api.list("/lists/" + UrlParts.segment(id) + "/merge-fields", "merge_fields",
                        "merge_fields.tag,merge_fields.name,merge_fields.type,merge_fields.options",
                        "list the merge fields of audience " + id));
            }
        }
        List<FieldDefinition> fields = new ArrayList<>(spec().destinationFields());
        fields.addAll(catalog.fields());
        return fields;
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        String listId = delivery.id();
        String email = delivery.email();
        var api = new MailchimpApi(context);
        String member = "/lists/" + UrlParts.segment(listId) + "/members/" + subscriberHash(email);
        try {
            return switch (delivery.key()) {
                case MailchimpSpec.ADD_TO_LIST -> MailchimpResults.classify(
                        api.put(member, subscription(delivery.request(), email)),
                        "add " + email + " to audience " + listId);
                case MailchimpSpec.REMOVE_FROM_LIST -> unsubscribe(api, member, email, listId);
                default -> throw new IllegalStateException("declared but not delivered: " + delivery.key());
            };
        } catch (VendorException refused) {
            return refused.result();
        }
    }

    /** An address that is no member of the audience has nothing to unsubscribe: done. */
    private static DeliveryResult unsubscribe(MailchimpApi api, String member, String email, String listId) {
        String what = "unsubscribe " + email + " from audience " + listId;
        HttpExchange unsubscribed = api.patch(member, Map.of("status", "unsubscribed"));
        if (unsubscribed.status() == 404) {
            return unsubscribed.delivered("Mailchimp: " + what
                    + ": HTTP 404, not a member of the audience; nothing to unsubscribe");
        }
        return MailchimpResults.classify(unsubscribed, what);
    }

    /**
     * The upsert of the member: subscribed whether new or known, with the mapped merge fields
     * ({@code merge_fields.<TAG>}) and signup IP. An address Mailchimp will not resubscribe is
     * refused by Mailchimp and ends the delivery ({@link MailchimpResults}).
     */
    private static Map<String, Object> subscription(DeliveryRequest request, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email_address", email);
        body.put("status_if_new", "subscribed");
        body.put("status", "subscribed");
        Map<String, Object> mergeFields = new LinkedHashMap<>();
        request.mapped().forEach((key, value) -> {
            if (value != null && key.startsWith(MailchimpSpec.MERGE_PREFIX)
                    && key.length() > MailchimpSpec.MERGE_PREFIX.length()) {
                mergeFields.put(key.substring(MailchimpSpec.MERGE_PREFIX.length()), value);
            }
        });
        if (!mergeFields.isEmpty()) {
            body.put("merge_fields", mergeFields);
        }
        Object ip = request.mapped().get(MailchimpSpec.IP_SIGNUP.key());
        if (ip != null) {
            body.put("ip_signup", String.valueOf(ip));
        }
        return body;
    }

    private static List<JsonNode> audiences(MailchimpApi api) {
        return api.list("/lists", "lists", "lists.id,lists.name", "list audiences");
    }

    /** Mailchimp's member id: the MD5 hash, in lower-case hex, of the lower-cased address. */
    static String subscriberHash(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException unavailable) {
            throw new IllegalStateException("every Java platform provides MD5", unavailable);
        }
    }
}
