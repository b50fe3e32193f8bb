package dev.openmeshes.core.model;

import java.time.Instant;

/**
 * A workspace's browser-safe ingestion key. After a rotation the previous key keeps working until
 * {@code previousExpiresAt}, so deployed front-ends can be updated without dropping events.
 */
public record PublishableKey(String name, String current, String previous, Instant previousExpiresAt) {

    public boolean accepts(String key, Instant now) {
        return current.equals(key)
                || (previous != null && previous.equals(key) && now.isBefore(previousExpiresAt));
    }
}
