package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * OAuth tokens as a vendor's token endpoint (or a client, in {@code metadata.oauth}) gives them.
 *
 * @param refreshToken null when the vendor gives none
 * @param expiresAt    null when the token does not expire
 * @param details      the rest of the answer that later calls need ({@code instance_url}, {@code api_domain}, …)
 */
public record TokenAnswer(String accessToken, String refreshToken, Instant expiresAt, Map<String, Object> details) {

    private static final Set<String> TOKEN_KEYS = Set.of("access_token", "refresh_token", "expires_in", "expires_at",
            "token_type", "id_token");
    private static final int MAX_TOKEN = 8192;

    public TokenAnswer {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    @Override
    public String toString() {
        return "TokenAnswer[expiresAt=" + expiresAt + ", details=" + details.keySet() + "]"; // never the tokens
    }

    /** A token endpoint's JSON answer; null when it carries no access token. */
    public static TokenAnswer parse(JsonNode answer, Instant now) {
        String access = text(answer.get("access_token"));
        if (access == null) {
            return null;
        }
        JsonNode expiresIn = answer.get("expires_in");
        Instant expiresAt = expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0
                ? now.plusSeconds(expiresIn.asLong()) : null;
        Map<String, Object> details = new LinkedHashMap<>();
        for (var entry : answer.properties()) {
            if (TOKEN_KEYS.contains(entry.getKey())) {
                continue;
            }
            JsonNode value = entry.getValue();
            if (value.isValueNode()) {
                putPresent(details, entry.getKey(), value.isNumber() ? value.numberValue()
                        : value.isBoolean() ? value.asBoolean() : text(value));
            } else if (value.isObject() && value.get("id") != null) {
                putPresent(details, entry.getKey() + "_id", text(value.get("id"))); // Slack team, Discord guild
            }
        }
        return new TokenAnswer(access, text(answer.get("refresh_token")), expiresAt, details);
    }

    /** A null or blank answer value (Slack's {@code "enterprise": null}) says nothing: it is left out. */
    private static void putPresent(Map<String, Object> details, String key, Object value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    /**
     * Tokens a client supplied in {@code metadata.oauth}: {@code access_token} (required),
     * {@code refresh_token} and {@code expires_at} (RFC 3339) optional, other string values kept as details.
     */
    public static TokenAnswer fromMetadata(Object value) {
        if (!(value instanceof Map<?, ?> oauth)) {
            throw Problem.invalid("metadata.oauth", "must be an object with access_token");
        }
        Object access = oauth.get("access_token");
        if (!(access instanceof String a) || a.isBlank() || a.length() > MAX_TOKEN) {
            throw Problem.invalid("metadata.oauth.access_token", "is required (a string of at most " + MAX_TOKEN + " characters)");
        }
        Object refresh = oauth.get("refresh_token");
        if (refresh != null && (!(refresh instanceof String r) || r.isBlank() || r.length() > MAX_TOKEN)) {
            throw Problem.invalid("metadata.oauth.refresh_token", "must be a non-empty string");
        }
        Instant expiresAt = null;
        Object expires = oauth.get("expires_at");
        if (expires != null) {
            try {
                expiresAt = Instant.parse(String.valueOf(expires));
            } catch (DateTimeParseException e) {
                throw Problem.invalid("metadata.oauth.expires_at", "must be an RFC 3339 time, e.g. 2026-12-01T10:00:00Z");
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        oauth.forEach((k, v) -> {
            if (!TOKEN_KEYS.contains(String.valueOf(k))) {
                if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                    throw Problem.invalid("metadata.oauth." + k, "must be a string, number or boolean");
                }
                details.put(String.valueOf(k), v);
            }
        });
        return new TokenAnswer(a, (String) refresh, expiresAt, details);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() || node.asString().isBlank() ? null : node.asString();
    }
}
