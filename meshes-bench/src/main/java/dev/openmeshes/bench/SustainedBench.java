package dev.openmeshes.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The headline: what a user's default node sustains. Single events are posted with a publishable
 * key by wrk for {@value #SECONDS} s to a node whose worker delivers meanwhile (the default), each
 * event fanned out to one or three webhooks on a local receiver; the figure is the events accepted
 * divided by the time from the first request to the last delivery, so a backlog left behind counts
 * against it. Baseline: {@code GET /healthz} with the same wrk settings, in alternate rounds. On
 * SQLite one node; on PostgreSQL two nodes sharing the database, each taking half the clients and
 * both delivering. Aim on SQLite, fan-out 1: sustained/healthz at or above 0.2.
 */
final class SustainedBench {

    private static final int SECONDS = 10;
    private static final int ROUNDS = 2;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final double SQLITE_AIM = 0.2;

    /**
     * One round: events accepted, deliveries that arrived (and how many of them came twice), and
     * when. {@code accepted} counts wrk's completed responses: requests still in flight when wrk
     * stops are accepted too, so a few more deliveries than {@code expected} can arrive.
     */
    private record Round(long accepted, long expected, long received, long duplicates, long receivedWhileIngesting,
                         double ingestSeconds, double totalSeconds, long non2xx) {
        double sustained() {
            return accepted / totalSeconds;
        }

        @Override
        public String toString() {
            return ("%,.0f events/s sustained: %,d accepted in %.1f s (%,.0f req/s), %,d of %,d deliveries arrived "
                    + "(%,d twice), %,d while ingesting, the last %.1f s after the first request%s").formatted(sustained(),
                    accepted, ingestSeconds, accepted / ingestSeconds, received, expected, duplicates,
                    receivedWhileIngesting, totalSeconds,
                    non2xx == 0 ? "" : ", " + non2xx + " non-2xx!");
        }
    }

    private SustainedBench() {}

    static void run() throws Exception {
        Wrk.requireInstalled();
        for (BenchServer.Store store : Bench.stores()) {
            for (int fanOut : List.of(1, 3)) {
                run(store, fanOut);
            }
        }
    }

    private static void run(BenchServer.Store store, int fanOut) throws Exception {
        try (var bench = BenchServer.start(store, fanOut)) {
            List<String> nodes = new ArrayList<>(List.of(bench.base()));
            if (store == BenchServer.Store.POSTGRESQL) {
                nodes.add(bench.startPeer());
            }
            String label = store.label + ", " + (nodes.size() == 1 ? "one default node" : nodes.size() + " nodes")
                    + ", fan-out " + fanOut;
            Path script = IngestBench.script(bench);
            String health = bench.base() + "/healthz";
            System.out.println("== sustained (" + label + "): POST /api/v1/events for " + SECONDS
                    + " s until the last delivery, vs GET /healthz (wrk -t" + IngestBench.THREADS + " -c"
                    + IngestBench.CONNECTIONS + ", best of " + ROUNDS + ")");
            Wrk.run(health, IngestBench.THREADS, IngestBench.CONNECTIONS, 5, Map.of());
            System.out.println("  warm-up: " + round(bench, nodes, script, fanOut));

            Wrk.Result bestHealth = null;
            Round best = null;
            for (int i = 0; i < ROUNDS; i++) {
                Wrk.Result healthz = Wrk.run(health, IngestBench.THREADS, IngestBench.CONNECTIONS, SECONDS, Map.of());
                Round round = round(bench, nodes, script, fanOut);
                System.out.println("  round " + (i + 1) + ": healthz " + healthz + " | " + round);
                bestHealth = Wrk.better(bestHealth, healthz);
                best = best == null || round.sustained() > best.sustained() ? round : best;
            }
            double ratio = best.sustained() / bestHealth.requestsPerSecond();
            System.out.println("  -- summary sustained (" + label + ")");
            System.out.println("  GET /healthz (baseline):  " + bestHealth);
            System.out.println("  accepted and delivered:   " + best);
            String aim = store == BenchServer.Store.SQLITE && fanOut == 1
                    ? " (aim >= %.2f: %s)".formatted(SQLITE_AIM, ratio >= SQLITE_AIM ? "met" : "NOT met") : "";
            System.out.printf("  ratio sustained/healthz: %.3f%s%n", ratio, aim);
        }
    }

    /** Posts for {@value #SECONDS} s from every node's share of the clients, then waits for the last delivery. */
    private static Round round(BenchServer bench, List<String> nodes, Path script, int fanOut) throws Exception {
        Receiver receiver = bench.receiver();
        receiver.reset(true); // keeps delivery ids, to count any that came twice
        long start = System.nanoTime();
        List<Wrk.Result> results = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Wrk.Result>> running = new ArrayList<>();
            for (String node : nodes) {
                running.add(clients.submit(() -> Wrk.run(node + "/api/v1/events", IngestBench.THREADS,
                        IngestBench.CONNECTIONS / nodes.size(), SECONDS, script)));
            }
            for (Future<Wrk.Result> result : running) {
                try {
                    results.add(result.get());
                } catch (ExecutionException e) {
                    throw (Exception) e.getCause();
                }
            }
        }
        long ingested = System.nanoTime();
        long whileIngesting = receiver.deliveries();
        long accepted = results.stream().mapToLong(Wrk.Result::succeeded).sum();
        long expected = accepted * fanOut;
        receiver.await(expected, DRAIN_TIMEOUT);
        long last = Math.max(receiver.lastArrivalNanos(), ingested);
        return new Round(accepted, expected, receiver.deliveries(), receiver.duplicates(),
                whileIngesting, (ingested - start) / 1e9,
                (last - start) / 1e9, results.stream().mapToLong(Wrk.Result::non2xx).sum());
    }
}
