package dev.openmeshes.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code concurrency} virtual threads each sending the same request back to back for a while:
 * how fast a plain client can push requests through an endpoint (the receiver's own capacity).
 */
final class ClosedLoop {

    record Result(double requestsPerSecond, long failures) {}

    private ClosedLoop() {}

    static Result run(HttpClient http, HttpRequest request, int concurrency, int seconds) throws InterruptedException {
        var completed = new AtomicLong();
        var failures = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status / 100 == 2 ? completed : failures).incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(completed.get() / elapsed, failures.get());
    }
}
