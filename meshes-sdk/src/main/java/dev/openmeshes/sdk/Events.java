package dev.openmeshes.sdk;

import java.util.List;
import java.util.Map;

/** {@code /api/v1/events}: the history, payloads, retries and cancels, and sending with a machine key. */
public final class Events extends Resource {

    private final Ingestion ingestion;

    Events(Transport transport) {
        super(transport);
        this.ingestion = new Ingestion(transport);
    }

    /** The organization's events, newest first. */
    public Page<Event> list(PageRequest page) {
        return page("/api/v1/events", Map.of(), page, Event.class);
    }

    public AllPages<Event> all() {
        return all("/api/v1/events", Map.of(), Event.class);
    }

    public Page<Event> listInWorkspace(String workspaceId, EventFilter filter, PageRequest page) {
        return page(workspacePath(workspaceId), query(filter), page, Event.class);
    }

    public AllPages<Event> allInWorkspace(String workspaceId, EventFilter filter) {
        return all(workspacePath(workspaceId), query(filter), Event.class);
    }

    /** The event with its {@code ruleEvents}. */
    public Event get(String id) {
        return get(path(id), Event.class);
    }

    /** The event with its {@code payload}. */
    public Event payload(String id) {
        return get(path(id) + "/payload", Event.class);
    }

    /** Sends one event with the machine key: {@link NewEvent#workspace()} is required then. */
    public CreatedEvent send(NewEvent event) {
        return ingestion.send(event);
    }

    public BulkResult sendBulk(List<NewEvent> events) {
        return ingestion.sendBulk(events);
    }

    /** One more attempt now; 425 while one is in flight or due, 409 once delivered. */
    public RuleEvent retry(String eventId, String ruleId) {
        return transport.read(Transport.Request.of("POST", rulePath(eventId, ruleId) + "/retry", null), RuleEvent.class);
    }

    public RuleEvent cancel(String eventId, String ruleId) {
        return transport.read(Transport.Request.of("POST", rulePath(eventId, ruleId) + "/cancel", null), RuleEvent.class);
    }

    /** Cancels every delivery of the event still to finish; the event with its {@code ruleEvents}. */
    public Event cancel(String eventId) {
        return transport.read(Transport.Request.of("POST", path(eventId) + "/cancel", null), Event.class);
    }

    static String path(String id) {
        return "/api/v1/events/" + segment(id);
    }

    static String rulePath(String eventId, String ruleId) {
        return path(eventId) + "/rules/" + segment(ruleId);
    }

    private static String workspacePath(String workspaceId) {
        return "/api/v1/workspaces/" + segment(workspaceId) + "/events";
    }

    private static Map<String, String> query(EventFilter filter) {
        return filters("event", filter.event(), "resource", filter.resource(), "resource_id", filter.resourceId(),
                "status", filter.status());
    }
}
