package dev.openmeshes.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.List;

/**
 * Answers to what the HTTP layer refuses before any route runs (a malformed request line, bad
 * header, ambiguous framing, a body over the backstop): the same error shape and correlation id as
 * every other answer, instead of Helidon's empty or plain-text one. Such an answer closes the
 * connection.
 */
final class EdgeAnswers implements DirectHandler {

    /** A request refused at the edge with a code of ours; Helidon's own refusals get a code from their status. */
    record Refused(String code, ServerRequestHeaders headers) implements TransportRequest {
        @Override
        public String protocolVersion() {
            return "";
        }

        @Override
        public String method() {
            return "";
        }

        @Override
        public String path() {
            return "";
        }
    }

    /** The exception that makes Helidon answer {@code 400 code} through this handler and close the connection. */
    static RequestException badRequest(String code, String message, io.helidon.http.Headers headers) {
        return RequestException.builder()
                .type(EventType.BAD_REQUEST)
                .status(Status.BAD_REQUEST_400)
                .request(new Refused(code, ServerRequestHeaders.create(headers)))
                .setKeepAlive(false)
                .message(message)
                .safeMessage(true)
                .build();
    }

    static DirectHandlers forEveryEvent() {
        var handler = new EdgeAnswers();
        var builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders responseHeaders, String message) {
        String correlationId = CorrelationIds.effective(request.headers().first(Api.CORRELATION_ID).orElse(null));
        String code = request instanceof Refused refused ? refused.code() : codeOf(status);
        // Helidon passes only messages it marked safe to show (else a pointer to its log)
        String shown = code.equals("internal_error") ? "Internal server error; quote the correlation_id when reporting it"
                : message == null || message.isBlank() ? status.reasonPhrase() : message;
        byte[] body = Json.withField(Json.bytes(Api.errorBody(code, shown, List.of())), "correlation_id", correlationId);
        return TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(Api.CORRELATION_ID, correlationId)
                .keepAlive(false)
                .entity(body)
                .build();
    }

    private static String codeOf(Status status) {
        return switch (status.code()) {
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            case 503 -> "unavailable";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
    }
}
