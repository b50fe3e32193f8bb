package dev.openmeshes.connectors.webhook;

import dev.openmeshes.connectors.http.PooledHttp;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSpec;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The {@code webhook} connection type: each event becomes one HTTP request to a client-chosen URL,
 * optionally authenticated and signed. Client-chosen URLs must not reach the server's own network,
 * so it sends through its own pooled client behind the SSRF guard, not the context's shared one:
 * create one per server and {@link #close()} it at shutdown.
 */
public final class WebhookConnector implements Connector, AutoCloseable {

    public static final String TYPE = "webhook";
    public static final String TEST_EVENT = "meshes.connection_test";

    private final Clock clock;
    private final WebhookMetadataParser parser;
    private final WebhookRequestFactory requests = new WebhookRequestFactory();
    private final PooledHttp http;
    private final ConnectorSpec spec = WebhookSpec.spec();

    public WebhookConnector(WebhookOptions options) {
        this(options, Clock.systemUTC());
    }

    /** With a clock, for the envelope times, signature timestamps and secret-rotation expiry. */
    public WebhookConnector(WebhookOptions options, Clock clock) {
        DestinationGuard guard = new DestinationGuard(options.allowList());
        this.clock = clock;
        this.parser = new WebhookMetadataParser(guard);
        this.http = new PooledHttp(options.http(), guard, clock);
    }

    @Override
    public ConnectorSpec spec() {
        return spec;
    }

    /**
     * Checks every key and returns the metadata normalized: {@code url, method, payload_format, auth,
     * headers, skip_url_test} always present, {@code signing} when configured. Secrets are never
     * generated: a client must supply {@code signing.secret}, since it could not read one back.
     */
    @Override
    public Map<String, Object> validate(Map<String, Object> metadata) {
        return parser.parse(metadata).toMetadata();
    }

    /** How long a replaced standard-webhooks secret keeps signing, so receivers can switch without gaps. */
    static final Duration SECRET_OVERLAP = Duration.ofHours(24);

    /**
     * A new {@code standard_webhooks} secret: the old one becomes {@code previous_secret} for
     * {@link #SECRET_OVERLAP}, and deliveries carry both signatures until then.
     */
    @Override
    public Map<String, Object> carryOver(Map<String, Object> previous, Map<String, Object> next, Instant now) {
        if (!(previous.get("signing") instanceof Map<?, ?> before) || !(next.get("signing") instanceof Map<?, ?> after)) {
            return next;
        }
        Object oldSecret = before.get("secret");
        boolean rotated = "standard_webhooks".equals(String.valueOf(after.get("algorithm")).toLowerCase())
                && oldSecret != null && after.get("secret") != null && !oldSecret.equals(after.get("secret"));
        if (!rotated) {
            return next;
        }
        var signing = new java.util.LinkedHashMap<String, Object>();
        after.forEach((k, v) -> signing.put(String.valueOf(k), v));
        signing.put("previous_secret", oldSecret);
        signing.put("previous_secret_expires_at", now.plus(SECRET_OVERLAP).toString());
        var carried = new java.util.LinkedHashMap<>(next);
        carried.put("signing", signing);
        return carried;
    }

    /** Sends event {@value #TEST_EVENT} with payload {@code {"test":true}} the way real events go. */
    @Override
    public DeliveryResult check(ConnectorContext context) {
        Instant now = clock.instant();
        ConnectionConfig connection = context.connection();
        DeliveryRequest probe = new DeliveryRequest(UUID.randomUUID(), UUID.randomUUID(), null, TEST_EVENT,
                "connection", connection.id() == null ? null : connection.id().toString(), "{\"test\":true}",
                Map.of("test", true), now, 1, WebhookSpec.ACTION, Map.of(), Map.of());
        DeliveryResult result = deliver(context, probe);
        return result.delivered() ? null : result;
    }

    @Override
    public Map<String, Object> actionData(ConnectorContext context) {
        return Map.of();
    }

    @Override
    public DeliveryResult deliver(ConnectorContext context, DeliveryRequest request) {
        long started = System.nanoTime();
        WebhookSettings settings;
        try {
            settings = parser.parseStored(context.connection().metadata());
        } catch (Problem invalid) {
            // Stored metadata that no longer parses: retrying cannot help.
            return new DeliveryResult(Outcome.INTERNAL_ERROR, false, null, Duration.ofNanos(System.nanoTime() - started),
                    null, null, Map.of(), "invalid webhook connection: " + invalid.details().stream()
                    .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        }
        try {
            return http.send(requests.build(settings, request, clock.instant())).toResult();
        } catch (RuntimeException bug) {
            return DeliveryResult.ofFailure(Outcome.INTERNAL_ERROR, Duration.ofNanos(System.nanoTime() - started),
                    Map.of(), "internal error: " + bug);
        }
    }

    /** Closes the pooled HTTP client. */
    @Override
    public void close() {
        http.close();
    }
}
