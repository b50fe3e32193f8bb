package dev.openmeshes.connectors.webhook;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/** Host-name spelling helpers shared by the allow-list, the guard and URL validation. */
final class Hosts {

    private Hosts() {}

    /** A host as compared against the allow-list: lower case, no IPv6 brackets, no trailing dot. */
    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The address a host names literally ({@code 127.0.0.1}, {@code [::1]}), without any DNS lookup. */
    static Optional<InetAddress> literal(String host) {
        String h = normalize(host);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(h));
        } catch (IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }
}
