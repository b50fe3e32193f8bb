package dev.openmeshes.connectors.webhook;

import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.Authentication;
import dev.openmeshes.core.connector.ConnectionField;
import dev.openmeshes.core.connector.ConnectorSpec;
import java.util.List;

/**
 * The webhook type's declaration: every metadata key a client may set (for forms, docs, and which
 * keys are secrets), and its one action. {@link WebhookMetadataParser} checks the values in depth.
 */
final class WebhookSpec {

    static final String ACTION = "send_webhook";
    private static final String[] SIGNED = {"hmac_sha256", "hmac_sha512", "standard_webhooks"};

    private WebhookSpec() {}

    static ConnectorSpec spec() {
        List<ConnectionField> fields = List.of(
                ConnectionField.text("url", "URL").required().asUrl().help("The https:// endpoint that receives "
                        + "events. Plain http only for hosts the server operator allow-listed."),
                ConnectionField.select("method", "HTTP method", "POST", "PUT", "PATCH").defaultingTo("POST")
                        .help("How the request is sent."),
                ConnectionField.select("payload_format", "Payload format", "wrapped", "raw").defaultingTo("wrapped")
                        .help("wrapped: JSON envelope {uuid, event, resource, resource_id, payload, time_created, "
                                + "time_sent}. raw: the event payload alone, the envelope in X-Meshes-* headers."),
                ConnectionField.select("auth.type", "Authentication", "none", "basic", "bearer", "header")
                        .defaultingTo("none").help("Credentials sent with every request."),
                ConnectionField.text("auth.username", "Username").required().when("auth.type", "basic")
                        .help("Basic authentication user name."),
                ConnectionField.secret("auth.password", "Password").required().when("auth.type", "basic")
                        .help("Basic authentication password."),
                ConnectionField.secret("auth.token", "Bearer token").required().when("auth.type", "bearer")
                        .help("Sent as Authorization: Bearer <token>."),
                ConnectionField.text("auth.header_name", "Header name").required().when("auth.type", "header")
                        .help("The header carrying the credential, e.g. X-Api-Key."),
                ConnectionField.secret("auth.header_value", "Header value").required().when("auth.type", "header")
                        .help("The credential sent in that header."),
                ConnectionField.text("headers", "Custom headers").help("A JSON object of up to 5 extra headers with "
                        + "string values. Host, Content-Length, Content-Type, Transfer-Encoding, Connection, "
                        + "Authorization, User-Agent, X-Meshes-*, webhook-* and the signature header are reserved."),
                ConnectionField.select("signing.algorithm", "Signing algorithm", SIGNED).help("Signs the exact body "
                        + "bytes: hmac_sha256 or hmac_sha512 as lowercase hex in the signature header, or "
                        + "standard_webhooks (webhook-id, webhook-timestamp, webhook-signature; see standardwebhooks.com)."),
                ConnectionField.secret("signing.secret", "Signing secret").required().when("signing.algorithm", SIGNED)
                        .help("HMAC: at least 16 characters. standard_webhooks: whsec_ followed by the base64 of 24 "
                                + "to 64 random bytes."),
                ConnectionField.text("signing.header", "Signature header").defaultingTo(HeaderRules.DEFAULT_SIGNATURE_HEADER)
                        .when("signing.algorithm", "hmac_sha256", "hmac_sha512")
                        .help("The header carrying the HMAC signature."),
                ConnectionField.secret("signing.previous_secret", "Previous signing secret").when("signing.algorithm", SIGNED)
                        .help("Set by the server when the secret is rotated: until it expires, standard_webhooks "
                                + "also signs with it."),
                ConnectionField.text("signing.previous_secret_expires_at", "Previous secret expires at")
                        .when("signing.algorithm", SIGNED)
                        .help("RFC 3339 time after which the previous secret is no longer used; set with it."),
                ConnectionField.select(ConnectorSpec.SKIP_TEST, "Skip URL test", "false", "true").defaultingTo("false")
                        .help("Save the connection without sending a test request (event meshes.connection_test) first."));
        ActionSpec send = new ActionSpec(ACTION, "Send webhook", "webhook", "Sends each matching event to the "
                + "connection's URL as an HTTP request, signed when signing is configured.", List.of(), List.of());
        return new ConnectorSpec(WebhookConnector.TYPE, "Webhook", new Authentication.None(), fields, List.of(send), null);
    }
}
