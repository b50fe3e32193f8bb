package dev.openmeshes.connectors.hubspot;

import dev.openmeshes.connectors.http.VendorHeaders;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import java.util.Map;

/**
 * HubSpot's API for one connection: the configured base (else {@link HubSpotSpec#API_BASE}) plus
 * HubSpot's own path, with the connection's current OAuth token as a Bearer credential (recorded redacted).
 */
record HubSpotApi(ConnectorContext context, String base) {

    HubSpotApi(ConnectorContext context) {
        this(context, context.settings().baseUrl(HubSpotSpec.API_BASE));
    }

    HttpExchange get(String path) {
        return context.http().send(HttpCall.get(base + path, headers()));
    }

    HttpExchange send(String method, String path, Object body) {
        return context.http().send(HttpCall.json(method, base + path, headers(), VendorJson.write(body)));
    }

    /** A form-encoded POST without the Bearer token (the token endpoints authenticate the client instead). */
    HttpExchange form(String path, String formEncoded) {
        return context.http().send(HttpCall.form(base + path, Map.of("Accept", "application/json"), formEncoded));
    }

    private Map<String, String> headers() {
        return VendorHeaders.bearerJson(context.accessToken());
    }
}
