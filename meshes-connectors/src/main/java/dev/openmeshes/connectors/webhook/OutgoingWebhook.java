package dev.openmeshes.connectors.webhook;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP request ready to send.
 *
 * @param headers         what goes on the wire, in order
 * @param recordedHeaders the same with secret values redacted, for the delivery history
 * @param body            the exact bytes sent, which the signatures cover
 */
record OutgoingWebhook(URI url, String method, Map<String, String> headers, Map<String, String> recordedHeaders,
                       byte[] body) {}
