package dev.openmeshes.connectors.customerio;

import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.FieldDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Pipelines API bodies one delivery sends: an {@code identify} when the mapping carries traits,
 * then the {@code track}. Both carry the person's id, {@code type} (the description requires it
 * although the server sets it), the event's time, and a {@code messageId} stable across retries so
 * Customer.io de-duplicates a repeated attempt.
 *
 * @param identify the identify body, when there are traits to set
 */
record PipelinesCalls(Optional<Map<String, Object>> identify, Map<String, Object> track) {

    /** Why no calls can be made for a delivery: the mapping or payload lacks what they need. */
    static final class Unmappable extends Exception {
        Unmappable(String message) {
            super(message, null, false, false);
        }
    }

    static PipelinesCalls of(DeliveryRequest request) throws Unmappable {
        Map<String, Object> person = person(request);
        String event = eventName(request);
        Map<String, Object> traits = traits(request);

        Map<String, Object> track = new LinkedHashMap<>(person);
        track.put("type", "track");
        track.put("event", event);
        track.put("properties", properties(request));
        track.put("timestamp", request.eventCreatedAt().toString());
        track.put("messageId", request.deliveryId().toString());

        if (traits.isEmpty()) {
            return new PipelinesCalls(Optional.empty(), track);
        }
        Map<String, Object> identify = new LinkedHashMap<>(person);
        identify.put("type", "identify");
        identify.put("traits", traits);
        identify.put("timestamp", request.eventCreatedAt().toString());
        // A messageId names one call: the identify gets its own, as stable across retries as the track's.
        identify.put("messageId", request.deliveryId() + "-identify");
        return new PipelinesCalls(Optional.of(identify), track);
    }

    /** {@code userId}, else {@code anonymousId}: mapped, or a payload field of that name. */
    private static Map<String, Object> person(DeliveryRequest request) throws Unmappable {
        for (FieldDefinition id : new FieldDefinition[] {CustomerIoSpec.USER_ID, CustomerIoSpec.ANONYMOUS_ID}) {
            String value = request.field(id.key());
            if (value != null && !value.isBlank()) {
                return Map.of(id.key(), value.strip());
            }
        }
        throw new Unmappable("the event names no person: map a field to userId (or anonymousId)");
    }

    /** The rule's override (its template filled in), else the Meshes event name. */
    private static String eventName(DeliveryRequest request) {
        String override = request.metadata(CustomerIoSpec.EVENT_NAME_OVERRIDE);
        return override == null || override.isBlank() ? request.event() : override.strip();
    }

    /** The mapped {@code traits} object, with the named trait fields over it. */
    private static Map<String, Object> traits(DeliveryRequest request) throws Unmappable {
        Map<String, Object> traits = new LinkedHashMap<>(object(request, CustomerIoSpec.TRAITS.key()).orElse(Map.of()));
        for (FieldDefinition trait : CustomerIoSpec.PERSON_TRAITS) {
            Object value = request.mapped().get(trait.key());
            if (value != null) {
                traits.put(trait.key(), value);
            }
        }
        return traits;
    }

    /** The mapped {@code properties} object, else the event's payload. */
    private static Map<String, Object> properties(DeliveryRequest request) throws Unmappable {
        return object(request, CustomerIoSpec.PROPERTIES.key()).orElse(request.payload());
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> object(DeliveryRequest request, String key) throws Unmappable {
        Object value = request.mapped().get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new Unmappable("the mapping writes " + key + " as " + value.getClass().getSimpleName()
                    + ", not an object");
        }
        return Optional.of((Map<String, Object>) map);
    }
}
