package dev.openmeshes.sdk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange with the API, retried by the policy, and its error answer turned into a
 * {@link MeshesApiException}. Every attempt of one call carries the same {@code x-correlation-id},
 * so the server's log ties the retries together.
 */
final class Transport {

    /** A call: the path below the base URL (starting with {@code /api/v1}), an optional JSON body. */
    record Request(String method, String path, Map<String, String> query, byte[] body, String idempotencyKey) {

        static Request get(String path, Map<String, String> query) {
            return new Request("GET", path, query, null, null);
        }

        static Request of(String method, String path, Object body) {
            return new Request(method, path, Map.of(), body == null ? null : Json.bytes(body), null);
        }

        Request withIdempotencyKey(String key) {
            return new Request(method, path, query, body, key);
        }

        /** Safe to send twice: the method says so, or the server replays a POST's first answer by its key. */
        boolean repeatable() {
            return IDEMPOTENT_METHODS.contains(method) || idempotencyKey != null;
        }
    }

    /** @param retryAfter the server's {@code Retry-After}, or null */
    record Response(int status, byte[] body, String correlationId, Duration retryAfter) {

        JsonNode json() {
            return body.length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(body);
        }
    }

    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE");
    private static final Set<Integer> RETRYABLE_5XX = Set.of(500, 502, 503, 504);
    static final String CORRELATION_ID = "x-correlation-id";

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final Consumer<HttpRequest.Builder> authorization;
    private final String clientName;

    Transport(String baseUrl, HttpClient http, Duration timeout, RetryPolicy retryPolicy,
              Consumer<HttpRequest.Builder> authorization, String clientName) {
        this.base = URI.create(hostRoot(baseUrl));
        this.http = http;
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
        this.authorization = authorization;
        this.clientName = clientName;
    }

    /** Both {@code http://host:8080} and {@code http://host:8080/api/v1/} name the same API, as the official clients allow. */
    static String hostRoot(String baseUrl) {
        String url = baseUrl.strip().replaceAll("/+$", "");
        return url.replaceFirst("(?i)/api/v\\d+$", "");
    }

    Duration timeout() {
        return timeout;
    }

    JsonNode json(Request request) {
        return execute(request, retryPolicy).json();
    }

    <T> T read(Request request, Class<T> type) {
        return Json.convert(json(request), type);
    }

    Response execute(Request request) {
        return execute(request, retryPolicy);
    }

    /** The 2xx answer; anything else, after the retries {@code policy} allows, as an exception. */
    Response execute(Request request, RetryPolicy policy) {
        String correlationId = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= policy.maxAttempts();
            Response response;
            try {
                response = sendOnce(request, correlationId);
            } catch (IOException e) {
                if (last || !(notSent(e) || request.repeatable())) {
                    throw new MeshesConnectionException(request.method() + " " + request.path() + " got no answer after "
                            + attempt + " attempt(s): " + e, e);
                }
                pause(policy.delayBefore(attempt, null));
                continue;
            }
            if (response.status() / 100 == 2) {
                return response;
            }
            MeshesApiException failure = failure(response);
            if (last || !retryable(failure, request) || !policy.accepts(failure.retryAfter().orElse(null))) {
                throw failure;
            }
            pause(policy.delayBefore(attempt, failure.retryAfter().orElse(null)));
        }
    }

    private Response sendOnce(Request request, String correlationId) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("X-Meshes-Client", clientName)
                .header(CORRELATION_ID, correlationId)
                .method(request.method(), request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        if (request.idempotencyKey() != null) {
            builder.header("Idempotency-Key", request.idempotencyKey());
        }
        authorization.accept(builder);
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue(CORRELATION_ID).orElse(correlationId),
                    parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), java.time.Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshesConnectionException("interrupted during " + request.method() + " " + request.path(), e);
        }
    }

    private URI uri(Request request) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        request.query().forEach((name, value) -> {
            if (value != null) {
                query.add(encode(name) + "=" + encode(value));
            }
        });
        return URI.create(base + request.path() + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The request never left: no connection was made, so even a POST may be sent again. */
    private static boolean notSent(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
    }

    /**
     * 429 is refused before any work, and a POST whose twin is still running under the same
     * Idempotency-Key is answered by that twin: both safe to repeat. A 5xx may have done the work,
     * so only a repeatable request is sent again.
     */
    static boolean retryable(MeshesApiException failure, Request request) {
        return failure.status() == 429
                || (failure.status() == 409 && "idempotency_request_in_progress".equals(failure.error()))
                || (RETRYABLE_5XX.contains(failure.status()) && request.repeatable());
    }

    static MeshesApiException failure(Response response) {
        JsonNode body;
        try {
            body = response.json();
        } catch (JacksonException notJson) {
            body = Json.MAPPER.nullNode();
        }
        String message = body.path("message").isString() ? body.path("message").asString()
                : "HTTP " + response.status() + " without an error body";
        String error = body.path("error").isString() ? body.path("error").asString() : null;
        String correlationId = body.path("correlation_id").isString() ? body.path("correlation_id").asString()
                : response.correlationId();
        List<FieldError> details = new ArrayList<>();
        for (JsonNode detail : body.path("details")) {
            details.add(new FieldError(detail.path("field").asString(""), detail.path("message").asString("")));
        }
        return MeshesApiException.of(response.status(), error, message, details, correlationId, response.retryAfter());
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value, java.time.Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshesConnectionException("interrupted while waiting to retry", e);
        }
    }
}
