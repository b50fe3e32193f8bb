package dev.openmeshes.connectors.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a webhook request authenticates to its receiver ({@code metadata.auth}). */
sealed interface WebhookAuth {

    /** The {@code auth.type} code. */
    String type();

    /** Adds the credential header, marked secret so it is redacted from the delivery record. */
    void addTo(OutgoingHeaders headers);

    /** The normalized {@code metadata.auth} object. */
    default Map<String, Object> toMetadata() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type());
        return out;
    }

    record None() implements WebhookAuth {
        public String type() {
            return "none";
        }

        public void addTo(OutgoingHeaders headers) {}
    }

    record Basic(String username, String password) implements WebhookAuth {
        public String type() {
            return "basic";
        }

        public void addTo(OutgoingHeaders headers) {
            String pair = username + ":" + password;
            headers.addSecret("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        public Map<String, Object> toMetadata() {
            Map<String, Object> out = WebhookAuth.super.toMetadata();
            out.put("username", username);
            out.put("password", password);
            return out;
        }
    }

    record Bearer(String token) implements WebhookAuth {
        public String type() {
            return "bearer";
        }

        public void addTo(OutgoingHeaders headers) {
            headers.addSecret("Authorization", "Bearer " + token);
        }

        public Map<String, Object> toMetadata() {
            Map<String, Object> out = WebhookAuth.super.toMetadata();
            out.put("token", token);
            return out;
        }
    }

    /** A receiver-specific credential header, e.g. {@code X-Api-Key}. */
    record CustomHeader(String headerName, String headerValue) implements WebhookAuth {
        public String type() {
            return "header";
        }

        public void addTo(OutgoingHeaders headers) {
            headers.addSecret(headerName, headerValue);
        }

        public Map<String, Object> toMetadata() {
            Map<String, Object> out = WebhookAuth.super.toMetadata();
            out.put("header_name", headerName);
            out.put("header_value", headerValue);
            return out;
        }
    }
}
