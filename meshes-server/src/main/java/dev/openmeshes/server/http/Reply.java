package dev.openmeshes.server.http;

import java.util.List;
import java.util.Map;

/**
 * What an endpoint answers: a status, a JSON body (a record, map or tree), extra headers, and
 * {@code Set-Cookie} values (a header that may appear more than once, so not in the map).
 */
public record Reply(int status, Object body, Map<String, String> headers, List<String> cookies) {

    public Reply {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    public Reply(int status, Object body, Map<String, String> headers) {
        this(status, body, headers, List.of());
    }

    public Reply(int status, Object body) {
        this(status, body, Map.of());
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    public static Reply created(Object body) {
        return new Reply(201, body);
    }

    public Reply withHeaders(Map<String, String> more) {
        var all = new java.util.HashMap<>(headers);
        all.putAll(more);
        return new Reply(status, body, all, cookies);
    }

    public Reply withCookies(List<String> setCookies) {
        return new Reply(status, body, headers, setCookies);
    }
}
