package dev.openmeshes.server;

import dev.openmeshes.core.delivery.DeliveryWorker;
import dev.openmeshes.core.delivery.IngestService;
import dev.openmeshes.core.delivery.LocalDelivery;
import dev.openmeshes.core.service.EventService;
import dev.openmeshes.server.api.RouteTable;
import dev.openmeshes.server.api.Routes;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.HelidonMappers;
import dev.openmeshes.server.http.HttpEdge;
import dev.openmeshes.server.http.AuthRateLimits;
import dev.openmeshes.server.http.IngestQuotas;
import dev.openmeshes.server.http.IngestRateLimits;
import dev.openmeshes.server.http.SessionCookies;
import dev.openmeshes.server.mcp.HttpMcpEndpoint;
import dev.openmeshes.server.mcp.HttpMeshesApi;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running node: the HTTP server, the ingestion writer, the delivery worker and housekeeping
 * over one {@link Meshes}. Data flows one way: ingest → outbox → worker → connector → history.
 * Close it to stop cleanly.
 */
public final class MeshesServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MeshesServer.class.getName());
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofMinutes(15);

    private final Meshes meshes;
    private final ServerSettings settings;
    /** Null on an API-only node ({@code MESHES_WORKER=off}). */
    private final DeliveryWorker worker;
    private final IngestService ingest;
    private final WebServer webServer;
    private final List<RouteTable.Route> routes;
    private final HttpEdge edge = new HttpEdge();
    private final AutoCloseable workListener;
    private final ScheduledExecutorService housekeeping;
    private final Metrics metrics = new Metrics();
    private final AtomicBoolean ready = new AtomicBoolean();
    /** How {@code /mcp}'s tools call this node's own API, as their caller. */
    private final HttpClient loopback = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private MeshesServer(Meshes meshes, ServerSettings settings) {
        HelidonMappers.pin();
        this.meshes = meshes;
        this.settings = settings;
        this.worker = !settings.worker() ? null : new DeliveryWorker(meshes.store(), meshes.connectors(),
                meshes.calls(), settings.retrySchedule(), meshes.clock(),
                DeliveryWorker.Options.DEFAULT.withLease(settings.deliveryLease()), metrics,
                organization -> !meshes.organizationGate().isActive(organization));
        Runnable wake = worker == null ? () -> { } : worker::wake; // PostgreSQL also tells other nodes (NOTIFY)
        this.ingest = new IngestService(meshes.store(), settings.retrySchedule(), meshes.clock(), wake, metrics,
                worker == null ? LocalDelivery.NONE : worker);
        this.workListener = worker == null ? () -> { } : meshes.store().onNewWork(worker::wake); // other nodes' work
        var events = new EventService(meshes.store(), meshes.clock(), wake, metrics);
        var api = new Api(meshes.authenticator(), meshes.publishableKeys(), meshes.embedAuthenticator(),
                new SessionCookies(meshes.sessions(), settings.publicUrl()), meshes.organizationGate(),
                meshes.store().platformAudit(), meshes.store().idempotency(),
                meshes.secretBox(), meshes.clock(), settings.maxBodyBytes(), settings.accessLog());
        meshes.purger().resumeUnfinished();
        HttpRouting.Builder routing = HttpRouting.builder();
        var table = new RouteTable(routing);
        table.get("/metrics", api.plain((req, res) -> res.header(io.helidon.http.HeaderNames.CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8").send(metrics.scrape())));
        var mcp = new HttpMcpEndpoint((token, correlationId) ->
                new HttpMeshesApi(loopback, loopbackUrl(), () -> token, correlationId.isEmpty() ? null : correlationId));
        table.post("/mcp", api.bearer(mcp::post))
             .get("/mcp", api.bearer((token, req, body, res) -> HttpMcpEndpoint.notAllowed(res)))
             .delete("/mcp", api.bearer((token, req, body, res) -> HttpMcpEndpoint.notAllowed(res)));
        Routes.register(table, api, ready::get, meshes, ingest, events,
                new IngestRateLimits(settings.ingestRateLimit(), meshes.store().workspaces(), meshes.organizationGate()),
                new IngestQuotas(meshes.store().usage(), meshes.organizationGate(), meshes.clock()),
                new AuthRateLimits(settings.loginRateLimit()),
                settings.maxBodyBytes(), this::publicUrl);
        this.routes = table.routes();
        this.webServer = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                // Without TCP_NODELAY an answer written in two parts (any above ~16 KB: a history page)
                // waits for the client's delayed ACK, 40 ms on Linux, before its second part goes out.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .update(edge::configure)
                .maxPayloadSize(200L * settings.maxBodyBytes()) // backstop: Api answers 413 at each route's limit
                .routing(routing)
                .build();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("housekeeping").factory());
    }

    public static MeshesServer start(Meshes meshes, ServerSettings settings) {
        var server = new MeshesServer(meshes, settings);
        server.webServer.start();
        server.housekeeping.scheduleAtFixedRate(server::prune, 1, HOUSEKEEPING_PERIOD.toSeconds(), TimeUnit.SECONDS);
        server.housekeeping.scheduleWithFixedDelay(server::refreshQueueDepth, 0, 5, TimeUnit.SECONDS);
        server.ready.set(true);
        return server;
    }

    /** How browsers reach this node: {@code MESHES_PUBLIC_URL}, else its listener (the port bound once running). */
    private String publicUrl() {
        return settings.publicUrlOr(webServer != null && webServer.isRunning() ? webServer.port() : settings.port());
    }

    /** This node's listener as seen from itself: a wildcard address is reached on loopback. */
    private String loopbackUrl() {
        String host = settings.host();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + webServer.port();
    }

    public int port() {
        return webServer.port();
    }

    /** Every route this node's router serves, as registered (the OpenAPI drift test reads them). */
    public List<RouteTable.Route> routes() {
        return routes;
    }

    public Meshes meshes() {
        return meshes;
    }

    private void refreshQueueDepth() {
        try {
            metrics.refreshQueueDepth(meshes.store());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "queue depth refresh failed", e);
        }
    }

    /**
     * Forgets idempotency keys after a day, finished events after the retention period and the
     * platform audit after its own; rolls finished days' activity up into usage before their
     * minutes go (see UsageService).
     */
    private void prune() {
        try {
            var now = meshes.clock().instant();
            meshes.store().idempotency().deleteCreatedBefore(now.minus(Duration.ofHours(24)));
            int deleted;
            do { // in batches, so no transaction holds the write lock for long
                deleted = meshes.store().events().deleteFinishedBefore(now.minus(settings.eventRetention()), 1000);
            } while (deleted > 0);
            meshes.usage().rollUpAndPrune(now, settings.eventRetention());
            while (meshes.store().platformAudit().deleteBefore(now.minus(settings.auditRetention()), 1000) > 0) {
                // in batches too
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "housekeeping failed; will retry", e);
        }
    }

    /**
     * Stops taking requests and lets those in flight finish, commits what was accepted, lets the
     * worker finish or hand back its deliveries, then closes the store.
     */
    @Override
    public void close() {
        ready.set(false);
        housekeeping.shutdownNow();
        webServer.stop();
        loopback.close();
        edge.close();
        ingest.close();
        try {
            workListener.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the work listener failed", e);
        }
        if (worker != null) {
            worker.close();
        }
        meshes.close();
    }
}
