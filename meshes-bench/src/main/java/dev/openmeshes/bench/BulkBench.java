package dev.openmeshes.bench;

import java.nio.file.Path;

/**
 * Bulk ingestion ({@code POST /api/v1/events/bulk}, 100 events a request) in events per second,
 * against single-event ingestion of the same server, alternating rounds, on SQLite then PostgreSQL.
 * Both write each event with its delivery through the group commit. On an API-only node
 * ({@code MESHES_WORKER=off}), then on a node whose worker delivers meanwhile. Target: 50,000
 * events/s.
 */
final class BulkBench {

    private static final int BATCH = 100;
    private static final int THREADS = 2;
    private static final int CONNECTIONS = 64; // as many clients as the single-event run: 6,400 events in flight
    private static final int SECONDS = 8;
    private static final int ROUNDS = 3;
    private static final int WARM_UP_SECONDS = 10;
    private static final double TARGET_EVENTS_PER_SECOND = 50_000;

    private BulkBench() {}

    static void run() throws Exception {
        Wrk.requireInstalled();
        Bench.onEachStoreAndNode(BulkBench::run);
    }

    private static void run(BenchServer.Store store, BenchServer.Node node) throws Exception {
        String label = store.label + ", " + node.label;
        try (var bench = BenchServer.start(store, 1, node.env)) {
            String bulkUrl = bench.base() + "/api/v1/events/bulk";
            String singleUrl = bench.base() + "/api/v1/events";
            Path bulk = WrkScript.post(bench.workDir(), "bulk", BenchServer.bulkJson(BATCH), bench.publishable());
            Path single = IngestBench.script(bench);
            System.out.println("== bulk (" + label + "): POST /api/v1/events/bulk x" + BATCH + " (wrk -t" + THREADS
                    + " -c" + CONNECTIONS + ") vs single POST /api/v1/events (wrk -t" + IngestBench.THREADS + " -c"
                    + IngestBench.CONNECTIONS + "), " + SECONDS + "s, best of " + ROUNDS);
            Wrk.run(singleUrl, IngestBench.THREADS, IngestBench.CONNECTIONS, WARM_UP_SECONDS, single);
            Wrk.run(bulkUrl, THREADS, CONNECTIONS, WARM_UP_SECONDS, bulk);

            Wrk.Result bestSingle = null;
            Wrk.Result bestBulk = null;
            long failures = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Wrk.Result one = Wrk.run(singleUrl, IngestBench.THREADS, IngestBench.CONNECTIONS, SECONDS, single);
                Wrk.Result many = Wrk.run(bulkUrl, THREADS, CONNECTIONS, SECONDS, bulk);
                System.out.printf("  round %d: single %s | bulk %s = %,.0f events/s%n", round + 1, one, many,
                        many.requestsPerSecond() * BATCH);
                bestSingle = Wrk.better(bestSingle, one);
                bestBulk = Wrk.better(bestBulk, many);
                failures += one.non2xx() + one.socketErrors() + many.non2xx() + many.socketErrors();
            }
            double bulkEvents = bestBulk.requestsPerSecond() * BATCH;
            double ratio = bulkEvents / bestSingle.requestsPerSecond();
            System.out.println("  -- summary bulk (" + label + ")");
            System.out.printf("  single-event ingest (baseline): %,.0f events/s (%s)%n", bestSingle.requestsPerSecond(),
                    bestSingle);
            System.out.printf("  bulk ingest:                    %,.0f events/s (%s)%n", bulkEvents, bestBulk);
            System.out.println("  non-2xx responses + socket errors: " + failures + " (all measured rounds)");
            System.out.printf("  ratio bulk/single events/s: %.1f; target >= %,.0f events/s: %s%n", ratio,
                    TARGET_EVENTS_PER_SECOND, bulkEvents >= TARGET_EVENTS_PER_SECOND ? "met" : "NOT met");
        }
    }
}
