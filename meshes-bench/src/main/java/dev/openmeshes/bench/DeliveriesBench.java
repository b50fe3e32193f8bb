package dev.openmeshes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sustained delivery rate: one workspace whose events fan out to three webhook connections (three
 * rules), {@value #EVENTS} events pre-loaded through bulk ingestion, then the rate at which the
 * local receiver gets the remaining deliveries until all {@value #EVENTS}x3 arrived. Baseline: wrk
 * with as many connections as the worker may open (3 connections x 32) posting envelopes to the same
 * receiver, i.e. what the receiver can take. Target: 5,000 deliveries/s. On SQLite then PostgreSQL.
 */
final class DeliveriesBench {

    private static final int FAN_OUT = 3;
    private static final int EVENTS = 20_000;
    private static final int WARM_UP_EVENTS = 10_000;
    private static final int BATCH = 100;
    private static final int LOADERS = 4;
    private static final int RECEIVER_CONNECTIONS = FAN_OUT * 32; // as many as the worker may use (32 a connection)
    private static final int RECEIVER_SECONDS = 8;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final double TARGET = 5_000;

    /** One pre-load and drain; rates per second, times in seconds. */
    private record Drain(int expected, long received, long duplicates, double loadSeconds, long arrivedWhileLoading,
                         double drainSeconds, double totalSeconds, String lastEventId) {
        double drainRate() {
            return (received - arrivedWhileLoading) / drainSeconds;
        }

        double overallRate() {
            return received / totalSeconds;
        }

        @Override
        public String toString() {
            return ("%,d events loaded in %.2f s (%,.0f events/s), %,d deliveries arrived meanwhile; then %,.0f "
                    + "deliveries/s for %.2f s; %,.0f deliveries/s overall; %,d of %,d received, %,d duplicates")
                    .formatted(expected / FAN_OUT, loadSeconds, expected / FAN_OUT / loadSeconds, arrivedWhileLoading,
                            drainRate(), drainSeconds, overallRate(), received, expected, duplicates);
        }
    }

    private DeliveriesBench() {}

    static void run() throws Exception {
        Wrk.requireInstalled();
        for (BenchServer.Store store : Bench.stores()) {
            run(store);
        }
    }

    private static void run(BenchServer.Store store) throws Exception {
        try (var bench = BenchServer.start(store, FAN_OUT)) {
            System.out.println("== deliveries (" + store.label + "): fan-out " + FAN_OUT + ", " + EVENTS
                    + " events pre-loaded by bulk, then drained to the local receiver");
            Wrk.Result raw = receiverBaseline(bench);
            System.out.println("  receiver baseline (wrk -t2 -c" + RECEIVER_CONNECTIONS + "): " + raw);
            System.out.println("  warm-up: " + drain(bench, WARM_UP_EVENTS));
            Drain measured = drain(bench, EVENTS);
            System.out.println("  measured: " + measured);
            String status = finalStatus(bench, measured.lastEventId());

            double rate = measured.drainRate();
            System.out.println("  -- summary deliveries (" + store.label + ")");
            System.out.printf("  receiver baseline (wrk):     %,.0f req/s%n", raw.requestsPerSecond());
            System.out.printf("  deliveries after pre-load:   %,.0f deliveries/s (%,.0f/s incl. pre-load)%n",
                    rate, measured.overallRate());
            System.out.printf("  all arrived: %s (%,d of %,d, %,d duplicates); last event's status: %s%n",
                    measured.received() >= measured.expected() ? "yes" : "NO", measured.received(),
                    measured.expected(), measured.duplicates(), status);
            System.out.printf("  ratio deliveries/receiver baseline: %.3f; target >= %,.0f deliveries/s: %s%n",
                    rate / raw.requestsPerSecond(), TARGET, rate >= TARGET ? "met" : "NOT met");
        }
    }

    /** The receiver's own capacity, with wrk posting envelopes like the worker's; 3 s warm it up. */
    private static Wrk.Result receiverBaseline(BenchServer bench) throws IOException, InterruptedException {
        String envelope = "{\"uuid\":\"00000000-0000-0000-0000-000000000000\",\"event\":\"" + BenchServer.EVENT
                + "\",\"payload\":{\"email\":\"a@example.com\",\"n\":1},\"time_created\":0,\"time_sent\":0}";
        Path script = WrkScript.post(bench.workDir(), "receiver", envelope, Map.of());
        bench.receiver().reset(false);
        Wrk.run(bench.receiver().url(), 2, RECEIVER_CONNECTIONS, 3, script);
        return Wrk.run(bench.receiver().url(), 2, RECEIVER_CONNECTIONS, RECEIVER_SECONDS, script);
    }

    /** Pre-loads {@code events} by bulk from a few clients, then waits until every delivery arrived. */
    private static Drain drain(BenchServer bench, int events) throws Exception {
        Receiver receiver = bench.receiver();
        receiver.reset(true);
        int expected = events * FAN_OUT;
        String body = BenchServer.bulkJson(BATCH);
        var lastEventId = new AtomicReference<String>();
        long start = System.nanoTime();
        List<Thread> loaders = new ArrayList<>();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        for (int loader = 0; loader < LOADERS; loader++) {
            int requests = events / BATCH / LOADERS;
            loaders.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < requests; i++) {
                        var reply = bench.api().post("/api/v1/events/bulk", bench.publishable(), body, 201);
                        lastEventId.set(reply.path("records").get(BATCH - 1).path("id").asString());
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread loader : loaders) {
            loader.join();
        }
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
        long loaded = System.nanoTime();
        long arrivedWhileLoading = receiver.deliveries();
        receiver.await(expected, TIMEOUT);
        long last = Math.max(receiver.lastArrivalNanos(), loaded + 1);
        return new Drain(expected, receiver.deliveries(), receiver.duplicates(), (loaded - start) / 1e9,
                arrivedWhileLoading, (last - loaded) / 1e9, (last - start) / 1e9, lastEventId.get());
    }

    /** The event history must agree with the receiver: the event's deliveries are recorded as done. */
    private static String finalStatus(BenchServer bench, String eventId) throws Exception {
        String status = "?";
        for (int attempt = 0; attempt < 100 && !status.equals("completed"); attempt++) {
            status = bench.api().get("/api/v1/events/" + eventId, bench.bearer()).path("status").asString();
            if (!status.equals("completed")) {
                Thread.sleep(100);
            }
        }
        return status;
    }
}
