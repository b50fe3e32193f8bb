package dev.openmeshes.connectors.customerio;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.connector.ActionConnector;
import dev.openmeshes.core.connector.ActionDelivery;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code customer_io} connection type: records events on people through Customer.io's Data
 * Pipelines API ({@code POST /identify}, {@code POST /track}) with a source's API key. Every call
 * is sent in strict mode, so a bad key or body is refused instead of answered 200 and dropped.
 * Stateless; every call works with the {@link ConnectorContext} of one connection.
 */
public final class CustomerIoConnector implements ActionConnector {

    /** Customer.io answers a larger request 200 and drops it, so it is refused here instead. */
    static final int MAX_REQUEST_BYTES = 32 * 1024;

    private static final DeliveryResult NO_KEY = DeliveryResult.refused(Outcome.AUTH_FAILED,
            "Customer.io: the connection has no API key (metadata.cdpApiKey)").withVerdict(Verdict.CREDENTIALS_INVALID);

    public CustomerIoConnector() {}

    @Override
    public ConnectorSpec spec() {
        return CustomerIoSpec.SPEC;
    }

    /**
     * An empty {@code POST /batch}: the Pipelines API has no read endpoint, and an empty batch
     * proves the key in strict mode without creating a person or an event. A 400 (the empty batch
     * refused as a body) still means the key was accepted, since a bad key is answered 401 first.
     */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        String key = context.setting(CustomerIoSpec.API_KEY);
        if (key == null || key.isBlank()) {
            return NO_KEY;
        }
        HttpExchange exchange = post(context, key, "/batch", VendorJson.write(Map.of("batch", List.of())));
        if (exchange.ok() || exchange.status() == 400) {
            return null;
        }
        return CustomerIoResults.classify(exchange, "check the API key");
    }

    /** No action reads live data: the event name is typed in and the person comes from the mapping. */
    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        return Map.of();
    }

    /**
     * {@code track_event}: when the mapping carries traits, {@code POST /identify} sets them on the
     * person first; then {@code POST /track} records the event. Both are refused before anything is
     * sent when either would exceed Customer.io's request size.
     */
    @Override
    public DeliveryResult deliver(ConnectorContext context, ActionDelivery delivery) {
        PipelinesCalls calls; // track_event is the one action
        try {
            calls = PipelinesCalls.of(delivery.request());
        } catch (PipelinesCalls.Unmappable e) {
            return DeliveryResult.refused(Outcome.MAPPING_ERROR, "Customer.io track_event: " + e.getMessage());
        }
        String identify = calls.identify().map(VendorJson::write).orElse(null);
        String track = VendorJson.write(calls.track());
        for (String body : identify == null ? List.of(track) : List.of(identify, track)) {
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_REQUEST_BYTES) {
                return DeliveryResult.refused(Outcome.REJECTED_CLIENT_ERROR, "Customer.io track_event: a request of "
                        + size + " bytes is over Customer.io's limit of " + MAX_REQUEST_BYTES + " bytes, which it "
                        + "would accept and drop; map fewer properties or traits");
            }
        }
        String key = context.setting(CustomerIoSpec.API_KEY);
        if (key == null || key.isBlank()) {
            return NO_KEY;
        }
        if (identify != null) {
            DeliveryResult identified = CustomerIoResults.classify(post(context, key, "/identify", identify), "identify");
            if (!identified.delivered()) {
                return identified;
            }
        }
        return CustomerIoResults.classify(post(context, key, "/track", track), "track");
    }

    private static HttpExchange post(ConnectorContext context, String key, String path, String json) {
        String base = context.settings().baseUrl(CustomerIoSpec.base(context.setting(CustomerIoSpec.REGION)));
        return context.http().send(HttpCall.json("POST", base + path, headers(key), json));
    }

    /** HTTP Basic with the key as user name and an empty password; strict mode on every call. */
    private static Map<String, String> headers(String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        headers.put("X-Strict-Mode", "1");
        return headers;
    }
}
