package dev.openmeshes.connectors.webhook;

import dev.openmeshes.core.connector.Integration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The webhook entry of {@code GET /api/v1/integrations}: every metadata key a client may set, for forms and docs. */
final class WebhookCatalog {

    static final String ACTION = "send_webhook";

    private WebhookCatalog() {}

    static Integration integration() {
        List<Map<String, Object>> fields = List.of(
                field("URL", "url", "text", "The https:// endpoint that receives events. Plain http only for hosts the "
                        + "server operator allow-listed.", true, null, null, null),
                field("HTTP method", "method", "select", "How the request is sent.", false,
                        options("POST", "PUT", "PATCH"), "POST", null),
                field("Payload format", "payload_format", "select", "wrapped: JSON envelope {uuid, event, resource, "
                        + "resource_id, payload, time_created, time_sent}. raw: the event payload alone, the envelope "
                        + "in X-Meshes-* headers.", false, options("wrapped", "raw"), "wrapped", null),
                field("Authentication", "auth.type", "select", "Credentials sent with every request.", false,
                        options("none", "basic", "bearer", "header"), "none", null),
                field("Username", "auth.username", "text", "Basic authentication user name.", true, null, null,
                        dependsOn("auth.type", "basic")),
                field("Password", "auth.password", "password", "Basic authentication password.", true, null, null,
                        dependsOn("auth.type", "basic")),
                field("Bearer token", "auth.token", "password", "Sent as Authorization: Bearer <token>.", true, null,
                        null, dependsOn("auth.type", "bearer")),
                field("Header name", "auth.header_name", "text", "The header carrying the credential, e.g. X-Api-Key.",
                        true, null, null, dependsOn("auth.type", "header")),
                field("Header value", "auth.header_value", "password", "The credential sent in that header.", true,
                        null, null, dependsOn("auth.type", "header")),
                field("Custom headers", "headers", "text", "A JSON object of up to 5 extra headers with string values. "
                        + "Host, Content-Length, Content-Type, Transfer-Encoding, Connection, Authorization, "
                        + "User-Agent, X-Meshes-*, webhook-* and the signature header are reserved.", false, null,
                        null, null),
                field("Signing algorithm", "signing.algorithm", "select", "Signs the exact body bytes: hmac_sha256 or "
                        + "hmac_sha512 as lowercase hex in the signature header, or standard_webhooks "
                        + "(webhook-id, webhook-timestamp, webhook-signature; see standardwebhooks.com).", false,
                        options("hmac_sha256", "hmac_sha512", "standard_webhooks"), null, null),
                field("Signing secret", "signing.secret", "password", "HMAC: at least 16 characters. "
                        + "standard_webhooks: whsec_ followed by the base64 of 24 to 64 random bytes.", true, null, null,
                        dependsOn("signing.algorithm", "hmac_sha256", "hmac_sha512", "standard_webhooks")),
                field("Signature header", "signing.header", "text", "The header carrying the HMAC signature.", false,
                        null, HeaderRules.DEFAULT_SIGNATURE_HEADER, dependsOn("signing.algorithm", "hmac_sha256",
                                "hmac_sha512")),
                field("Previous signing secret", "signing.previous_secret", "password", "Set by the server when the "
                        + "secret is rotated: until it expires, standard_webhooks also signs with it.", false, null,
                        null, dependsOn("signing.algorithm", "hmac_sha256", "hmac_sha512", "standard_webhooks")),
                field("Previous secret expires at", "signing.previous_secret_expires_at", "text", "RFC 3339 time after "
                        + "which the previous secret is no longer used; set with it.", false, null, null,
                        dependsOn("signing.algorithm", "hmac_sha256", "hmac_sha512", "standard_webhooks")),
                field("Skip URL test", "skip_url_test", "select", "Save the connection without sending a test request "
                        + "(event meshes.connection_test) first.", false, options("false", "true"), "false", null));

        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("type", "none");
        authentication.put("fields", fields);

        Integration.Action send = new Integration.Action(ACTION, "Send webhook", "webhook", List.of(),
                new Integration.Display("Send webhook", "Sends each matching event to the connection's URL as an "
                        + "HTTP request, signed when signing is configured."), List.of());
        return new Integration(WebhookConnector.TYPE, "Webhook", authentication, Map.of(ACTION, send));
    }

    private static Map<String, Object> field(String label, String key, String type, String helpText, boolean required,
                                             List<Map<String, String>> options, String defaultValue,
                                             Map<String, Object> dependsOn) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("label", label);
        field.put("key", key);
        field.put("type", type);
        field.put("helpText", helpText);
        field.put("required", required);
        if (options != null) {
            field.put("options", options);
        }
        if (defaultValue != null) {
            field.put("defaultValue", defaultValue);
        }
        if (dependsOn != null) {
            field.put("dependsOn", dependsOn);
        }
        return field;
    }

    private static List<Map<String, String>> options(String... values) {
        return java.util.Arrays.stream(values).map(v -> Map.of("label", v, "value", v)).toList();
    }

    /** Shown and required only when {@code key} has one of {@code values}. */
    private static Map<String, Object> dependsOn(String key, String... values) {
        return Map.of("key", key, "values", List.of(values));
    }
}
