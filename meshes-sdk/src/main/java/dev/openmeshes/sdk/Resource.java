package dev.openmeshes.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What every resource client shares: its transport, and reading envelopes and wrapped answers. */
abstract class Resource {

    final Transport transport;

    Resource(Transport transport) {
        this.transport = transport;
    }

    <T> Page<T> page(String path, Map<String, String> filters, PageRequest request, Class<T> type) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("limit", request.limit() == null ? null : request.limit().toString());
        query.put("cursor", request.cursor());
        JsonNode envelope = transport.json(Transport.Request.get(path, query));
        List<T> records = new ArrayList<>();
        for (JsonNode record : envelope.path("records")) {
            records.add(Json.convert(record, type));
        }
        String next = envelope.path("next_cursor").isString() ? envelope.path("next_cursor").asString() : null;
        return new Page<>(records, envelope.path("count").asInt(records.size()), envelope.path("limit").asInt(records.size()), next);
    }

    <T> AllPages<T> all(String path, Map<String, String> filters, Class<T> type) {
        return new AllPages<>(PageRequest.FIRST, request -> page(path, filters, request, type));
    }

    <T> List<T> array(String path, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (JsonNode item : transport.json(Transport.Request.get(path, Map.of()))) {
            out.add(Json.convert(item, type));
        }
        return out;
    }

    <T> T get(String path, Class<T> type) {
        return transport.read(Transport.Request.get(path, Map.of()), type);
    }

    /** A create answered as {@code {"<wrapper>": {...}}}. */
    <T> T created(String path, Object body, String wrapper, Class<T> type) {
        return Json.convert(transport.json(Transport.Request.of("POST", path, body)).path(wrapper), type);
    }

    static String segment(String id) {
        MachineCredentials.requireText(id, "id");
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, String> filters(String... namesAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }
}
