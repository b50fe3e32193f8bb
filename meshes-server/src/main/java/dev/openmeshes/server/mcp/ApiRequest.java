package dev.openmeshes.server.mcp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One Meshes API request as a tool makes it: a path under {@code /api/v1}, query parameters in the
 * order the tool adds them (absent ones left out), and a JSON body or none.
 */
public record ApiRequest(String method, String path, Map<String, String> query, JsonNode body) {

    public ApiRequest {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    public static ApiRequest get(String path) {
        return new ApiRequest("GET", path, Map.of(), null);
    }

    public static ApiRequest get(String path, Map<String, String> query) {
        return new ApiRequest("GET", path, query, null);
    }

    public static ApiRequest post(String path, JsonNode body) {
        return new ApiRequest("POST", path, Map.of(), body);
    }

    public static ApiRequest put(String path, JsonNode body) {
        return new ApiRequest("PUT", path, Map.of(), body);
    }

    public static ApiRequest delete(String path, JsonNode body) {
        return new ApiRequest("DELETE", path, Map.of(), body);
    }
}
