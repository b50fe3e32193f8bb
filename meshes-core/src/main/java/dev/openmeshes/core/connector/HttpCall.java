package dev.openmeshes.core.connector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One outbound HTTP request a connector makes. Headers in {@link #secretHeaders} (and every
 * {@code Authorization}) are sent as given but recorded redacted.
 *
 * @param body        the request body, or null for none
 * @param contentType the body's media type, or null
 */
public record HttpCall(String method, String url, Map<String, String> headers, byte[] body, String contentType,
                       Set<String> secretHeaders) {

    public static final String REDACTED = "[redacted]";

    public HttpCall {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        secretHeaders = secretHeaders == null ? Set.of() : Set.copyOf(secretHeaders);
    }

    public static HttpCall get(String url, Map<String, String> headers) {
        return new HttpCall("GET", url, headers, null, null, Set.of());
    }

    public static HttpCall json(String method, String url, Map<String, String> headers, String json) {
        return new HttpCall(method, url, headers, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                json == null ? null : "application/json", Set.of());
    }

    public static HttpCall form(String url, Map<String, String> headers, String formEncoded) {
        return new HttpCall("POST", url, headers, formEncoded.getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Set.of());
    }

    /**
     * {@code a=1&b=2}: the entries in their order, each percent-encoded, for a form body or a query
     * string (ids and emails come from clients and events).
     */
    public static String formEncode(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The same call, with one more header recorded redacted. */
    public HttpCall withSecretHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        var secrets = new java.util.HashSet<>(secretHeaders);
        secrets.add(name);
        return new HttpCall(method, url, more, body, contentType, secrets);
    }

    /** The headers as the delivery history shows them: secret values redacted. */
    public Map<String, String> recordedHeaders() {
        Map<String, String> recorded = new LinkedHashMap<>();
        headers.forEach((name, value) -> recorded.put(name, secret(name) ? REDACTED : value));
        if (contentType != null) {
            recorded.putIfAbsent("Content-Type", contentType);
        }
        return recorded;
    }

    private boolean secret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("authorization") || lower.equals("proxy-authorization")
                || secretHeaders.stream().anyMatch(s -> s.equalsIgnoreCase(name));
    }
}
