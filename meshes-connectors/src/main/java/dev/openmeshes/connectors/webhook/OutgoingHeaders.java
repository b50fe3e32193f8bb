package dev.openmeshes.connectors.webhook;

import dev.openmeshes.core.connector.HttpCall;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The headers of one outgoing request, remembering which carry secrets so the record can redact them. */
final class OutgoingHeaders {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> secretNames = new HashSet<>();

    OutgoingHeaders add(String name, String value) {
        values.put(name, value);
        return this;
    }

    /** A header whose value is a credential or a signature: sent as is, recorded as {@value HttpCall#REDACTED}. */
    OutgoingHeaders addSecret(String name, String value) {
        secretNames.add(name);
        return add(name, value);
    }

    /** The request carrying these headers; its recorded headers redact the secret ones. */
    HttpCall call(String method, URI url, byte[] body) {
        return new HttpCall(method, url.toString(), values, body, "application/json", secretNames);
    }
}
