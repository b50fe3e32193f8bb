package dev.openmeshes.connectors.webhook;

import dev.openmeshes.connectors.webhook.WebhookSettings.Method;
import dev.openmeshes.connectors.webhook.WebhookSettings.PayloadFormat;
import dev.openmeshes.connectors.webhook.WebhookSigning.Algorithm;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a webhook connection's metadata into {@link WebhookSettings}, collecting every problem as a
 * field error named by its path ({@code metadata.auth.password}). Unknown keys are refused rather
 * than ignored, so a misspelt option ({@code header} for {@code headers}) never silently does nothing.
 */
final class WebhookMetadataParser {

    static final int MAX_CUSTOM_HEADERS = 5;
    static final int MAX_URL_LENGTH = 2048;
    static final int MIN_HMAC_SECRET_LENGTH = 16;
    static final int MAX_SECRET_LENGTH = 1024;
    static final String STANDARD_SECRET_PREFIX = "whsec_";

    private static final Set<String> KEYS = Set.of("url", "method", "payload_format", "auth", "headers", "signing",
            "skip_url_test");
    private static final Set<String> AUTH_KEYS = Set.of("type", "username", "password", "token", "header_name",
            "header_value");
    private static final Set<String> SIGNING_KEYS = Set.of("algorithm", "secret", "header", "previous_secret",
            "previous_secret_expires_at");

    private enum AuthType {
        NONE, BASIC, BEARER, HEADER;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final DestinationGuard guard;

    WebhookMetadataParser(DestinationGuard guard) {
        this.guard = guard;
    }

    /**
     * Parses metadata a client sent: also refuses destinations the SSRF guard will never let through
     * (a private IP literal, plain http to a host not allow-listed), so the client hears it at once.
     *
     * @throws dev.openmeshes.core.Problem a validation problem listing every field error
     */
    WebhookSettings parse(Map<String, Object> metadata) {
        return parse(metadata, true);
    }

    /**
     * Parses stored metadata for a delivery. The destination is left to the transport, which refuses
     * it at connect time as a delivery outcome (the allow-list may have changed since validation).
     */
    WebhookSettings parseStored(Map<String, Object> metadata) {
        return parse(metadata, false);
    }

    private WebhookSettings parse(Map<String, Object> metadata, boolean checkDestination) {
        FieldErrors errors = new FieldErrors();
        Map<String, Object> m = metadata == null ? Map.of() : metadata;
        refuseUnknownKeys(m, KEYS, "metadata", errors);

        URI url = url(m.get("url"), checkDestination, errors);
        Method method = choice(m.get("method"), "metadata.method", Method.values(), Method::name, Method.POST, errors);
        PayloadFormat format = choice(m.get("payload_format"), "metadata.payload_format", PayloadFormat.values(),
                PayloadFormat::code, PayloadFormat.WRAPPED, errors);
        WebhookAuth auth = auth(m.get("auth"), errors);
        WebhookSigning signing = signing(m.get("signing"), auth, errors);
        Map<String, String> headers = headers(m.get("headers"), auth, signing, errors);
        boolean skipUrlTest = bool(m.get("skip_url_test"), "metadata.skip_url_test", errors);

        errors.throwIfAny();
        return new WebhookSettings(url, method, format, auth, headers, signing, skipUrlTest);
    }

    private URI url(Object raw, boolean checkDestination, FieldErrors errors) {
        String field = "metadata.url";
        String text = requiredText(raw, field, errors);
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_URL_LENGTH) {
            errors.add(field, "must be at most " + MAX_URL_LENGTH + " characters");
            return null;
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            errors.add(field, "is not a valid URL: " + e.getReason());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            errors.add(field, "must be an https:// URL");
            return null;
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            errors.add(field, "must name a valid host");
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(field, "must not contain credentials; use metadata.auth");
        }
        if (uri.getRawFragment() != null) {
            errors.add(field, "must not contain a #fragment");
        }
        if (checkDestination) {
            if (scheme.equals("http") && !guard.allowsPlainHttp(host)) {
                errors.add(field, "must use https (" + DestinationGuard.PLAIN_HTTP_RULE + ")");
            }
            guard.literalRefusal(host).ifPresent(refusal -> errors.add(field, refusal));
        }
        return uri;
    }

