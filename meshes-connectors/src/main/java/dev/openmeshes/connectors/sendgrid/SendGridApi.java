package dev.openmeshes.connectors.sendgrid;

import dev.openmeshes.connectors.http.VendorHeaders;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * SendGrid's v3 API for one connection: its region's host (or the configured base URL, which
 * replaces the host; the paths carry {@code /v3}) and the connection's API key as a bearer token.
 */
record SendGridApi(ConnectorContext context) {

    HttpExchange get(String pathAndQuery) {
        return context.http().send(HttpCall.get(url(pathAndQuery), headers()));
    }

    HttpExchange post(String path, Object body) {
        return context.http().send(HttpCall.json("POST", url(path), headers(), VendorJson.write(body)));
    }

    /** The answer's JSON when the call succeeded; else a {@link VendorException} with the classified failure. */
    JsonNode answer(HttpExchange exchange, String what) {
        return VendorJson.okAnswer(exchange, () -> SendGridResults.classify(exchange, what, context.clock().instant()));
    }

    private String url(String path) {
        return context.settings().baseUrl(SendGridSpec.host(context.setting(SendGridSpec.REGION))) + path;
    }

    private Map<String, String> headers() {
        return VendorHeaders.bearerJson(context.setting(SendGridSpec.API_KEY));
    }
}
