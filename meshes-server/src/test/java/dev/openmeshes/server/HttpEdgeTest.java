package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.RawHttp;
import dev.openmeshes.server.support.RawHttp.Exchange;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the HTTP layer refuses before any route runs, as an attacker sends it on a raw connection:
 * ambiguous framing (request smuggling) and malformed requests, each answered once in the API's
 * error shape, and the connection then closed.
 */
class HttpEdgeTest extends OnSqlite {

    String authorization;

    @BeforeAll
    void owner() {
        authorization = "Authorization: Bearer " + server.newTenant("Edge Co").token() + "\r\n";
    }

    /** A request hidden in the body of the one before it: answering it would mean it was smuggled. */
    private static final String HIDDEN = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

    static Stream<Arguments> ambiguousFraming() {
        String chunkedThenHidden = "0\r\n\r\n" + HIDDEN;
        return Stream.of(
                Arguments.of("Content-Length then Transfer-Encoding",
                        "Content-Length: " + chunkedThenHidden.length() + "\r\nTransfer-Encoding: chunked\r\n", chunkedThenHidden),
                Arguments.of("Transfer-Encoding then Content-Length",
                        "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", chunkedThenHidden),
                Arguments.of("Transfer-Encoding in another case with Content-Length",
                        "transfer-encoding: Chunked\r\ncontent-length: 5\r\n", chunkedThenHidden),
                Arguments.of("two different Content-Length headers",
                        "Content-Length: 0\r\nContent-Length: " + HIDDEN.length() + "\r\n", HIDDEN),
                Arguments.of("one Content-Length header with a list",
                        "Content-Length: 0, " + HIDDEN.length() + "\r\n", HIDDEN),
                Arguments.of("a Transfer-Encoding other than chunked", "Transfer-Encoding: gzip\r\n", HIDDEN),
                Arguments.of("chunked spelled in capitals, no length", "Transfer-Encoding: CHUNKED\r\n", HIDDEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousFraming")
    void ambiguousFramingIsAnsweredOnce400AndTheConnectionClosed(String why, String framing, String body) {
        Exchange exchange = RawHttp.exchange(server.port(), "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\n"
                + authorization + "Content-Type: application/json\r\n" + framing + "\r\n" + body, 3000);

        assertThat(exchange.statuses()).as("answers on the connection (the hidden request must never be answered)")
                .containsExactly(400);
        assertThat(exchange.closedByServer()).as("connection closed by the server after the 400").isTrue();
        assertThat(exchange.header("Connection")).isEqualToIgnoringCase("close");
        assertErrorShape(exchange, "ambiguous_framing");
    }

    @Test
    void onePlainChunkedBodyAndOnePlainLengthAreStillServedOnAKeptAliveConnection() {
        String event = "{\"event\":\"x\"}";
        String head = "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\n" + authorization;
        String chunked = head + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n0\r\n\r\n";
        String sized = head + "Content-Length: " + event.length() + "\r\n\r\n" + event;

        Exchange exchange = RawHttp.exchange(server.port(), chunked + sized + HIDDEN, 3000);

        assertThat(exchange.statuses()).as("each request answered on its own (400: no payload), the last one /healthz, in: " + exchange.text())
                .containsExactly(400, 400, 200);
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("malformed percent-encoding",
                        "GET /api/v1/workspaces/%00/events?cursor=%%% HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                Arguments.of("a header line without a colon",
                        "GET /healthz HTTP/1.1\r\nHost: localhost\r\nNot a header\r\n\r\n"),
                Arguments.of("a request line over the limit",
                        "GET /api/v1/" + "a".repeat(8000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                Arguments.of("a control character in the path",
                        "GET /api/v1/\u0001 HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void requestsRefusedBeforeRoutingAnswerInTheErrorShape(String why, String request) {
        Exchange exchange = RawHttp.exchange(server.port(), request, 3000);

        assertThat(exchange.statuses()).as("answers to: " + request.lines().findFirst().orElseThrow()).hasSize(1);
        assertThat(exchange.statuses().getFirst()).as("status").isBetween(400, 499);
        assertErrorShape(exchange, null);
    }

    private static void assertErrorShape(Exchange exchange, String expectedCode) {
        assertThat(exchange.header("Content-Type")).as("Content-Type of: " + exchange.text()).startsWith("application/json");
        var body = exchange.json();
        assertThat(body.path("message").asString()).as("message in " + body).isNotBlank();
        assertThat(body.path("error").asString()).as("error in " + body).isNotBlank();
        if (expectedCode != null) {
            assertThat(body.path("error").asString()).isEqualTo(expectedCode);
        }
        assertThat(exchange.header("x-correlation-id")).as("x-correlation-id header").isNotBlank()
                .isEqualTo(body.path("correlation_id").asString());
    }
}
