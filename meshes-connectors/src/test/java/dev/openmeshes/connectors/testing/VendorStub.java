package dev.openmeshes.connectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing in for a vendor's API: routes answer with scripted responses (the
 * vendor's documented bodies), and every request is recorded exactly as it arrived, so tests can
 * check the method, path, query, headers and body a real vendor expects. A request no route matches
 * answers 404 {@code {"stub":"no route"}} and is recorded too.
 */
public final class VendorStub implements AutoCloseable {

    /** One request as it arrived. Header names in lower case. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** A query parameter's value (decoded), or null. */
        public String queryParameter(String name) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query) + " " + body;
        }
    }

    /** A scripted answer. */
    public record Response(int status, String body, Map<String, String> headers) {
        public static Response json(int status, String body) {
            return new Response(status, body, Map.of("Content-Type", "application/json"));
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, body, more);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Response>> routes = new ConcurrentHashMap<>();
    /** Routes that answer only requests carrying a header value (a token, say); tried first. */
    private final Map<String, Response> byHeader = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile Response everything;

    public VendorStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash: the base URL to configure. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Answers {@code method path} (path without query) with these responses in turn; the last one
     * repeats. Replaces an earlier script of the same route.
     */
    public VendorStub on(String method, String path, Response... responses) {
        routes.put(method + " " + path, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    public VendorStub onJson(String method, String path, int status, String body) {
        return on(method, path, Response.json(status, body));
    }

    /**
     * Answers {@code method path} with {@code response} when the request's {@code header} is exactly
     * {@code value} (e.g. an expired token's {@code Authorization}), before any other route of it.
     */
    public VendorStub onHeader(String method, String path, String header, String value, Response response) {
        byHeader.put(method + " " + path + " " + header.toLowerCase(Locale.ROOT) + ": " + value, response);
        return this;
    }

    /** Every request answers {@code response}, whatever its route, until {@link #reset()}. */
    public VendorStub answerEverything(Response response) {
        this.everything = response;
        return this;
    }

    /** Forgets routes and recorded requests. */
    public void reset() {
        routes.clear();
        byHeader.clear();
        received.clear();
        everything = null;
    }

    public List<Request> requests() {
        return List.copyOf(received);
    }

    public List<Request> requests(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** The one request to {@code method path}; fails with what did arrive when there is not exactly one. */
    public Request only(String method, String path) {
        List<Request> matching = requests(method, path);
        if (matching.size() != 1) {
            throw new AssertionError("expected exactly one " + method + " " + path + ", got " + matching.size()
                    + "; all requests: " + received);
        }
        return matching.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            received.add(new Request(method, path, query, headers, body));
            Response response = everything != null ? everything : headerRoute(method + " " + path, headers);
            if (response == null) {
                response = next(method + " " + path);
            }
            if (response == null) {
                response = Response.json(404, "{\"stub\":\"no route for " + method + " " + path + "\"}");
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private Response headerRoute(String route, Map<String, List<String>> headers) {
        for (var entry : headers.entrySet()) {
            for (String value : entry.getValue()) {
                Response response = byHeader.get(route + " " + entry.getKey() + ": " + value);
                if (response != null) {
                    return response;
                }
            }
        }
        return null;
    }

    private Response next(String route) {
        Deque<Response> script = routes.get(route);
        if (script == null) {
            return null;
        }
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