    private WebhookAuth auth(Object raw, FieldErrors errors) {
        Map<String, Object> m = object(raw, "metadata.auth", errors);
        if (m == null) {
            return new WebhookAuth.None();
        }
        refuseUnknownKeys(m, AUTH_KEYS, "metadata.auth", errors);
        AuthType type = choice(m.get("type"), "metadata.auth.type", AuthType.values(), AuthType::code, AuthType.NONE,
                errors);
        // Fields of other types are dropped, not refused: a form switching types may leave them behind.
        return switch (type) {
            case NONE -> new WebhookAuth.None();
            case BASIC -> {
                // Base64-encoded on the wire, so any characters are safe; only ':' would split the pair wrongly.
                String username = requiredText(m.get("username"), "metadata.auth.username", errors);
                if (username != null && username.contains(":")) {
                    errors.add("metadata.auth.username", "must not contain ':'");
                }
                String password = requiredText(m.get("password"), "metadata.auth.password", errors);
                yield new WebhookAuth.Basic(username, password);
            }
            case BEARER -> new WebhookAuth.Bearer(headerSafeText(m.get("token"), "metadata.auth.token", errors));
            case HEADER -> {
                String name = requiredText(m.get("header_name"), "metadata.auth.header_name", errors);
                // Authorization is fine here: it is this option's own credential header.
                if (name != null && !HeaderRules.isToken(name)) {
                    errors.add("metadata.auth.header_name", "is not a valid HTTP header name");
                } else if (name != null && HeaderRules.isReserved(name) && !name.equalsIgnoreCase("Authorization")) {
                    errors.add("metadata.auth.header_name", "is reserved: the server sets " + name + " itself");
                }
                String value = headerSafeText(m.get("header_value"), "metadata.auth.header_value", errors);
                yield new WebhookAuth.CustomHeader(name, value);
            }
        };
    }

    private WebhookSigning signing(Object raw, WebhookAuth auth, FieldErrors errors) {
        Map<String, Object> m = object(raw, "metadata.signing", errors);
        if (m == null) {
            return null;
        }
        refuseUnknownKeys(m, SIGNING_KEYS, "metadata.signing", errors);
        Algorithm algorithm = choice(m.get("algorithm"), "metadata.signing.algorithm", Algorithm.values(),
                Algorithm::code, null, errors);
        if (m.get("algorithm") == null) {
            errors.add("metadata.signing.algorithm", "is required: one of " + Arrays.stream(Algorithm.values())
                    .map(Algorithm::code).collect(Collectors.joining(", ")));
        }
        String secret = secret(m.get("secret"), "metadata.signing.secret", algorithm, true, errors);
        String header = null;
        if (algorithm != null && algorithm.isHmac()) {
            header = signatureHeader(m.get("header"), auth, errors);
        } else if (algorithm == Algorithm.STANDARD_WEBHOOKS && m.get("header") != null) {
            errors.add("metadata.signing.header", "is not used by standard_webhooks, which sends "
                    + WebhookSigning.WEBHOOK_SIGNATURE);
        }
        // Set by the server when it rotates the secret: both or neither.
        Object rawPrevious = m.get("previous_secret");
        Object rawExpiry = m.get("previous_secret_expires_at");
        String previous = secret(rawPrevious, "metadata.signing.previous_secret", algorithm, false, errors);
        Instant previousExpiresAt = timestamp(rawExpiry, "metadata.signing.previous_secret_expires_at", errors);
        if (rawPrevious != null && rawExpiry == null) {
            errors.add("metadata.signing.previous_secret_expires_at", "is required with previous_secret");
        }
        if (rawPrevious == null && rawExpiry != null) {
            errors.add("metadata.signing.previous_secret", "is required with previous_secret_expires_at");
        }
        boolean rotated = previous != null && previousExpiresAt != null;
        return new WebhookSigning(algorithm, secret, header, rotated ? previous : null, rotated ? previousExpiresAt : null);
    }

    private String signatureHeader(Object raw, WebhookAuth auth, FieldErrors errors) {
        String field = "metadata.signing.header";
        if (raw == null) {
            return HeaderRules.DEFAULT_SIGNATURE_HEADER;
        }
        String name = requiredText(raw, field, errors);
        if (name == null) {
            return HeaderRules.DEFAULT_SIGNATURE_HEADER;
        }
        if (!HeaderRules.isToken(name)) {
            errors.add(field, "is not a valid HTTP header name");
        } else if (HeaderRules.isReserved(name) && !name.equalsIgnoreCase(HeaderRules.DEFAULT_SIGNATURE_HEADER)) {
            errors.add(field, "is reserved: the server sets " + name + " itself");
        } else if (auth instanceof WebhookAuth.CustomHeader(String authHeader, String ignored)
                && name.equalsIgnoreCase(authHeader)) {
            errors.add(field, "is already metadata.auth.header_name");
        }
        return name;
    }

    /** A signing secret in its algorithm's format: {@code whsec_<base64 of 24-64 bytes>} for standard_webhooks. */
    private String secret(Object raw, String field, Algorithm algorithm, boolean required, FieldErrors errors) {
        if (raw == null && !required) {
            return null;
        }
        String secret = requiredText(raw, field, errors);
        if (secret == null || algorithm == null) {
            return secret;
        }
        if (secret.length() > MAX_SECRET_LENGTH) {
            errors.add(field, "must be at most " + MAX_SECRET_LENGTH + " characters");
        } else if (algorithm == Algorithm.STANDARD_WEBHOOKS && !isStandardWebhookSecret(secret)) {
            errors.add(field, "must be " + STANDARD_SECRET_PREFIX
                    + " followed by the base64 of 24 to 64 random bytes (e.g. whsec_$(openssl rand -base64 32))");
        } else if (algorithm.isHmac() && secret.length() < MIN_HMAC_SECRET_LENGTH) {
            errors.add(field, "must be at least " + MIN_HMAC_SECRET_LENGTH + " characters");
        }
        return secret;
    }

