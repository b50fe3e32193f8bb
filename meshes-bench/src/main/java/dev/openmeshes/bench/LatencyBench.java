package dev.openmeshes.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End-to-end latency at a moderate fixed rate: from the moment an ingest call is due to the
 * arrival of its delivery at the local receiver, {@value #RATE} events/s for {@value #SECONDS} s,
 * on SQLite then PostgreSQL. The send time is our own, keyed by the event id of the 201 reply (the
 * envelope's time_created has only millisecond precision and is taken later, inside the server).
 * Baseline: the same paced sender's latency to {@code GET /healthz}. Target: p99 under 100 ms.
 */
final class LatencyBench {

    private static final int RATE = 1_000;
    private static final int SECONDS = 15;
    private static final int WARM_UP_SECONDS = 10;
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
    private static final double TARGET_P99_MILLIS = 100;

    private LatencyBench() {}

    static void run() throws Exception {
        for (BenchServer.Store store : Bench.stores()) {
            run(store);
        }
    }

    private static void run(BenchServer.Store store) throws Exception {
        try (var bench = BenchServer.start(store, 1)) {
            System.out.println("== latency (" + store.label + "): ingest call due -> delivery at the receiver, "
                    + RATE + " events/s for " + SECONDS + " s (warm-up " + WARM_UP_SECONDS + " s)");
            var healthz = bench.api().request("/healthz").GET().build();
            PacedSender.run(bench.api().http(), n -> healthz, RATE, WARM_UP_SECONDS, (due, replied, response) -> {});
            bench.receiver().reset(false);
            PacedSender.Result warmUp = PacedSender.run(bench.api().http(), n -> ingest(bench, n), RATE,
                    WARM_UP_SECONDS, (due, replied, response) -> {});
            // A backlog left by the warm-up would be delivered during the baseline and disturb it.
            bench.receiver().await(warmUp.sent() - warmUp.failures(), ARRIVAL_TIMEOUT);

            var baseline = new Latencies();
            PacedSender.Result health = PacedSender.run(bench.api().http(), n -> healthz, RATE, SECONDS,
                    (due, replied, response) -> baseline.add(replied - due));

            bench.receiver().reset(true);
            var calls = new Latencies();
            Map<String, Long> dueByEvent = new ConcurrentHashMap<>();
            PacedSender.Result sent = PacedSender.run(bench.api().http(), n -> ingest(bench, n), RATE, SECONDS,
                    (due, replied, response) -> {
                        calls.add(replied - due);
                        dueByEvent.put(eventId(response), due);
                    });
            var endToEnd = new Latencies();
            int missing = collect(bench.receiver(), dueByEvent, endToEnd);

            double p99 = endToEnd.millis(99);
            System.out.println("  -- summary latency (" + store.label + ")");
            System.out.printf("  paced sender: %,.0f events/s achieved, %d failed calls (healthz: %,.0f req/s, %d failed)%n",
                    sent.perSecond(), sent.failures(), health.perSecond(), health.failures());
            System.out.println("  GET /healthz (baseline):       " + baseline);
            System.out.println("  POST /api/v1/events reply:     " + calls);
            System.out.println("  end to end (due -> receiver):  " + endToEnd + (missing == 0 ? "" : ", " + missing
                    + " deliveries never arrived!"));
            System.out.printf("  ratio end-to-end/healthz p50: %.1f, p99: %.1f; target p99 < %.0f ms: %s%n",
                    endToEnd.millis(50) / baseline.millis(50), p99 / baseline.millis(99), TARGET_P99_MILLIS,
                    p99 < TARGET_P99_MILLIS && missing == 0 ? "met" : "NOT met");
        }
    }

    private static HttpRequest ingest(BenchServer bench, long n) {
        var builder = bench.api().request("/api/v1/events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BenchServer.eventJson(n)));
        bench.publishable().forEach(builder::header);
        return builder.build();
    }

    /** The id in {@code {"event":{"id":"…"}}}, read without a parser to keep the sender light. */
    private static String eventId(HttpResponse<String> response) {
        String body = response.body();
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, at + 36);
    }

    /** Waits for every event's delivery and records its latency; returns how many never came. */
    private static int collect(Receiver receiver, Map<String, Long> dueByEvent, Latencies into)
            throws InterruptedException {
        receiver.await(dueByEvent.size(), ARRIVAL_TIMEOUT);
        int missing = 0;
        for (var sent : dueByEvent.entrySet()) {
            Long arrived = receiver.arrivalNanos(sent.getKey());
            if (arrived == null) {
                missing++;
            } else {
                into.add(arrived - sent.getValue());
            }
        }
        return missing;
    }
}
