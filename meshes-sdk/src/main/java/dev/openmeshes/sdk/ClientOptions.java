package dev.openmeshes.sdk;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * What both clients' builders share: where the server is, how long a call may take, the retry
 * policy, and optionally the {@link HttpClient} to use.
 */
public abstract class ClientOptions<B extends ClientOptions<B>> {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    String baseUrl = System.getenv().getOrDefault("MESHES_API_URL", "http://localhost:8080");
    Duration timeout = DEFAULT_TIMEOUT;
    RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    HttpClient httpClient;

    ClientOptions() {}

    /** {@code http://host:8080} or {@code http://host:8080/api/v1}; default {@code MESHES_API_URL}, else {@code http://localhost:8080}. */
    public B baseUrl(String baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        return self();
    }

    /** How long one attempt may wait for its answer (default 10 s). */
    public B timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    public B retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return self();
    }

    public B httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        return self();
    }

    HttpClient httpClientOrDefault() {
        return httpClient != null ? httpClient
                : HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
