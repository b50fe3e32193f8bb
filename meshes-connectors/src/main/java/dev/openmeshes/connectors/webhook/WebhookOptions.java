package dev.openmeshes.connectors.webhook;

import dev.openmeshes.connectors.http.HttpOptions;
import java.time.Duration;
import java.util.Map;

/**
 * Server-wide settings of the webhook connector.
 *
 * @param allowList destinations exempt from the SSRF guard, which may also use {@code http}
 * @param http      the limits of the webhook's own HTTP client
 */
public record WebhookOptions(AllowList allowList, HttpOptions http) {

    /** Comma-separated host names, IP addresses or CIDR blocks (IPv4 and IPv6). */
    public static final String ALLOW_HOSTS_ENV = "MESHES_WEBHOOK_ALLOW_HOSTS";

    public WebhookOptions {
        if (allowList == null) {
            allowList = AllowList.NONE;
        }
    }

    /** Nothing allow-listed; 5 s to connect, 15 s for the response, 2 KiB of response body, 50 connections per destination. */
    public static WebhookOptions defaults() {
        return new WebhookOptions(AllowList.NONE, new HttpOptions(Duration.ofSeconds(5), Duration.ofSeconds(15), 2048, 50, 500));
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
        return new WebhookOptions(list, http);
    }

    public WebhookOptions withTimeouts(Duration connect, Duration response) {
        return new WebhookOptions(allowList, new HttpOptions(connect, response, http.maxResponseBodyBytes(),
                http.maxConnectionsPerRoute(), http.maxConnectionsTotal()));
    }

    public WebhookOptions withMaxResponseBodyBytes(int bytes) {
        return new WebhookOptions(allowList, new HttpOptions(http.connectTimeout(), http.responseTimeout(), bytes,
                http.maxConnectionsPerRoute(), http.maxConnectionsTotal()));
    }
}
