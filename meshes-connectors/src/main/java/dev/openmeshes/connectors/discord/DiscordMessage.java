package dev.openmeshes.connectors.discord;

import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of a Create Message call for one delivery: the rule's title (when set) as an embed title
 * and its rendered template as the embed description, else the template as plain {@code content};
 * mapped embed parts ({@code url}, {@code footer}, {@code timestamp}) in the embed. Text over
 * Discord's limits is cut and ends in {@value #ELLIPSIS}, so the message still goes out and shows
 * it was shortened. Mentions are never parsed, and the delivery's nonce makes a retry return the
 * first message instead of posting again.
 */
record DiscordMessage(Map<String, Object> body) {

    static final int MAX_CONTENT = 2000;
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_FOOTER = 2048;
    static final int MAX_URL = 2048;
    /** Title, description and footer together. */
    static final int MAX_EMBED = 6000;
    static final String ELLIPSIS = "…";

    /** A mapped value Discord cannot take; nothing is sent. */
    static final class Unsendable extends Exception {
        Unsendable(String message) {
            super(message, null, false, false);
        }
    }

    static DiscordMessage of(String title, String template, Map<String, Object> mapped, UUID deliveryId)
            throws Unsendable {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> embed = embedParts(mapped);
        String heading = title == null || title.isBlank() ? null : cut(title.strip(), MAX_TITLE);
        if (heading == null && embed.isEmpty()) {
            body.put("content", cut(template, MAX_CONTENT));
        } else {
            Map<String, Object> withText = new LinkedHashMap<>();
            if (heading != null) {
                withText.put("title", heading);
            }
            int footer = embed.get("footer") instanceof Map<?, ?> f ? String.valueOf(f.get("text")).length() : 0;
            int room = Math.min(MAX_DESCRIPTION, MAX_EMBED - (heading == null ? 0 : heading.length()) - footer);
            withText.put("description", cut(template, room));
            withText.putAll(embed);
            body.put("embeds", List.of(withText));
        }
        body.put("allowed_mentions", Map.of("parse", List.of()));
        body.put("nonce", nonce(deliveryId));
        body.put("enforce_nonce", true);
        return new DiscordMessage(body);
    }

    /**
     * The delivery id in base 36: at most 25 characters (36^25 exceeds 2^128), letters and digits
     * only, the same for every attempt of the delivery.
     */
    static String nonce(UUID deliveryId) {
        byte[] bytes = ByteBuffer.allocate(16).putLong(deliveryId.getMostSignificantBits())
                .putLong(deliveryId.getLeastSignificantBits()).array();
        return new BigInteger(1, bytes).toString(36);
    }

    /** {@code text} at most {@code max} UTF-16 units long, a cut one ending in the ellipsis; no surrogate pair split. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    private static Map<String, Object> embedParts(Map<String, Object> mapped) throws Unsendable {
        Map<String, Object> embed = new LinkedHashMap<>();
        String url = text(mapped, DiscordSpec.URL);
        if (url != null) {
            if (url.length() > MAX_URL || !webUrl(url)) {
                throw new Unsendable("the mapped url must be an absolute http(s) URL of at most " + MAX_URL
                        + " characters");
            }
            embed.put("url", url);
        }
        String footer = text(mapped, DiscordSpec.FOOTER);
        if (footer != null) {
            embed.put("footer", Map.of("text", cut(footer, MAX_FOOTER)));
        }
        String timestamp = text(mapped, DiscordSpec.TIMESTAMP);
        if (timestamp != null) {
            try {
                embed.put("timestamp", OffsetDateTime.parse(timestamp).toInstant().toString());
            } catch (DateTimeParseException e) {
                throw new Unsendable("the mapped timestamp '" + cut(timestamp, 64)
                        + "' is not an ISO 8601 time with an offset, e.g. 2026-12-01T10:00:00Z");
            }
        }
        return embed;
    }

    private static String text(Map<String, Object> mapped, String key) {
        Object value = mapped.get(key);
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }

    private static boolean webUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
