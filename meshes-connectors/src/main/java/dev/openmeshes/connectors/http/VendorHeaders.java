package dev.openmeshes.connectors.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** Request headers most vendor APIs take. */
public final class VendorHeaders {

    private VendorHeaders() {}

    /** {@code Authorization: Bearer <token>} and {@code Accept: application/json}, in a map the caller may add to. */
    public static Map<String, String> bearerJson(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "application/json");
        return headers;
    }
}
