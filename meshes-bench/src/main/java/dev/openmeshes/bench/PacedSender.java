package dev.openmeshes.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Sends requests at a fixed rate, each on its own virtual thread, whatever the server's response
 * times (an open loop: a slow reply never delays the next send, so latencies are not hidden by
 * back-pressure). Times are from the moment each request was due, in {@link System#nanoTime()}.
 */
final class PacedSender {

    /** Told about each 2xx reply with the time its request was due and the time the reply came. */
    interface Replies {
        void received(long dueNanos, long repliedNanos, HttpResponse<String> response);
    }

    record Result(int sent, long failures, double seconds) {
        double perSecond() {
            return sent / seconds;
        }
    }

    private PacedSender() {}

    /** @param request the n-th request (n from 0) */
    static Result run(HttpClient http, LongFunction<HttpRequest> request, int perSecond, int seconds, Replies replies)
            throws InterruptedException {
        int total = perSecond * seconds;
        long period = 1_000_000_000L / perSecond;
        var done = new CountDownLatch(total);
        var failures = new AtomicLong();
        long start = System.nanoTime();
        for (int n = 0; n < total; n++) {
            long due = start + n * period;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest next = request.apply(n);
            Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<String> response = http.send(next, HttpResponse.BodyHandlers.ofString());
                    long replied = System.nanoTime();
                    if (response.statusCode() / 100 == 2) {
                        replies.received(due, replied, response);
                    } else {
                        failures.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        long sent = System.nanoTime();
        if (!done.await(60, TimeUnit.SECONDS)) {
            failures.addAndGet(done.getCount());
        }
        return new Result(total, failures.get(), (sent - start + period) / 1e9); // n sends span n periods
    }
}
