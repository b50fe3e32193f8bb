package dev.openmeshes.server;

import dev.openmeshes.server.api.Routes;
import dev.openmeshes.server.http.Api;
import io.helidon.webserver.WebServer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The running HTTP server over one {@link Meshes}, with its housekeeping; close it to stop cleanly. */
public final class MeshesServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MeshesServer.class.getName());
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofMinutes(15);

    private final Meshes meshes;
    private final WebServer webServer;
    private final ScheduledExecutorService housekeeping;
    private final AtomicBoolean ready = new AtomicBoolean();

    private MeshesServer(Meshes meshes, ServerSettings settings) {
        this.meshes = meshes;
        var api = new Api(meshes.authenticator(), meshes.store().idempotency(), meshes.clock(),
                settings.maxBodyBytes(), settings.accessLog());
        this.webServer = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                .maxPayloadSize(settings.maxBodyBytes() * 4) // backstop: Api answers 413 above the real limit
                .routing(routes -> Routes.register(routes, api, ready::get, meshes.workspaces(), meshes.keys()))
                .build();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("housekeeping").factory());
    }

    public static MeshesServer start(Meshes meshes, ServerSettings settings) {
        var server = new MeshesServer(meshes, settings);
        server.webServer.start();
        server.housekeeping.scheduleAtFixedRate(server::pruneIdempotencyKeys, 1,
                HOUSEKEEPING_PERIOD.toSeconds(), TimeUnit.SECONDS);
        server.ready.set(true);
        return server;
    }

    public int port() {
        return webServer.port();
    }

    public Meshes meshes() {
        return meshes;
    }

    private void pruneIdempotencyKeys() {
        try {
            meshes.store().idempotency().deleteCreatedBefore(meshes.clock().instant().minus(Duration.ofHours(24)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pruning idempotency keys failed; will retry", e);
        }
    }

    /** Stops taking requests, lets the ones in flight finish, then closes the store. */
    @Override
    public void close() {
        ready.set(false);
        housekeeping.shutdownNow();
        webServer.stop();
        meshes.close();
    }
}
