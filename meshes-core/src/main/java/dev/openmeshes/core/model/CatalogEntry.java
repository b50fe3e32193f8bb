package dev.openmeshes.core.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** A name a workspace knows, an event type or a resource: first seen in an event it received or in one of its rules. */
public record CatalogEntry(UUID workspaceId, Kind kind, String name, Instant firstSeenAt) {

    public enum Kind {
        EVENT_TYPE("event"), RESOURCE("resource");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** As stored. */
        public String code() {
            return code;
        }
    }

    /** Stable without being stored: derived from what identifies the entry. */
    public UUID id() {
        return UUID.nameUUIDFromBytes((workspaceId + "/" + kind.code + "/" + name).getBytes(StandardCharsets.UTF_8));
    }
}
