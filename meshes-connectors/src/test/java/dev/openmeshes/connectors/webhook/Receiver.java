package dev.openmeshes.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A webhook receiver on 127.0.0.1 that records every request and answers as a test tells it to. */
final class Receiver implements AutoCloseable {

    /** One request as it arrived: header names as the JDK server normalizes them, the body byte for byte. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Responder responder = status(200, Map.of(), "ok");

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                responder.respond(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientWentAway) {
                // the connector dropped the connection on purpose (deadline, truncated body)
            }
        });
        server.start();
    }

    static Receiver start() throws IOException {
        return new Receiver();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    Receiver answering(int status) {
        return answering(status, Map.of(), "");
    }

    Receiver answering(int status, Map<String, String> headers, String body) {
        responder = status(status, headers, body);
        return this;
    }

    /** Reads the request, then says nothing until the test ends. */
    Receiver neverAnswering() {
        responder = exchange -> closing.await();
        return this;
    }

    /** Streams an endless 200 body, as a misbehaving or hostile receiver might. */
    Receiver streamingForever() {
        responder = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = exchange.getResponseBody();
            while (closing.getCount() > 0) {
                out.write(chunk);
                out.flush();
            }
        };
        return this;
    }

    /** The next request received, waiting a little for it. */
    Received take() throws InterruptedException {
        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the receiver").isNotNull();
        return request;
    }

    int count() {
        return received.size();
    }

    private static Responder status(int status, Map<String, String> headers, String body) {
        return exchange -> {
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
