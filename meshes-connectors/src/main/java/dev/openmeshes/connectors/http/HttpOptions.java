package dev.openmeshes.connectors.http;

import java.time.Duration;

/**
 * Limits of an outbound HTTP client.
 *
 * @param connectTimeout         to open the TCP (and TLS) connection
 * @param responseTimeout        to wait for the response; also bounds the silence between response bytes
 * @param maxResponseBodyBytes   how much of a response body is kept (for the history, and for parsing)
 * @param maxConnectionsPerRoute pooled connections to one destination
 * @param maxConnectionsTotal    pooled connections altogether
 */
public record HttpOptions(Duration connectTimeout, Duration responseTimeout, int maxResponseBodyBytes,
                          int maxConnectionsPerRoute, int maxConnectionsTotal) {

    public HttpOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        if (maxResponseBodyBytes < 0 || maxConnectionsPerRoute < 1 || maxConnectionsTotal < maxConnectionsPerRoute) {
            throw new IllegalArgumentException("invalid HTTP limits: body " + maxResponseBodyBytes
                    + ", per route " + maxConnectionsPerRoute + ", total " + maxConnectionsTotal);
        }
    }

    /**
     * For vendor APIs: 5 s to connect, 30 s for the response, 1 MiB of body (list calls are parsed,
     * and a page of HubSpot properties is large), 50 connections per vendor host.
     */
    public static HttpOptions vendorDefaults() {
        return new HttpOptions(Duration.ofSeconds(5), Duration.ofSeconds(30), 1 << 20, 50, 500);
    }

    /** The most one call may take, however slowly a destination trickles its answer. */
    public Duration attemptDeadline() {
        return connectTimeout.plus(responseTimeout);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
