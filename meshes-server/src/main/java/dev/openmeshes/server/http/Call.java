package dev.openmeshes.server.http;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.PageRequest;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One API request as an endpoint sees it: who calls, its path and query values and its body. */
public final class Call {

    private final ServerRequest request;
    private final Principal principal;
    private final byte[] body;
    private final String correlationId;

    Call(ServerRequest request, Principal principal, byte[] body, String correlationId) {
        this.request = request;
        this.principal = principal;
        this.body = body;
        this.correlationId = correlationId;
    }

    public Principal principal() {
        return principal;
    }

    public String correlationId() {
        return correlationId;
    }

    public Body body() {
        return Body.parse(body);
    }

    /** The body's bytes, for endpoints that stream them (ingestion). */
    public byte[] bytes() {
        return body;
    }

    /** A request header's first value, or null. */
    public String header(String name) {
        return request.headers().first(io.helidon.http.HeaderNames.create(name)).orElse(null);
    }

    /** A cookie the client sent, or null. */
    public String cookie(String name) {
        return SessionCookies.cookie(request, name);
    }

    /** Whether the request reached this server over TLS. */
    public boolean isSecure() {
        return request.isSecure();
    }

    /** The peer's address: the client's, or a reverse proxy's. */
    public String clientAddress() {
        return request.remotePeer().host();
    }

    /** A UUID path parameter; anything else is a 400 naming the parameter. */
    public UUID pathId(String name) {
        UUID id = Body.uuidOrNull(request.path().pathParameters().get(name));
        if (id == null) {
            throw Problem.invalid(name, "must be a UUID");
        }
        return id;
    }

    /** A path parameter as text; one holding NUL is a 400 naming it. */
    public String pathText(String name) {
        String value = request.path().pathParameters().get(name);
        if (Body.hasNul(value)) {
            throw Problem.invalid(List.of(Body.nulIn(name)));
        }
        return value;
    }

    /** A query parameter, absent when empty; one holding NUL is a 400 naming it. */
    public Optional<String> query(String name) {
        Optional<String> value = request.query().first(name).asOptional().filter(v -> !v.isEmpty());
        if (value.isPresent() && Body.hasNul(value.get())) {
            throw Problem.invalid(List.of(Body.nulIn(name)));
        }
        return value;
    }

    /** A boolean query parameter ({@code true} or {@code false}, absent: false); anything else is a 400 naming it. */
    public boolean queryFlag(String name) {
        return query(name).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Problem.invalid(name, "must be true or false");
        }).orElse(false);
    }

    /** {@code limit} (1–200, default 50) and {@code cursor} from the query string. */
    public PageRequest page() {
        int limit = query("limit").map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw Problem.invalid("limit", "must be an integer between 1 and " + PageRequest.MAX_LIMIT);
            }
        }).orElse(PageRequest.DEFAULT_LIMIT);
        return new PageRequest(limit, query("cursor").map(Cursor::decode).orElse(null));
    }
}
