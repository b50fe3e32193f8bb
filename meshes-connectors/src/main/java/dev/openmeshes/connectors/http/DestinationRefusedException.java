package dev.openmeshes.connectors.http;

import java.net.UnknownHostException;

/**
 * The SSRF guard refused every address of a destination. An {@link UnknownHostException} because
 * that is what a {@code DnsResolver} may throw; the connector reports it as a non-retryable failure.
 */
public final class DestinationRefusedException extends UnknownHostException {

    public DestinationRefusedException(String message) {
        super(message);
    }
}
