package dev.openmeshes.connectors.sendgrid;

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
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code sendgrid} connection type: one email per event to the event's person through Mail
 * Send, from a dynamic template or from the rule's subject and HTML body. Stateless; every call works
 * with the {@link ConnectorContext} of one connection.
 */
public final class SendGridConnector implements ActionConnector {

    static final String MAIL_SEND = "/v3/mail/send";
    /** The most templates a page may hold; {@code page_size} is required. */
    static final int PAGE_SIZE = 200;
    /** An account holds at most 300 templates: far fewer pages than this end any honest listing. */
    static final int MAX_PAGES = 100;
    /** The custom argument that ties a sent email's activity (SendGrid's event webhook) to its delivery. */
    static final String DELIVERY_ID_ARG = "meshes_delivery_id";

    public SendGridConnector() {}

    @Override
    public ConnectorSpec spec() {
        return SendGridSpec.SPEC;
    }

    /** {@code GET /v3/scopes}: the key works, and carries every scope the actions and the picker need. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        HttpExchange answer = new SendGridApi(context).get("/v3/scopes");
        if (!answer.ok()) {
            DeliveryResult failed = SendGridResults.classify(answer, "check the API key", context.clock().instant());
            if (failed.verdict() == null) {
                return failed;
            }
            // A key of an EU regional subuser is unknown at the global host, and the other way round.
            return failed.withMessage(failed.message()
                    + " (a key works only in its account's region; is metadata.region right?)");
        }
        Set<String> granted = new HashSet<>();
        VendorJson.read(answer.body()).path("scopes")
                .forEach(scope -> Optional.ofNullable(VendorJson.text(scope)).ifPresent(granted::add));
        List<String> missing = SendGridSpec.REQUIRED_SCOPES.stream().filter(s -> !granted.contains(s)).toList();
        if (!missing.isEmpty()) {
            return answer.result(Outcome.AUTH_FAILED, false, "SendGrid: the API key lacks scope "
                    + String.join(" and ", missing) + "; give it Mail Send and Template Engine (read) access")
                    .withVerdict(Verdict.CREDENTIALS_INVALID);
        }
        return null;
    }

    /**
     * {@code templates}: every dynamic template, {@code {id, name}}. Pages follow
     * {@code _metadata.next}; only its {@code page_token} is taken, so every call goes to the
     * connection's own host whatever URL the answer names.
     */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        var api = new SendGridApi(context);
        List<Map<String, Object>> templates = new ArrayList<>();
        Set<String> tokensSeen = new HashSet<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("generations", "dynamic");
            query.put("page_size", String.valueOf(PAGE_SIZE));
            if (token != null) {
                query.put("page_token", token);
            }
            JsonNode answer = api.answer(api.get("/v3/templates?" + UrlParts.query(query)), "list templates");
            for (JsonNode template : answer.path("result")) {
                String id = VendorJson.text(template.path("id"));
                if (id != null) {
                    templates.add(Map.of("id", id,
                            "name", Optional.ofNullable(VendorJson.text(template.path("name"))).orElse(id)));
                }
            }
            String next = VendorJson.text(answer.path("_metadata").path("next"));
            if (next == null || next.isBlank()) {
                return Map.of(SendGridSpec.TEMPLATES, List.copyOf(templates));
            }
            token = pageToken(next);
            if (token == null || !tokensSeen.add(token)) {
                throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR, "SendGrid: list "
                        + "templates: the next page " + (token == null ? "has no page_token" : "repeats a page token")));
            }
        }
        throw new VendorException(DeliveryResult.refused(Outcome.REJECTED_SERVER_ERROR,
                "SendGrid: list templates: still more pages after " + MAX_PAGES + "; stopped reading"));
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        DeliveryRequest request = delivery.request();
        String key = delivery.key();
        // The sender is checked before the recipient, and the recipient as SendGrid parses it: no declared needs.
        MailAddress from = MailAddress.parse(request.metadata("from"));
        if (from == null) {
            return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "SendGrid " + key
                    + ": the rule's metadata.from is not an address (hello@acme.example or Acme <hello@acme.example>)");
        }
        String email = request.field("email");
        if (email == null || email.isBlank()) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR, "SendGrid " + key
                    + ": the event has no email (send payload.email or map a field to email)");
        }
        MailAddress to = MailAddress.parse(email);
        if (to == null) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR, "SendGrid " + key
                    + ": the event's email is not an email address");
        }
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("to", List.of(to.named(request.field("name")).toJson()));
        Map<String, Object> mail;
        try {
            mail = switch (key) {
                case SendGridSpec.SEND_EMAIL_TEMPLATE -> MailSend.fromTemplate(request, recipient, from);
                case SendGridSpec.SEND_EMAIL -> MailSend.fromRule(request, recipient, from);
                default -> throw new IllegalStateException("declared but not delivered: " + key);
            };
        } catch (MailSend.Refused refused) {
            return refused.result();
        }
        HttpExchange sent = new SendGridApi(context).post(MAIL_SEND, mail);
        if (sent.ok()) {
            return sent.delivered("SendGrid: send the email: HTTP " + sent.status()
                    + sent.header("X-Message-Id").map(id -> ", message " + id).orElse(""));
        }
        return SendGridResults.classify(sent, "send the email", context.clock().instant());
    }

    /** The {@code page_token} of a {@code _metadata.next} URL, or null when it has none. */
    static String pageToken(String nextUrl) {
        try {
            String query = URI.create(nextUrl).getRawQuery();
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                if (pair.startsWith("page_token=") && pair.length() > "page_token=".length()) {
                    return URLDecoder.decode(pair.substring("page_token=".length()), StandardCharsets.UTF_8);
                }
            }
            return null;
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }
}
