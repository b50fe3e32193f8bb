package dev.openmeshes.connectors.sendgrid;

import dev.openmeshes.core.connector.ActionInput;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectionField;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.FieldDefinition.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code sendgrid} type's declaration (vendors.md §13, meshes-api.md §5.4): an API key sent as
 * a bearer token, the account's region, and two actions that send one email through Mail Send to
 * the event's person, from a dynamic template or from the rule's own subject and HTML body.
 */
final class SendGridSpec {

    static final String TYPE = "sendgrid";
    static final String SEND_EMAIL_TEMPLATE = "send_email_template";
    static final String SEND_EMAIL = "send_email";
    /** The action-data key of the dynamic templates a rule picks from. */
    static final String TEMPLATES = "templates";
    static final String API_KEY = "api_key";
    static final String REGION = "region";
    /** What the two actions and the template picker need of a key (Mail Send, Templates read). */
    static final List<String> REQUIRED_SCOPES = List.of("mail.send", "templates.read");

    /** A key works only on its account's host: EU regional subusers have their own (the descriptions' {@code servers}). */
    private static final Map<String, String> HOSTS = Map.of(
            "global", "https://api.sendgrid.com",
            "eu", "https://api.eu.sendgrid.com");

    static final FieldDefinition EMAIL = FieldDefinition.email("The recipient (personalizations[].to[].email).")
            .withProviderMeta(Map.of("name", "to.email"));
    static final FieldDefinition NAME = FieldDefinition.of("name", Type.STRING, "Name")
            .described("The recipient's display name (personalizations[].to[].name).")
            .withProviderMeta(Map.of("name", "to.name"));
    static final FieldDefinition FIRST_NAME = FieldDefinition.of("first_name", Type.STRING, "First name")
            .described("Given to the template as {{first_name}}.")
            .withProviderMeta(Map.of("name", "dynamic_template_data.first_name"));
    static final FieldDefinition LAST_NAME = FieldDefinition.of("last_name", Type.STRING, "Last name")
            .described("Given to the template as {{last_name}}.")
            .withProviderMeta(Map.of("name", "dynamic_template_data.last_name"));

    static final ConnectorSpec SPEC = spec();

    private SendGridSpec() {}

    /** The region's API host, for a region validated by the spec (or absent: global). */
    static String host(String region) {
        return HOSTS.getOrDefault(region == null ? "global" : region, HOSTS.get("global"));
    }

    private static ConnectorSpec spec() {
        List<ConnectionField> fields = List.of(
                ConnectionField.secret(API_KEY, "API key").required()
                        .help("A SendGrid API key with Mail Send and Template Engine (read) access; it starts with SG."),
                ConnectionField.select(REGION, "Region", "global", "eu").defaultingTo("global")
                        .help("global (api.sendgrid.com), or eu (api.eu.sendgrid.com) for an EU regional subuser, "
                                + "whose key works only there."));
        ActionInput from = new ActionInput.Entry("from", "from", "From", "text",
                "A verified sender of the account: an address, or Name <address>.", "Acme <hello@acme.example>", true);
        List<ActionSpec> actions = List.of(
                new ActionSpec(SEND_EMAIL_TEMPLATE, "Send email template", "template",
                        "Sends the chosen dynamic template to the event's email. The template sees the event payload, "
                                + "with the mapped fields over it, as its dynamic template data.",
                        List.of(new ActionInput.Pick(TEMPLATES, "id", "Template", "template", true), from,
                                new ActionInput.Entry("subject", "subject", "Subject", "text",
                                        "Only when the template sets no subject of its own; {{field}} inserts a value "
                                                + "of the event payload.", "Welcome, {{first_name}}", false)),
                        List.of(EMAIL, NAME, FIRST_NAME, LAST_NAME)),
                new ActionSpec(SEND_EMAIL, "Send email", "email",
                        "Sends an HTML email with the rule's subject and body, filled in from the event, to the "
                                + "event's email.",
                        List.of(new ActionInput.Entry("subject", "subject", "Subject", "text",
                                        "{{field}} inserts a value of the event payload.", "Welcome to Acme", true), from,
                                new ActionInput.Entry("body", "body", "Body", "textarea",
                                        "The HTML body; {{field}} inserts a value of the event payload, escaped so "
                                                + "an event cannot add markup.",
                                        "<p>Hi {{first_name}}, thanks for signing up.</p>", true).html()),
                        List.of(EMAIL, NAME)));
        // SendGrid publishes no number for Mail Send beyond its long-standing "up to 10,000 requests per
        // second"; every answer carries X-RateLimit-* and a 429 waits until X-RateLimit-Reset.
        var rateLimit = new ConnectorSpec.RateLimit(10_000, Duration.ofSeconds(1));
        return new ConnectorSpec(TYPE, "SendGrid", new Authentication.ApiKey(), fields, actions, rateLimit);
    }
}
