package dev.openmeshes.sdk;

import java.util.List;

/**
 * What became of the events offered to a {@link BatchingEmitter}. {@link #dropped} runs on the
 * thread that offered; the others on the emitter's thread, so they should return quickly.
 */
public interface EmitterListener {

    /** Why an offered event was not taken. */
    enum DropReason { QUEUE_FULL, CLOSED }

    EmitterListener NONE = new EmitterListener() {};

    /** The event was not taken: nothing will be sent for it. */
    default void dropped(NewEvent event, DropReason reason) {}

    /** The server committed these events. */
    default void accepted(List<CreatedEvent> events) {}

    /** The server refused this event for good (e.g. {@code validation_failed}); it is not retried. */
    default void rejected(NewEvent event, BulkRejection rejection) {}

    /** A send of these events got no answer or a passing refusal; they go out again after {@code wait}. */
    default void retrying(List<NewEvent> events, MeshesException failure, java.time.Duration wait) {}

    /**
     * These events could not be sent: the server refused the whole request for good (a revoked
     * key), or it stayed unreachable until the emitter's close timeout ran out.
     */
    default void abandoned(List<NewEvent> events, MeshesException lastFailure) {}
}
