package dev.openmeshes.sdk;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The management API, as one machine key of an organization. The machine JWT is minted from the
 * credentials and reused while it is fresh; calls are retried by the {@link RetryPolicy}, and an
 * error answer is a {@link MeshesApiException}.
 *
 * <pre>{@code
 * MeshesClient meshes = MeshesClient.builder(MachineCredentials.fromEnvironment()).build();
 * Workspace shop = meshes.workspaces().create(NewWorkspace.named("Shop"));
 * meshes.events().allInWorkspace(shop.id(), EventFilter.ANY).stream().limit(20).forEach(System.out::println);
 * }</pre>
 */
public final class MeshesClient {

    private final Transport transport;
    private final Workspaces workspaces;
    private final Connections connections;
    private final Rules rules;
    private final Events events;
    private final Attempts attempts;
    private final Keys keys;
    private final Sessions sessions;
    private final Mappings mappings;

    private MeshesClient(Builder builder) {
        MachineTokens tokens = new MachineTokens(builder.credentials, builder.clock);
        this.transport = new Transport(builder.baseUrl, builder.httpClientOrDefault(), builder.timeout,
                builder.retryPolicy, request -> request.header("Authorization", "Bearer " + tokens.current()),
                "OpenMeshes Java SDK");
        this.workspaces = new Workspaces(transport);
        this.connections = new Connections(transport);
        this.rules = new Rules(transport);
        this.events = new Events(transport);
        this.attempts = new Attempts(transport);
        this.keys = new Keys(transport);
        this.sessions = new Sessions(transport);
        this.mappings = new Mappings(transport);
    }

    public static Builder builder(MachineCredentials credentials) {
        return new Builder(credentials);
    }

    public Workspaces workspaces() {
        return workspaces;
    }

    public Connections connections() {
        return connections;
    }

    public Rules rules() {
        return rules;
    }

    public Events events() {
        return events;
    }

    public Attempts attempts() {
        return attempts;
    }

    public Keys keys() {
        return keys;
    }

    public Sessions sessions() {
        return sessions;
    }

    public Mappings mappings() {
        return mappings;
    }

    /** Who the server takes these credentials for. */
    public Caller whoAmI() {
        return transport.read(Transport.Request.get("/api/v1/auth", Map.of()), Caller.class);
    }

    /** The catalog of connection types with their settings and actions. */
    public JsonNode integrations() {
        return transport.json(Transport.Request.get("/api/v1/integrations", Map.of()));
    }

    /**
     * Any call, for tools that pass JSON through: {@code path} is below {@code /api/v1} (with or
     * without that prefix), {@code body} any JSON-serializable value or null. Answers the body as
     * JSON (null node when empty); errors and retries as for every other call (a POST is repeated
     * after a 5xx only under an {@code idempotencyKey}, which may be null).
     */
    public JsonNode request(String method, String path, Map<String, String> query, Object body, String idempotencyKey) {
        String full = path.startsWith("/api/v1/") ? path : "/api/v1" + (path.startsWith("/") ? "" : "/") + path;
        byte[] bytes = body == null ? null : Json.bytes(body);
        return transport.json(new Transport.Request(Objects.requireNonNull(method, "method"), full,
                query == null ? Map.of() : query, bytes, idempotencyKey));
    }

    public static final class Builder extends ClientOptions<Builder> {

        private final MachineCredentials credentials;
        private Clock clock = Clock.systemUTC();

        private Builder(MachineCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /** The clock tokens are minted by (tests). */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public MeshesClient build() {
            return new MeshesClient(this);
        }
    }
}
