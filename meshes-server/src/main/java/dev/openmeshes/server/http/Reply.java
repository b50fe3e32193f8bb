package dev.openmeshes.server.http;

import java.util.Map;

/** What an endpoint answers: a status, a JSON body (a record, map or tree) and extra headers. */
public record Reply(int status, Object body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
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
        return new Reply(status, body, all);
    }
}
