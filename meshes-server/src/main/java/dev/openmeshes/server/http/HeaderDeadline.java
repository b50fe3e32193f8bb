package dev.openmeshes.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose headers have not all arrived within the limit after its request line
 * (a slowloris client trickling a byte at a time). Helidon's idle-connection timeout covers the
 * wait for a request line, but not the headers after it, and a socket read timeout would not stop
 * a trickle. A sweeper checks the requests still reading headers once a second and interrupts the
 * connection's thread, which closes its socket.
 */
final class HeaderDeadline implements Http1ConnectionListener, AutoCloseable {

    private record Reading(Thread thread, long since) {}

    private final long limitNanos;
    private final Map<ConnectionContext, Reading> reading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("header-deadline").factory());

    HeaderDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        reading.put(ctx, new Reading(Thread.currentThread(), System.nanoTime()));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        reading.remove(ctx);
    }

    private void sweep() {
        long now = System.nanoTime();
        reading.forEach((ctx, late) -> {
            // remove(key, value) loses to a headers() that came first, so a request in time is never cut
            if (now - late.since() > limitNanos && reading.remove(ctx, late)) {
                late.thread().interrupt();
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
