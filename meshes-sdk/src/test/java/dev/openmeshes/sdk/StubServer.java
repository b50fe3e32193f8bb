package dev.openmeshes.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A loopback HTTP server that answers from a script and records what it was sent. */
final class StubServer implements AutoCloseable {

    /** A request as the stub received it. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer; {@code delayMillis} before it is sent. */
    record Answer(int status, String body, Map<String, String> headers, long delayMillis) {

        static Answer json(int status, String body) {
            return new Answer(status, body, Map.of(), 0);
        }

        Answer withHeader(String name, String value) {
            var more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, body, more, delayMillis);
        }

        Answer after(long millis) {
            return new Answer(status, body, headers, millis);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Function<Received, Answer>> script = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> fallback = request -> Answer.json(500, "{\"message\":\"unscripted\"}");

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    StubServer then(Answer answer) {
        script.add(request -> answer);
        return this;
    }

    StubServer then(Function<Received, Answer> answer) {
        script.add(answer);
        return this;
    }

    /** The answer to every request beyond the script. */
    StubServer otherwise(Function<Received, Answer> answer) {
        fallback = answer;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        var request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                exchange.getRequestBody().readAllBytes());
        received.add(request);
        Function<Received, Answer> next = script.poll();
        Answer answer = (next != null ? next : fallback).apply(request);
        try {
            TimeUnit.MILLISECONDS.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
