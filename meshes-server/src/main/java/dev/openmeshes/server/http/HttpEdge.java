package dev.openmeshes.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;

/**
 * What the HTTP layer checks before any route runs: a client has {@link #HEADER_TIMEOUT} for its
 * request line (after connecting, or after its previous answer; also how long an idle kept-alive
 * connection stays open) and as long again for its headers; framing must be unambiguous
 * ({@link RequestFraming}); and every refusal at this level answers in the API's error shape
 * ({@link EdgeAnswers}).
 */
public final class HttpEdge implements AutoCloseable {

    /** Long enough for any real client on a slow link; a constant, as no deployment has needed another. */
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

    private final HeaderDeadline headerDeadline = new HeaderDeadline(HEADER_TIMEOUT);

    public void configure(WebServerConfig.Builder server) {
        server.idleConnectionTimeout(HEADER_TIMEOUT)
                .idleConnectionPeriod(Duration.ofSeconds(1))
                .directHandlers(EdgeAnswers.forEveryEvent())
                .errorHandling(errors -> errors.includeEntity(true)) // Helidon's messages marked safe to show
                .addProtocol(Http1Config.builder().addReceiveListener(new RequestHead(headerDeadline)).build());
    }

    /**
     * One listener for both checks: Helidon 4.4 drops every event when given several (its composite
     * listener delegates nothing).
     */
    private record RequestHead(HeaderDeadline deadline) implements Http1ConnectionListener {
        private static final RequestFraming FRAMING = new RequestFraming();

        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            deadline.prologue(ctx, prologue);
        }

        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            deadline.headers(ctx, headers); // first: the deadline must see every request's headers end
            FRAMING.headers(ctx, headers);
        }
    }

    @Override
    public void close() {
        headerDeadline.close();
    }
}
