package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.http.HttpEdge;
import dev.openmeshes.server.support.OnSqlite;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Slowloris: clients trickling a request a byte a second are cut off, and others are still served. */
class SlowHeadersTest extends OnSqlite {

    private static final Duration CUT_OFF_BY = HttpEdge.HEADER_TIMEOUT.plusSeconds(4); // the sweep runs each second

    @Test
    void connectionsTricklingTheirRequestLineOrHeadersAreClosedWithinTheDeadline() throws Exception {
        List<Future<Duration>> open = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String complete = i % 5 == 0 ? "" : "GET /healthz HTTP/1.1\r\nHost: localhost\r\n"; // 1 in 5 trickles its request line
                open.add(clients.submit(() -> trickle(complete, "GET /healthz HTTP/1.1\r\nX-Slow: " + "a".repeat(100))));
            }
            Thread.sleep(3000);
            long started = System.nanoTime();
            var normal = server.http().get("/healthz", null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(normal.status()).as("a normal request while 50 connections trickle").isEqualTo(200);
            assertThat(took).as("time to answer a normal request meanwhile").isLessThan(Duration.ofSeconds(2));
            for (Future<Duration> connection : open) {
                assertThat(connection.get()).as("time the server kept a trickling connection open")
                        .isLessThan(CUT_OFF_BY);
            }
        }
    }

    /** Sends {@code complete} at once, then one byte of {@code slowly} a second; returns how long until the server closed. */
    private Duration trickle(String complete, String slowly) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(complete.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; Duration.ofNanos(System.nanoTime() - started).compareTo(CUT_OFF_BY.plusSeconds(5)) < 0; i++) {
                socket.getOutputStream().write(slowly.charAt(i % slowly.length()));
                try {
                    if (socket.getInputStream().read() < 0) {
                        break; // closed by the server
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // a second has passed: the next byte
                }
            }
        } catch (java.net.SocketException closedByServer) {
            // reset by the server
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