    static boolean isStandardWebhookSecret(String secret) {
        if (!secret.startsWith(STANDARD_SECRET_PREFIX)) {
            return false;
        }
        String encoded = secret.substring(STANDARD_SECRET_PREFIX.length());
        // Padded base64 only: every official verifier must decode it the same way.
        if (encoded.length() % 4 != 0) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(encoded).length;
            return length >= 24 && length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Map<String, String> headers(Object raw, WebhookAuth auth, WebhookSigning signing, FieldErrors errors) {
        Map<String, Object> m = object(raw, "metadata.headers", errors);
        if (m == null) {
            return Map.of();
        }
        if (m.size() > MAX_CUSTOM_HEADERS) {
            errors.add("metadata.headers", "must have at most " + MAX_CUSTOM_HEADERS + " headers, not " + m.size());
        }
        Set<String> taken = new HashSet<>();
        if (auth instanceof WebhookAuth.CustomHeader(String authHeader, String ignored) && authHeader != null) {
            taken.add(authHeader.toLowerCase(Locale.ROOT));
        }
        String signatureHeader = signing != null && signing.header() != null ? signing.header()
                : HeaderRules.DEFAULT_SIGNATURE_HEADER;
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Object> entry : m.entrySet()) {
            String name = entry.getKey();
            String field = "metadata.headers." + name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HeaderRules.isToken(name)) {
                errors.add(field, "is not a valid HTTP header name");
            } else if (HeaderRules.isReserved(name) || lower.equals(signatureHeader.toLowerCase(Locale.ROOT))) {
                errors.add(field, "is reserved: the server sets " + name + " itself");
            } else if (taken.contains(lower)) {
                errors.add(field, "is already metadata.auth.header_name");
            } else if (!seen.add(lower)) {
                errors.add(field, "repeats another header (header names are case-insensitive)");
            }
            if (!(entry.getValue() instanceof String value)) {
                errors.add(field, "must be a string");
            } else if (!HeaderRules.isSafeValue(value)) {
                errors.add(field, "must be at most " + HeaderRules.MAX_VALUE_LENGTH
                        + " printable ASCII characters (no line breaks)");
            } else {
                out.put(name, value);
            }
        }
        return out;
    }

    // --- generic field readers ---

    private static void refuseUnknownKeys(Map<String, Object> m, Set<String> known, String prefix, FieldErrors errors) {
        m.keySet().stream().filter(key -> !known.contains(key)).sorted()
                .forEach(key -> errors.add(prefix + "." + key, "is not a webhook option; known: "
                        + known.stream().sorted().collect(Collectors.joining(", "))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object raw, String field, FieldErrors errors) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            return (Map<String, Object>) map;
        }
        errors.add(field, "must be an object");
        return null;
    }

    /** A non-blank string, or null after recording why not. */
    private static String requiredText(Object raw, String field, FieldErrors errors) {
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            errors.add(field, "is required");
            return null;
        }
        if (!(raw instanceof String s)) {
            errors.add(field, "must be a string");
            return null;
        }
        return s;
    }

    /** A required string that goes into a header, so it must not smuggle line breaks. */
    private static String headerSafeText(Object raw, String field, FieldErrors errors) {
        String text = requiredText(raw, field, errors);
        if (text != null && !HeaderRules.isSafeValue(text)) {
            errors.add(field, "must be at most " + HeaderRules.MAX_VALUE_LENGTH
                    + " printable ASCII characters (no line breaks)");
        }
        return text;
    }

    private static boolean bool(Object raw, String field, FieldErrors errors) {
        if (raw == null) {
            return false;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        errors.add(field, "must be true or false");
        return false;
    }

    private static Instant timestamp(Object raw, String field, FieldErrors errors) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof String s) {
            try {
                return OffsetDateTime.parse(s.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        errors.add(field, "must be an RFC 3339 timestamp, e.g. 2030-01-31T12:00:00Z");
        return null;
    }

    /** One of an enum's constants by its code, case-insensitively ({@code post}, {@code HMAC_SHA256}). */
    private static <E extends Enum<E>> E choice(Object raw, String field, E[] values, Function<E, String> code,
                                                E fallback, FieldErrors errors) {
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof String s) {
            for (E value : values) {
                if (code.apply(value).equalsIgnoreCase(s.strip())) {
                    return value;
                }
            }
        }
        errors.add(field, "must be one of " + Arrays.stream(values).map(code).collect(Collectors.joining(", ")));
        return fallback;
    }

}
