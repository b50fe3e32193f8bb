package dev.openmeshes.connectors.webhook;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What header names and values a connection may configure. */
final class HeaderRules {

    static final String DEFAULT_SIGNATURE_HEADER = "X-Meshes-Signature";
    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 4096;

    // RFC 9110 token characters.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    // Visible ASCII, space and tab: no CR/LF (header injection) and nothing a server might decode differently.
    private static final Pattern SAFE_VALUE = Pattern.compile("[\\t\\x20-\\x7E]*");

    // Headers the server sets itself, plus hop-by-hop ones that would corrupt the exchange.
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "authorization", "user-agent", "keep-alive", "upgrade", "te", "trailer", "expect",
            "proxy-authorization", "proxy-connection");
    private static final Set<String> RESERVED_PREFIXES = Set.of("x-meshes-", "webhook-");

    private HeaderRules() {}

    static boolean isToken(String name) {
        return name.length() <= MAX_NAME_LENGTH && TOKEN.matcher(name).matches();
    }

    static boolean isSafeValue(String value) {
        return value.length() <= MAX_VALUE_LENGTH && SAFE_VALUE.matcher(value).matches();
    }

    /** Names the server sends on its own account, which a connection may not set or override. */
    static boolean isReserved(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return RESERVED.contains(lower) || RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
    }
}
