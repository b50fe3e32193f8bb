package dev.openmeshes.sdk;

import java.util.List;
import java.util.UUID;

/**
 * Sending events, shared by both clients. Every POST carries a fresh {@code Idempotency-Key}, so a
 * retry after a 5xx or a lost answer is replayed by the server instead of accepted twice.
 */
final class Ingestion {

    static final int MAX_BULK = 100;

    private final Transport transport;

    Ingestion(Transport transport) {
        this.transport = transport;
    }

    CreatedEvent send(NewEvent event) {
        var request = Transport.Request.of("POST", "/api/v1/events", event).withIdempotencyKey(UUID.randomUUID().toString());
        return Json.convert(transport.json(request).path("event"), CreatedEvent.class);
    }

    BulkResult sendBulk(List<NewEvent> events) {
        return BulkResult.from(transport.json(bulkRequest(events, UUID.randomUUID().toString())));
    }

    /** A bulk request serialized once: a retry under the same key must carry the very same bytes. */
    static Transport.Request bulkRequest(List<NewEvent> events, String idempotencyKey) {
        if (events.isEmpty() || events.size() > MAX_BULK) {
            throw new IllegalArgumentException("a bulk request carries 1 to " + MAX_BULK + " events, not " + events.size());
        }
        return Transport.Request.of("POST", "/api/v1/events/bulk", events).withIdempotencyKey(idempotencyKey);
    }
}
