package dev.openmeshes.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook destination: answers every POST with 200 at once and counts the deliveries (requests
 * with an {@code X-Meshes-Delivery-Id}: a baseline's late stragglers must not count). When tracking,
 * it also keeps each delivery id (to see duplicates) and the first arrival time per event uuid (for
 * end-to-end latency); off by default so long throughput runs do not pile up millions of entries.
 */
final class Receiver implements AutoCloseable {

    private static final byte[] UUID_FIELD = "\"uuid\":\"".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    /** Counted as each one arrives: set size and arrival count read apart would race with late arrivals. */
    private final AtomicLong duplicates = new AtomicLong();
    private final Set<String> deliveryIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> arrivalNanosByEvent = new ConcurrentHashMap<>();
    private volatile boolean tracking;

    private Receiver(HttpServer server) {
        this.server = server;
    }

    static Receiver start() throws IOException {
        var receiver = new Receiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096));
        receiver.server.createContext("/", receiver::handle);
        receiver.server.setExecutor(receiver.executor);
        receiver.server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes(); // read fully so the connection can be kept alive
            long now = System.nanoTime();
            exchange.sendResponseHeaders(200, -1);
            String deliveryId = exchange.getRequestHeaders().getFirst("X-Meshes-Delivery-Id");
            if (deliveryId == null) {
                return;
            }
            deliveries.incrementAndGet();
            lastArrivalNanos.accumulateAndGet(now, Math::max);
            if (tracking) {
                if (!deliveryIds.add(deliveryId)) {
                    duplicates.incrementAndGet();
                }
                String eventId = eventId(body);
                if (eventId != null) {
                    arrivalNanosByEvent.putIfAbsent(eventId, now);
                }
            }
        }
    }

    /** The envelope's {@code "uuid":"…"} without a JSON parser: the receiver must stay cheap. */
    private static String eventId(byte[] body) {
        outer:
        for (int i = 0; i + UUID_FIELD.length + 36 <= body.length; i++) {
            for (int k = 0; k < UUID_FIELD.length; k++) {
                if (body[i + k] != UUID_FIELD[k]) {
                    continue outer;
                }
            }
            return new String(body, i + UUID_FIELD.length, 36, StandardCharsets.US_ASCII);
        }
        return null;
    }

    /** Zeroes the counters and starts or stops keeping ids and arrival times. */
    void reset(boolean track) {
        tracking = track;
        deliveries.set(0);
        lastArrivalNanos.set(0);
        duplicates.set(0);
        deliveryIds.clear();
        arrivalNanosByEvent.clear();
    }

    long deliveries() {
        return deliveries.get();
    }

    /** Waits until {@code expected} deliveries arrived since the last reset; false if time ran out first. */
    boolean await(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (deliveries.get() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    /** Deliveries whose id had arrived before, since the last reset (when tracking). */
    long duplicates() {
        return duplicates.get();
    }

    /** {@link System#nanoTime()} of the first delivery of the event, or null if none arrived. */
    Long arrivalNanos(String eventId) {
        return arrivalNanosByEvent.get(eventId);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
