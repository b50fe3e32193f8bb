package dev.openmeshes.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP webhook receiver on loopback. It answers from a script of responses (then the
 * default), and keeps every request it got.
 */
public final class Receiver implements AutoCloseable {

    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    public record Response(int status, Map<String, String> headers) {}

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Response fallback = new Response(200, Map.of());
    private volatile java.time.Duration delay = java.time.Duration.ZERO;

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Response response = script.poll();
            if (response == null) {
                response = fallback;
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] answer = ("{\"received\":" + requests.size() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public static Receiver start() {
        try {
            return new Receiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The next answers, in order; after them, {@link #always}'s (200 by default). */
    public Receiver then(int status, Map<String, String> headers) {
        script.add(new Response(status, headers));
        return this;
    }

    public Receiver then(int... statuses) {
        for (int status : statuses) {
            then(status, Map.of());
        }
        return this;
    }

    /** Answers every request only after {@code wait}: a slow destination. */
    public Receiver slow(java.time.Duration wait) {
        delay = wait;
        return this;
    }

    public Receiver always(int status) {
        fallback = new Response(status, Map.of());
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
