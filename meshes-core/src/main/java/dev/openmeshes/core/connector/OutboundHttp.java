package dev.openmeshes.core.connector;

/**
 * The server's outbound HTTP client, shared by every connector: pooled, with a per-attempt
 * deadline, a capped response body, no redirects followed and nothing retried (the worker owns
 * retries). Never throws for anything the destination does: every failure is an {@link HttpExchange}.
 */
public interface OutboundHttp {

    HttpExchange send(HttpCall call);
}
