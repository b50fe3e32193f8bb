package dev.openmeshes.connectors.resend;

import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code send_email_template} delivery: {@code POST /emails} of a published template to the
 * event's email.
 *
 * <p>The rule's {@code from} and {@code subject} (their {@code {{…}}} already filled from the payload)
 * are sent only when the rule has them: a template carries its own sender and subject, whose
 * {@code {{{VARIABLES}}}} Resend fills in, and Resend's own examples send a template without a subject.
 * The published schema calls both required; sending the template's text instead would need a call
 * more per delivery and could send its subject unrendered, so a strict mock may refuse such a body.
 *
 * <p>Variables: every top-level string, number or boolean of the payload, then every mapped field
 * under its destination key (a contact property's without {@code properties.}), mapped values winning.
 * Resend takes strings and numbers only, so booleans go as text and objects and arrays are left out;
 * the names Resend reserves for contact data are left out too.
 *
 * <p>The delivery id is the {@code Idempotency-Key}: a retry after a lost answer is answered with the
 * first send's result instead of sending twice.
 */
record TemplateEmail(DeliveryRequest request, String email, String templateId) {

    /** Filled by Resend from the contact, and refused as names of custom variables. */
    static final Set<String> RESERVED = Set.of("FIRST_NAME", "LAST_NAME", "EMAIL", "UNSUBSCRIBE_URL", "contact", "this");

    DeliveryResult send(ResendApi api) {
        return ResendResults.classify(api.post("/emails", body(), Map.of("Idempotency-Key", request.deliveryId().toString())),
                "send template " + templateId, api.context().clock().instant());
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfGiven(body, "from", request.metadata("from"));
        body.put("to", List.of(email));
        putIfGiven(body, "subject", request.metadata("subject"));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("id", templateId);
        Map<String, Object> variables = variables();
        if (!variables.isEmpty()) {
            template.put("variables", variables);
        }
        body.put("template", template);
        return body;
    }

    Map<String, Object> variables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        request.payload().forEach((key, value) -> put(variables, key, value));
        request.mapped().forEach((key, value) -> put(variables, key.startsWith(ResendSpec.PROPERTY_PREFIX)
                ? key.substring(ResendSpec.PROPERTY_PREFIX.length()) : key, value));
        return variables;
    }

    private static void put(Map<String, Object> variables, String key, Object value) {
        if (key.isBlank() || RESERVED.contains(key)) {
            return;
        }
        switch (value) {
            case String s -> variables.put(key, s);
            case Number n -> variables.put(key, n);
            case Boolean b -> variables.put(key, b.toString());
            case null, default -> { }
        }
    }

    private static void putIfGiven(Map<String, Object> body, String key, String value) {
        if (value != null && !value.isBlank()) {
            body.put(key, value.strip());
        }
    }
}
