package dev.openmeshes.connectors.webhook;

import java.time.Duration;
import java.util.Map;

/**
 * Server-wide settings of the webhook connector.
 *
 * @param allowList              destinations exempt from the SSRF guard, which may also use {@code http}
 * @param connectTimeout         to open the TCP (and TLS) connection
 * @param responseTimeout        to wait for the response; also bounds the silence between response bytes
 * @param maxResponseBodyBytes   how much of a response body is kept in the delivery history
 * @param maxConnectionsPerRoute pooled connections to one destination
 * @param maxConnectionsTotal    pooled connections altogether
 */
public record WebhookOptions(AllowList allowList, Duration connectTimeout, Duration responseTimeout,
                             int maxResponseBodyBytes, int maxConnectionsPerRoute, int maxConnectionsTotal) {

    /** Comma-separated host names, IP addresses or CIDR blocks (IPv4 and IPv6). */
    public static final String ALLOW_HOSTS_ENV = "MESHES_WEBHOOK_ALLOW_HOSTS";

    public WebhookOptions {
        if (allowList == null) {
            allowList = AllowList.NONE;
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        if (maxResponseBodyBytes < 0 || maxConnectionsPerRoute < 1 || maxConnectionsTotal < maxConnectionsPerRoute) {
            throw new IllegalArgumentException("invalid webhook limits: body " + maxResponseBodyBytes
                    + ", per route " + maxConnectionsPerRoute + ", total " + maxConnectionsTotal);
        }
    }

    /** Nothing allow-listed; 5 s to connect, 15 s for the response, 2 KiB of response body, 50 connections per destination. */
    public static WebhookOptions defaults() {
        return new WebhookOptions(AllowList.NONE, Duration.ofSeconds(5), Duration.ofSeconds(15), 2048, 50, 500);
    }

    /**
     * The defaults with the allow-list of {@value #ALLOW_HOSTS_ENV}.
     *
     * @throws IllegalArgumentException when an entry of the list is malformed, so a typo stops the server at start-up
     */
    public static WebhookOptions fromEnv(Map<String, String> env) {
        try {
            return defaults().withAllowList(AllowList.parse(env.get(ALLOW_HOSTS_ENV)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALLOW_HOSTS_ENV + ": " + e.getMessage(), e);
        }
    }

    public WebhookOptions withAllowList(AllowList list) {
        return new WebhookOptions(list, connectTimeout, responseTimeout, maxResponseBodyBytes, maxConnectionsPerRoute,
                maxConnectionsTotal);
    }

    public WebhookOptions withTimeouts(Duration connect, Duration response) {
        return new WebhookOptions(allowList, connect, response, maxResponseBodyBytes, maxConnectionsPerRoute,
                maxConnectionsTotal);
    }

    public WebhookOptions withMaxResponseBodyBytes(int bytes) {
        return new WebhookOptions(allowList, connectTimeout, responseTimeout, bytes, maxConnectionsPerRoute,
                maxConnectionsTotal);
    }

    /** The HTTP client's limits. */
    public dev.openmeshes.connectors.http.HttpOptions http() {
        return new dev.openmeshes.connectors.http.HttpOptions(connectTimeout, responseTimeout, maxResponseBodyBytes,
                maxConnectionsPerRoute, maxConnectionsTotal);
    }

    /** The most one attempt may take, however slowly a destination trickles its answer. */
    public Duration attemptDeadline() {
        return connectTimeout.plus(responseTimeout);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
