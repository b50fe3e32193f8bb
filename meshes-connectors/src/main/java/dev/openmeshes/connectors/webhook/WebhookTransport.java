package dev.openmeshes.connectors.webhook;

import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * Sends webhook requests over one pooled HTTP client and reports each exchange as a
 * {@link DeliveryResult}. Blocking I/O, which suits the worker's virtual threads. Redirects are
 * not followed (a 3xx is the answer), nothing is retried here (the worker owns retries), and no
 * proxy is used (it would connect to addresses the guard never saw).
 */
final class WebhookTransport implements Closeable {

    private static final ContentType JSON = ContentType.create("application/json");

    private final WebhookOptions options;
    private final DestinationGuard guard;
    private final Clock clock;
    private final CloseableHttpClient client;
    // Fires request.cancel() when an attempt exceeds its deadline: socket timeouts alone do not bound
    // a receiver that trickles one byte at a time.
    private final ScheduledThreadPoolExecutor deadlines;

    WebhookTransport(WebhookOptions options, DestinationGuard guard, Clock clock) {
        this.options = options;
        this.guard = guard;
        this.clock = clock;
        Timeout connectTimeout = Timeout.of(options.connectTimeout());
        Timeout responseTimeout = Timeout.of(options.responseTimeout());
        var connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard))
                .setMaxConnPerRoute(options.maxConnectionsPerRoute())
                .setMaxConnTotal(options.maxConnectionsTotal())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(responseTimeout)
                        // Receivers close idle keep-alive connections; check before reusing one that sat idle.
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
            Thread thread = new Thread(runnable, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Sends one request; never throws for anything the destination does. */
    DeliveryResult send(OutgoingWebhook webhook) {
        long started = System.nanoTime();
        Map<String, String> recorded = webhook.recordedHeaders();

        Optional<String> refusal = guard.urlRefusal(webhook.url());
        if (refusal.isPresent()) {
            return refused(refusal.get(), elapsed(started), recorded);
        }

        HttpUriRequestBase request = new HttpUriRequestBase(webhook.method(), webhook.url());
        webhook.headers().forEach(request::addHeader);
        request.setEntity(new ByteArrayEntity(webhook.body(), JSON));

        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            deadlinePassed.set(true);
            request.cancel();
        }, options.attemptDeadline().toNanos(), TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(null, request, HttpClientContext.create());
            int status = response.getCode();
            Header retryAfterHeader = response.getFirstHeader("Retry-After");
            Duration retryAfter = RetryAfter.parse(retryAfterHeader == null ? null : retryAfterHeader.getValue(),
                    clock.instant());
            String body = readCapped(response.getEntity(), request);
            return DeliveryResult.ofStatus(status, elapsed(started), retryAfter, body, recorded);
        } catch (IOException e) {
            return failure(e, deadlinePassed.get(), elapsed(started), recorded);
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

    private DeliveryResult failure(IOException e, boolean deadlinePassed, Duration duration,
                                   Map<String, String> recorded) {
        DestinationRefusedException refused = causeOf(e, DestinationRefusedException.class);
        if (refused != null) {
            return refused(refused.getMessage(), duration, recorded);
        }
        if (deadlinePassed) {
            return DeliveryResult.ofFailure(Outcome.TIMEOUT, duration, recorded,
                    "no complete response within " + seconds(options.attemptDeadline()));
        }
        if (e instanceof ConnectTimeoutException) {
            return DeliveryResult.ofFailure(Outcome.TIMEOUT, duration, recorded,
                    "connect timed out after " + seconds(options.connectTimeout()));
        }
        if (e instanceof ConnectionRequestTimeoutException) {
            return DeliveryResult.ofFailure(Outcome.TIMEOUT, duration, recorded,
                    "no free connection to the destination within " + seconds(options.connectTimeout()));
        }
        if (e instanceof SocketTimeoutException) {
            return DeliveryResult.ofFailure(Outcome.TIMEOUT, duration, recorded,
                    "no response within " + seconds(options.responseTimeout()));
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
        return DeliveryResult.ofFailure(Outcome.NETWORK_ERROR, duration, recorded, message);
    }

    /** A destination the SSRF guard refused: no connection was made, and retrying cannot help. */
    static DeliveryResult refused(String message, Duration duration, Map<String, String> recorded) {
        return new DeliveryResult(Outcome.NETWORK_ERROR, false, null, duration, null, null, recorded, message);
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
