package dev.openmeshes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Single-event ingestion ({@code POST /api/v1/events} with a publishable key, one rule, one webhook)
 * against {@code GET /healthz} of the same server with the same wrk settings, alternating rounds,
 * on SQLite then PostgreSQL. Each 201 waits for the group commit of the event and its delivery.
 * Twice per store: on an API-only node ({@code MESHES_WORKER=off}: the ingest path alone, what the
 * target is about), then on a node whose worker delivers the backlog meanwhile on the same two
 * cores. Target on SQLite, API-only: ingest/healthz at or above 0.35.
 */
final class IngestBench {

    static final int THREADS = 2;
    static final int CONNECTIONS = 64;
    private static final int SECONDS = 8;
    private static final int ROUNDS = 3;
    private static final int WARM_UP_SECONDS = 10;
    private static final double SQLITE_TARGET = 0.35;

    private IngestBench() {}

    static void run() throws Exception {
        Wrk.requireInstalled();
        Bench.onEachStoreAndNode(IngestBench::run);
    }

    private static void run(BenchServer.Store store, BenchServer.Node node) throws Exception {
        String label = store.label + ", " + node.label;
        try (var bench = BenchServer.start(store, 1, node.env)) {
            String events = bench.base() + "/api/v1/events";
            String health = bench.base() + "/healthz";
            Path script = script(bench);
            System.out.println("== ingest (" + label + "): POST /api/v1/events vs GET /healthz (wrk -t" + THREADS
                    + " -c" + CONNECTIONS + " -d" + SECONDS + "s, best of " + ROUNDS + ")");
            // Warm-up: the JIT needs about ten seconds per path before figures settle.
            Wrk.run(health, THREADS, CONNECTIONS, WARM_UP_SECONDS, Map.of());
            Wrk.run(events, THREADS, CONNECTIONS, WARM_UP_SECONDS, script);

            Wrk.Result bestHealth = null;
            Wrk.Result bestIngest = null;
            long non2xx = 0;
            long socketErrors = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Wrk.Result healthz = Wrk.run(health, THREADS, CONNECTIONS, SECONDS, Map.of());
                Wrk.Result ingest = Wrk.run(events, THREADS, CONNECTIONS, SECONDS, script);
                System.out.println("  round " + (round + 1) + ": healthz " + healthz + " | ingest " + ingest);
                bestHealth = Wrk.better(bestHealth, healthz);
                bestIngest = Wrk.better(bestIngest, ingest);
                non2xx += ingest.non2xx() + healthz.non2xx();
                socketErrors += ingest.socketErrors() + healthz.socketErrors();
            }
            double ratio = bestIngest.requestsPerSecond() / bestHealth.requestsPerSecond();
            System.out.println("  -- summary ingest (" + label + ")");
            System.out.println("  GET /healthz (baseline):       " + bestHealth);
            System.out.println("  POST /api/v1/events (ingest):  " + bestIngest);
            System.out.println("  non-2xx responses: " + non2xx + ", socket errors: " + socketErrors
                    + " (all measured rounds)");
            System.out.println("  deliveries received so far: " + bench.receiver().deliveries());
            if (store == BenchServer.Store.SQLITE && node == BenchServer.Node.API_ONLY) {
                System.out.printf("  ratio ingest/healthz: %.3f (target >= %.2f: %s)%n", ratio, SQLITE_TARGET,
                        ratio >= SQLITE_TARGET ? "met" : "NOT met");
            } else {
                System.out.printf("  ratio ingest/healthz: %.3f (the target is for SQLite, API-only)%n", ratio);
            }
        }
    }

    /** The wrk script of one single-event POST with the workspace's publishable key. */
    static Path script(BenchServer bench) throws IOException {
        return WrkScript.post(bench.workDir(), "ingest", BenchServer.eventJson(1), bench.publishable());
    }
}
