package dev.openmeshes.connectors.salesforce;

import dev.openmeshes.connectors.http.VendorJson;
import tools.jackson.databind.JsonNode;

/**
 * The first error of a Salesforce answer, in either of its documented forms: the REST API's array
 * {@code [{"message", "errorCode", "fields"}]}, or the OAuth form {@code {"error", "error_description"}}.
 *
 * @param code    {@code errorCode} or {@code error}, or null when the body is neither form
 * @param message the vendor's explanation, shortened, or null
 */
record SalesforceError(String code, String message) {

    private static final int MAX_MESSAGE = 200;
    static final SalesforceError NONE = new SalesforceError(null, null);

    static SalesforceError of(String body) {
        JsonNode json = VendorJson.read(body);
        JsonNode first = json.isArray() ? json.path(0) : json;
        String code = text(first.path("errorCode"));
        String message = text(first.path("message"));
        if (code == null) {
            code = text(first.path("error"));
            message = text(first.path("error_description"));
        }
        return new SalesforceError(code, message);
    }

    boolean is(String errorCode) {
        return errorCode.equals(code);
    }

    /** As a result message shows it: {@code DUPLICATE_VALUE (Already a campaign member.)}. */
    String describe() {
        if (code == null) {
            return null;
        }
        return message == null ? code : code + " (" + message + ")";
    }

    private static String text(JsonNode node) {
        if (!node.isString() || node.asString().isBlank()) {
            return null;
        }
        String text = node.asString().strip();
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }
}
