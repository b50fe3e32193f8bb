package dev.openmeshes.server.http;

import io.helidon.common.mapper.MapperManager;

/**
 * Pins Helidon's global mapper manager once per process. Helidon 4.4 reads a request's
 * Content-Length through {@code MapperManager.global()}, which, while no manager was pinned, asks
 * the service registry for a fresh per-lookup instance on every call: a new manager with empty
 * caches for every request that has a body (a quarter of the CPU of an ingest-heavy load).
 */
@SuppressWarnings("removal") // the replacement (Services.set) does not reach the lookup above in 4.4
public final class HelidonMappers {

    private static boolean pinned;

    private HelidonMappers() {}

    public static synchronized void pin() {
        if (!pinned) {
            MapperManager.global(MapperManager.create());
            pinned = true;
        }
    }
}
