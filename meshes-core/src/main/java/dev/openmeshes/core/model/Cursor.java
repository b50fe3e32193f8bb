package dev.openmeshes.core.model;

import dev.openmeshes.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Keyset position after a record, ordered by (created_at, id); opaque to clients. */
public record Cursor(long createdAtMillis, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAtMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            // NUL never appears in an id, and PostgreSQL text cannot hold it
            if (colon > 0 && colon < raw.length() - 1 && raw.indexOf('\0') < 0) {
                return new Cursor(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
            }
        } catch (IllegalArgumentException malformed) {
            // answered below as a validation error
        }
        throw Problem.invalid("cursor", "is not a cursor returned by this API");
    }
}
