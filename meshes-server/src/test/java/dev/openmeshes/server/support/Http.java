package dev.openmeshes.server.support;

import dev.openmeshes.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A real HTTP client for the server under test; every call returns status, headers and JSON body. */
public final class Http {

    public record Response(int status, java.net.http.HttpHeaders headers, String text) {

        public JsonNode json() {
            return Json.MAPPER.readTree(text);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The stable error code of an error body. */
        public String error() {
            return json().path("error").asString();
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** What every answer this client receives must satisfy; it throws an AssertionError when one does not. */
    @FunctionalInterface
    public interface Check {
        void answer(String method, String path, Response response);
    }

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile Check check = (method, path, response) -> { };

    public Http(URI base) {
        this.base = base;
    }

    /** From now on, every answer is checked by {@code check} before the test sees it. */
    public void checkEveryAnswer(Check check) {
        this.check = check;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, String json) {
        return send("POST", path, token, json, Map.of());
    }

    public Response put(String path, String token, String json) {
        return send("PUT", path, token, json, Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    public Response send(String method, String path, String token, String json, Map<String, String> headers) {
        return send(method, path, token, json, headers,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    }

    /** A POST whose body is sent chunked: no Content-Length, as streaming clients do. */
    public Response postChunked(String path, String token, String json) {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return send("POST", path, token, json, Map.of(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)));
    }

    private Response send(String method, String path, String token, String json, Map<String, String> headers,
                          HttpRequest.BodyPublisher body) {
        var request = HttpRequest.newBuilder(base.resolve(path)).method(method, body);
        if (json != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            var answer = new Response(response.statusCode(), response.headers(), response.body());
            check.answer(method, path, answer);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
