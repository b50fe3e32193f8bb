package dev.openmeshes.connectors.http;

import dev.openmeshes.core.connector.HttpCall;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Encoding of values put into vendor URLs: ids and emails come from clients and events. */
public final class UrlParts {

    private UrlParts() {}

    /** One path segment, percent-encoded (a {@code /} or {@code ?} in an id cannot change the path). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A base URL without its trailing {@code /}, so that paths starting with one can follow. */
    public static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A query string ({@code a=1&b=2}) of the entries, in their order, each percent-encoded. */
    public static String query(Map<String, String> parameters) {
        return HttpCall.formEncode(parameters);
    }
}
