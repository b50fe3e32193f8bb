package dev.openmeshes.connectors.sendgrid;

import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code POST /v3/mail/send} for the two actions: one personalization (the event's
 * person, tagged with the delivery id in {@code custom_args}) and the rule's sender. Mail Send has
 * no idempotency key, so a retry after a lost answer may send twice; the custom argument lets the
 * account's event data tell such twins apart.
 */
final class MailSend {

    /** The rule cannot make an email: a final failure, decided before any call. */
    static final class Refused extends Exception {
        private final transient DeliveryResult result;

        Refused(Outcome outcome, String message) {
            super(message, null, false, false);
            this.result = DeliveryResult.refused(outcome, message);
        }

        DeliveryResult result() {
            return result;
        }
    }

    private MailSend() {}

    /**
     * {@code send_email_template}: the dynamic template {@code metadata.id}, whose data is the event
     * payload with the mapped fields laid over it (a mapped field wins over the payload's key of the
     * same name), so a template can use any payload value and a mapping can rename or reshape some.
     * {@code subject} goes along only when the rule sets one.
     */
    static Map<String, Object> fromTemplate(DeliveryRequest request, Map<String, Object> recipient, MailAddress from)
            throws Refused {
        String templateId = request.metadata("id");
        if (templateId == null || templateId.isBlank()) {
            throw new Refused(Outcome.REJECTED_CLIENT_ERROR,
                    "SendGrid send_email_template: the rule has no metadata.id (the template)");
        }
        if (!templateId.strip().startsWith("d-")) {
            throw new Refused(Outcome.REJECTED_CLIENT_ERROR, "SendGrid send_email_template: metadata.id "
                    + templateId.strip() + " is not a dynamic template (their ids start with d-)");
        }
        Map<String, Object> data = new LinkedHashMap<>(request.payload());
        request.mapped().forEach((key, value) -> {
            if (value != null) {
                data.put(key, value);
            }
        });
        Map<String, Object> personalization = personalization(request, recipient);
        personalization.put("dynamic_template_data", data);
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("personalizations", List.of(personalization));
        mail.put("from", from.toJson());
        mail.put("template_id", templateId.strip());
        String subject = request.metadata("subject");
        if (subject != null && !subject.isBlank()) {
            mail.put("subject", subject.strip());
        }
        return mail;
    }

    /** {@code send_email}: the rule's subject and body, filled in from the event, the body as HTML. */
    static Map<String, Object> fromRule(DeliveryRequest request, Map<String, Object> recipient, MailAddress from)
            throws Refused {
        String subject = filledIn(request, "subject");
        String body = filledIn(request, "body");
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("personalizations", List.of(personalization(request, recipient)));
        mail.put("from", from.toJson());
        mail.put("subject", subject.strip());
        mail.put("content", List.of(Map.of("type", "text/html", "value", body)));
        return mail;
    }

    private static Map<String, Object> personalization(DeliveryRequest request, Map<String, Object> recipient) {
        Map<String, Object> personalization = new LinkedHashMap<>(recipient);
        personalization.put("custom_args", Map.of(SendGridConnector.DELIVERY_ID_ARG, request.deliveryId().toString()));
        return personalization;
    }

    /** A rule-metadata text that must not be empty once its templates are filled in from the event. */
    private static String filledIn(DeliveryRequest request, String key) throws Refused {
        String value = request.metadata(key);
        if (value == null) {
            throw new Refused(Outcome.REJECTED_CLIENT_ERROR, "SendGrid send_email: the rule has no metadata." + key);
        }
        if (value.isBlank()) {
            throw new Refused(Outcome.MAPPING_ERROR, "SendGrid send_email: the " + key
                    + " is empty once filled in from the event");
        }
        return value;
    }
}
