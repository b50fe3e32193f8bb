package dev.openmeshes.server.mcp;

import dev.openmeshes.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@link MeshesApi} over HTTP, each request with a bearer token from {@code tokens} (fresh per call). */
public final class HttpMeshesApi implements MeshesApi {

    private static final Pattern VERSIONED = Pattern.compile("(?i).*/api/v\\d+$");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final String apiBase;
    private final Supplier<String> tokens;
    private final String correlationId;

    public HttpMeshesApi(HttpClient client, String baseUrl, Supplier<String> tokens) {
        this(client, baseUrl, tokens, null);
    }

    /** @param correlationId sent with every call, so the API's log lines and answers carry the caller's; or null */
    public HttpMeshesApi(HttpClient client, String baseUrl, Supplier<String> tokens, String correlationId) {
        this.client = client;
        this.apiBase = apiBase(baseUrl);
        this.tokens = tokens;
        this.correlationId = correlationId;
    }

    /** As the hosted MCP server reads {@code MESHES_API_URL}: trailing slashes off, {@code /api/v1} added unless there. */
    static String apiBase(String baseUrl) {
        String trimmed = baseUrl.replaceAll("/+$", "");
        return VERSIONED.matcher(trimmed).matches() ? trimmed : trimmed + "/api/v1";
    }

    @Override
    public ApiAnswer send(ApiRequest request) {
        var http = HttpRequest.newBuilder(URI.create(apiBase + request.path() + queryString(request)))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + tokens.get())
                .header("Accept", "application/json")
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(request.body())));
        if (request.body() != null) {
            http.header("Content-Type", "application/json");
        }
        if (correlationId != null) {
            http.header("x-correlation-id", correlationId);
        }
        try {
            HttpResponse<byte[]> response = client.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            return new ApiAnswer(response.statusCode(), body.length == 0 ? null : Json.MAPPER.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException("the Meshes API at " + apiBase + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while calling the Meshes API", e));
        }
    }

    private static String queryString(ApiRequest request) {
        if (request.query().isEmpty()) {
            return "";
        }
        return request.query().entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
