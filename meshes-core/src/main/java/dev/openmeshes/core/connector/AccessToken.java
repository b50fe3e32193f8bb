package dev.openmeshes.core.connector;

import java.time.Instant;
import java.util.Map;

/**
 * A connection's current OAuth access token.
 *
 * @param expiresAt when it expires, or null when it does not
 * @param details   what the vendor's token answer carried that calls need: Salesforce's
 *                  {@code instance_url}, Pipedrive's {@code api_domain}, Discord's {@code guild_id}, …
 */
public record AccessToken(String value, Instant expiresAt, Map<String, Object> details) {

    public AccessToken {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", details=" + details.keySet() + "]"; // never the token
    }

    /** Where a connection's current token comes from; the platform's refreshes it before it expires. */
    public interface Source {

        /** The current token; a connection without one (not an OAuth type) throws {@link IllegalStateException}. */
        AccessToken current();

        /** No token: for connection types without OAuth. */
        Source NONE = () -> {
            throw new IllegalStateException("this connection type has no OAuth token");
        };
    }
}
