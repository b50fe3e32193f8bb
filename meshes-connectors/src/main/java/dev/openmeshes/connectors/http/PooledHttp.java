package dev.openmeshes.connectors.http;

import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.OutboundHttp;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The outbound HTTP client every connector shares: one connection pool, a deadline per call (socket
 * timeouts alone do not bound a server that trickles one byte at a time), a capped response body,
 * and every I/O failure turned into an {@link HttpExchange}. Blocking I/O, which suits the worker's
 * virtual threads. Redirects are not followed (a 3xx is the answer), nothing is retried here (the
 * worker owns retries), no proxy is used (it would connect to addresses the policy never saw), and
 * no cookies are kept. Create one per server (and one more, guarded, for webhooks); close it at shutdown.
 */
public final class PooledHttp implements OutboundHttp, Closeable {

    private final HttpOptions options;
    private final DestinationPolicy policy;
    private final Clock clock;
    private final CloseableHttpClient client;
    // Fires request.cancel() when a call exceeds its deadline.
    private final ScheduledThreadPoolExecutor deadlines;

    /** An unguarded client, for operator-configured vendor URLs. */
    public PooledHttp(HttpOptions options, Clock clock) {
        this(options, DestinationPolicy.OPEN, clock);
    }

    public PooledHttp(HttpOptions options, DestinationPolicy policy, Clock clock) {
        this.options = options;
        this.policy = policy;
        this.clock = clock;
        Timeout connectTimeout = Timeout.of(options.connectTimeout());
        Timeout responseTimeout = Timeout.of(options.responseTimeout());
        var connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(policy))
                .setMaxConnPerRoute(options.maxConnectionsPerRoute())
                .setMaxConnTotal(options.maxConnectionsTotal())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(responseTimeout)
                        // Servers close idle keep-alive connections; check before reusing one that sat idle.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connectTimeout)
                        .setResponseTimeout(responseTimeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableDefaultUserAgent()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    public HttpOptions options() {
        return options;
    }

    /** Sends one request; never throws for anything the destination does. */
    @Override
    public HttpExchange send(HttpCall call) {
        long started = System.nanoTime();
        Map<String, String> recorded = call.recordedHeaders();
        URI url;
        try {
            url = new URI(call.url());
        } catch (URISyntaxException e) {
            return failed(Outcome.NETWORK_ERROR, false, "invalid URL: " + e.getMessage(), started, recorded);
        }
        Optional<String> refusal = policy.urlRefusal(url);
        if (refusal.isPresent()) {
            return failed(Outcome.NETWORK_ERROR, false, refusal.get(), started, recorded);
        }

        HttpUriRequestBase request = new HttpUriRequestBase(call.method(), url);
        call.headers().forEach(request::addHeader);
        if (call.body() != null) {
            request.setEntity(new ByteArrayEntity(call.body(),
                    call.contentType() == null ? null : ContentType.parse(call.contentType())));
        }

        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            deadlinePassed.set(true);
            request.cancel();
        }, options.attemptDeadline().toNanos(), TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(null, request, HttpClientContext.create());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
                headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(header.getValue());
            }
            Header retryAfterHeader = response.getFirstHeader("Retry-After");
            Duration retryAfter = RetryAfter.parse(retryAfterHeader == null ? null : retryAfterHeader.getValue(),
                    clock.instant());
            String body = readCapped(response.getEntity(), request);
            return new HttpExchange(response.getCode(), headers, body, elapsed(started), retryAfter, null, null, false,
                    recorded);
        } catch (IOException e) {
            return failure(e, deadlinePassed.get(), started, recorded);
        } finally {
            deadline.cancel(false);
            closeQuietly(response);
        }
    }

    /**
     * The start of the response body, at most the configured size. A longer body is not drained: the
     * connection is dropped instead, so a huge or endless answer costs nothing. A body cut short by
     * the receiver keeps what arrived, since the status already tells the outcome.
     */
    private String readCapped(HttpEntity entity, HttpUriRequestBase request) {
        if (entity == null) {
            return "";
        }
        int cap = options.maxResponseBodyBytes();
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(cap, 8192));
        boolean truncated = false;
        try {
            InputStream in = entity.getContent();
            byte[] buffer = new byte[Math.min(cap + 1, 8192)];
            while (kept.size() <= cap) {
                int n = in.read(buffer, 0, Math.min(buffer.length, cap + 1 - kept.size()));
                if (n < 0) {
                    break;
                }
                kept.write(buffer, 0, n);
            }
            truncated = kept.size() > cap;
        } catch (IOException cutShort) {
            truncated = true;
        }
        if (truncated) {
            request.cancel(); // discards the connection instead of reading the rest into the pool
        }
        byte[] bytes = kept.toByteArray();
        String text = new String(bytes, 0, Math.min(bytes.length, cap), StandardCharsets.UTF_8);
        // A multi-byte character cut at the cap decodes as a replacement character: drop it.
        return truncated && text.endsWith("\uFFFD") ? text.substring(0, text.length() - 1) : text;
    }

    private HttpExchange failure(IOException e, boolean deadlinePassed, long started, Map<String, String> recorded) {
        DestinationRefusedException refused = causeOf(e, DestinationRefusedException.class);
        if (refused != null) { // no connection was made, and retrying cannot help
            return failed(Outcome.NETWORK_ERROR, false, refused.getMessage(), started, recorded);
        }
        if (deadlinePassed) {
            return failed(Outcome.TIMEOUT, true, "no complete response within " + seconds(options.attemptDeadline()),
                    started, recorded);
        }
        if (e instanceof ConnectTimeoutException) {
            return failed(Outcome.TIMEOUT, true, "connect timed out after " + seconds(options.connectTimeout()),
                    started, recorded);
        }
        if (e instanceof ConnectionRequestTimeoutException) {
            return failed(Outcome.TIMEOUT, true, "no free connection to the destination within "
                    + seconds(options.connectTimeout()), started, recorded);
        }
        if (e instanceof SocketTimeoutException) {
            return failed(Outcome.TIMEOUT, true, "no response within " + seconds(options.responseTimeout()),
                    started, recorded);
        }
        String message;
        if (e instanceof UnknownHostException) {
            message = "unknown host: " + e.getMessage();
        } else if (e instanceof ConnectException) {
            message = "connection refused: " + e.getMessage();
        } else if (e instanceof SSLException) {
            message = "TLS failed: " + e.getMessage();
        } else if (e instanceof NoHttpResponseException) {
            message = "the destination closed the connection without answering";
        } else {
            message = "network error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return failed(Outcome.NETWORK_ERROR, true, message, started, recorded);
    }

    private static HttpExchange failed(Outcome outcome, boolean retryable, String message, long started,
                                       Map<String, String> recorded) {
        return new HttpExchange(0, Map.of(), "", elapsed(started), null, outcome, message, retryable, recorded);
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException ignored) {
                // the exchange is over; a failing close changes nothing about its outcome
            }
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }
}
