package dev.openmeshes.sdk;

import java.util.List;
import java.util.Objects;

/**
 * Event ingestion with a workspace's publishable key ({@code X-Meshes-Publishable-Key}): one event,
 * a bulk of up to 100, or a {@link BatchingEmitter} that batches in the background.
 *
 * <pre>{@code
 * MeshesEventsClient ingest = MeshesEventsClient.builder(System.getenv("MESHES_PUBLISHABLE_KEY")).build();
 * ingest.send(NewEvent.of("user.signup", Map.of("email", "ada@example.com")));
 * try (BatchingEmitter emitter = ingest.emitter(BatchingEmitter.Options.DEFAULTS)) {
 *     emitter.offer(NewEvent.of("page.viewed", Map.of("email", "ada@example.com", "path", "/pricing")));
 * }
 * }</pre>
 */
public final class MeshesEventsClient {

    static final String PUBLISHABLE_KEY_HEADER = "X-Meshes-Publishable-Key";

    private final Transport transport;
    private final Ingestion ingestion;

    private MeshesEventsClient(Builder builder) {
        String key = builder.publishableKey;
        this.transport = new Transport(builder.baseUrl, builder.httpClientOrDefault(), builder.timeout,
                builder.retryPolicy, request -> request.header(PUBLISHABLE_KEY_HEADER, key), "OpenMeshes Java SDK events");
        this.ingestion = new Ingestion(transport);
    }

    public static Builder builder(String publishableKey) {
        return new Builder(publishableKey);
    }

    /** The accepted event, committed with its deliveries. Retried safely: each call carries its own Idempotency-Key. */
    public CreatedEvent send(NewEvent event) {
        return ingestion.send(event);
    }

    /** 1–100 events in one request; those the server refused are in {@link BulkResult#rejected()}, the others committed. */
    public BulkResult sendBulk(List<NewEvent> events) {
        return ingestion.sendBulk(events);
    }

    /** A background emitter over this client's connection; close it to flush. */
    public BatchingEmitter emitter(BatchingEmitter.Options options) {
        return new BatchingEmitter(transport, options);
    }

    public static final class Builder extends ClientOptions<Builder> {

        private final String publishableKey;

        private Builder(String publishableKey) {
            MachineCredentials.requireText(publishableKey, "publishableKey");
            this.publishableKey = Objects.requireNonNull(publishableKey);
        }

        public MeshesEventsClient build() {
            return new MeshesEventsClient(this);
        }
    }
}
