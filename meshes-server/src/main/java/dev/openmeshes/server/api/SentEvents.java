package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Ingestion bodies, read in one streaming pass because this is the API's hottest path. Each event's
 * known fields are picked out and its payload is kept as the exact JSON text the client sent: it is
 * stored and delivered byte for byte, never turned into a tree and back. Unknown fields are
 * ignored, JSON null reads as absent, and the last of duplicate fields wins, as in every other body.
 */
final class SentEvents {

    /** One event as sent, before the business checks; {@code typeErrors} name fields of the wrong JSON type. */
    record Sent(String event, String payloadJson, int payloadBytes, String resource, String resourceId,
                UUID workspace, String type, List<FieldError> typeErrors) {}

    /** An empty body reads as {@code {}}: the checks then name the missing fields. */
    private static final Sent NOTHING = new Sent(null, null, 0, null, null, null, null, List.of());

    private SentEvents() {}

    /** The body of {@code POST /events}: one JSON object. */
    static Sent single(byte[] body) {
        if (body.length == 0) {
            return NOTHING;
        }
        Json.requireUtf8(body);
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Problem(Problem.Kind.BAD_REQUEST, "invalid_body", "The request body must be a JSON object");
            }
            Sent sent = new Reader(body).event(parser);
            requireEnd(parser);
            return sent;
        } catch (JacksonException e) {
            throw Json.invalid(e);
        }
    }

    /**
     * The body of {@code POST /events/bulk}: an array of 1 to {@code max} elements, each an event
     * or, where the element is not a JSON object, null.
     */
    static List<Sent> bulk(byte[] body, int max) {
        if (body.length == 0) {
            throw Json.invalid();
        }
        Json.requireUtf8(body);
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                parser.skipChildren();
                requireEnd(parser);
                throw notAnArray(max);
            }
            var reader = new Reader(body);
            List<Sent> items = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (items.size() == max) {
                    throw notAnArray(max);
                }
                if (token == JsonToken.START_OBJECT) {
                    items.add(reader.event(parser));
                } else {
                    parser.skipChildren();
                    items.add(null);
                }
            }
            requireEnd(parser);
            if (items.isEmpty()) {
                throw notAnArray(max);
            }
            return items;
        } catch (JacksonException e) {
            throw Json.invalid(e);
        }
    }

    private static Problem notAnArray(int max) {
        return Problem.invalid("body", "must be a JSON array of 1 to " + max + " events");
    }

    private static void requireEnd(JsonParser parser) {
        if (parser.nextToken() != null) {
            throw Json.invalid();
        }
    }

    /** Reads event objects out of one body, slicing payloads from its bytes. */
    private record Reader(byte[] body) {

        /** The event whose START_OBJECT the parser is on; leaves the parser on its END_OBJECT. */
        Sent event(JsonParser parser) {
            String event = null, payload = null, resource = null, resourceId = null, workspace = null, type = null;
            int payloadBytes = 0;
            List<FieldError> errors = new ArrayList<>(0);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "event" -> event = string(parser, value, name, errors);
                    case "resource" -> resource = string(parser, value, name, errors);
                    case "resource_id" -> resourceId = string(parser, value, name, errors);
                    case "workspace" -> workspace = string(parser, value, name, errors);
                    case "type" -> type = string(parser, value, name, errors);
                    case "payload" -> {
                        payload = null;
                        if (value == JsonToken.START_OBJECT) {
                            int start = (int) parser.currentTokenLocation().getByteOffset();
                            parser.skipChildren();
                            int end = (int) parser.currentLocation().getByteOffset();
                            payloadBytes = end - start;
                            payload = new String(body, start, payloadBytes, StandardCharsets.UTF_8);
                        } else if (value != JsonToken.VALUE_NULL) {
                            parser.skipChildren();
                            errors.add(new FieldError(name, "must be a JSON object"));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            UUID workspaceId = workspace == null ? null : uuid(workspace, errors);
            return new Sent(event, payload, payloadBytes, resource, resourceId, workspaceId, type, List.copyOf(errors));
        }

        private static String string(JsonParser parser, JsonToken value, String name, List<FieldError> errors) {
            if (value == JsonToken.VALUE_STRING) {
                String text = parser.getString();
                if (Body.hasNul(text)) {
                    errors.add(Body.nulIn(name));
                }
                return text;
            }
            if (value != JsonToken.VALUE_NULL) {
                parser.skipChildren();
                errors.add(new FieldError(name, "must be a string"));
            }
            return null;
        }

        private static UUID uuid(String text, List<FieldError> errors) {
            UUID id = Body.uuidOrNull(text);
            if (id == null) {
                errors.add(new FieldError("workspace", "must be a UUID"));
            }
            return id;
        }
    }
}
