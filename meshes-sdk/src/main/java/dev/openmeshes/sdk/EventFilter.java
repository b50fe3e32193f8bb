package dev.openmeshes.sdk;

/** Which of a workspace's events to list; null fields do not filter. {@code status} e.g. {@code failed}. */
public record EventFilter(String event, String resource, String resourceId, String status) {

    public static final EventFilter ANY = new EventFilter(null, null, null, null);
}
