package dev.openmeshes.connectors.webhook;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The headers of one outgoing request, remembering which carry secrets so the record can redact them. */
final class OutgoingHeaders {

    static final String REDACTED = "[redacted]";

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> secretNames = new HashSet<>();

    OutgoingHeaders add(String name, String value) {
        values.put(name, value);
        return this;
    }

    /** A header whose value is a credential or a signature: sent as is, recorded as {@value #REDACTED}. */
    OutgoingHeaders addSecret(String name, String value) {
        secretNames.add(name);
        return add(name, value);
    }

    /** What goes on the wire, in order. */
    Map<String, String> sent() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** What the delivery history records. */
    Map<String, String> redacted() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((name, value) -> out.put(name, secretNames.contains(name) ? REDACTED : value));
        return out;
    }
}
