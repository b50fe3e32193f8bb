package dev.openmeshes.connectors.webhook;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook connection's metadata, parsed and checked by {@link WebhookMetadataParser}.
 *
 * @param headers custom headers, in the client's order
 * @param signing null when requests are not signed
 */
record WebhookSettings(URI url, Method method, PayloadFormat payloadFormat, WebhookAuth auth,
                       Map<String, String> headers, WebhookSigning signing, boolean skipUrlTest) {

    enum Method { POST, PUT, PATCH }

    /** {@code wrapped}: the event envelope as JSON body; {@code raw}: the payload alone, envelope in headers. */
    enum PayloadFormat {
        WRAPPED, RAW;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    WebhookSettings {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The normalized metadata: every key present, defaults filled in; {@code signing} only when configured. */
    Map<String, Object> toMetadata() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url.toString());
        out.put("method", method.name());
        out.put("payload_format", payloadFormat.code());
        out.put("auth", auth.toMetadata());
        out.put("headers", new LinkedHashMap<>(headers));
        if (signing != null) {
            out.put("signing", signing.toMetadata());
        }
        out.put("skip_url_test", skipUrlTest);
        return out;
    }
}
