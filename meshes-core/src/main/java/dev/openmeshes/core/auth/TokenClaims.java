package dev.openmeshes.core.auth;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The registered claims a machine token is judged on. A claim of the wrong JSON type reads as
 * invalid, never as absent-but-fine.
 *
 * <p>This runs on every request, and a streaming parser costs more than the rest of verification.
 * Tokens are almost always one flat object of plain ASCII strings and integers, so {@link Flat}
 * reads that shape straight from the bytes; anything else (escapes, non-ASCII, fractions, arrays,
 * nested objects, malformed input) is handed to Jackson, which is the reference for every case.
 * Both apply the same rules: the last occurrence of a claim wins, and every occurrence must be
 * well typed.
 *
 * @param audience the {@code aud} string, or the only element of a one-element array; else null
 */
record TokenClaims(String issuer, String audience, String organization, Instant issuedAt, Instant expiresAt,
                   Instant notBefore, boolean wellTyped) {

    /** Buffers recycled per thread: the server keeps one virtual thread per connection. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

    /** The claims of a JWT payload; throws a JacksonException when it is not JSON. */
    static TokenClaims parse(byte[] json) {
        TokenClaims flat = new Flat(json).read();
        return flat != null ? flat : parseWithJackson(json);
    }

    static TokenClaims parseWithJackson(byte[] json) {
        String iss = null, aud = null, org = null;
        Instant iat = null, exp = null, nbf = null;
        boolean wellTyped = true;
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return invalid();
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "iss" -> { iss = string(parser, value); wellTyped &= iss != null; }
                    case "org" -> { org = string(parser, value); wellTyped &= org != null; }
                    case "aud" -> aud = audience(parser, value);
                    case "iat" -> { iat = numericDate(parser, value); wellTyped &= iat != null; }
                    case "exp" -> { exp = numericDate(parser, value); wellTyped &= exp != null; }
                    case "nbf" -> { nbf = numericDate(parser, value); wellTyped &= nbf != null; }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return invalid();
            }
        }
        return new TokenClaims(iss, aud, org, iat, exp, nbf, wellTyped);
    }

    private static TokenClaims invalid() {
        return new TokenClaims(null, null, null, null, null, null, false);
    }

    private static String string(JsonParser parser, JsonToken value) {
        parser.skipChildren();
        return value == JsonToken.VALUE_STRING ? parser.getString() : null;
    }

    private static String audience(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        String only = parser.nextToken() == JsonToken.VALUE_STRING ? parser.getString() : null;
        if (only == null || parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
            return null;
        }
        return only;
    }

    /** NumericDate: seconds since the epoch, possibly fractional; null when not a date we can represent. */
    private static Instant numericDate(JsonParser parser, JsonToken value) {
        try {
            if (value == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochSecond(parser.getLongValue());
            }
            if (value == JsonToken.VALUE_NUMBER_FLOAT) {
                return Instant.ofEpochMilli((long) (parser.getDoubleValue() * 1000));
            }
        } catch (DateTimeException outOfRange) {
            return null;
        }
        parser.skipChildren();
        return null;
    }

    /**
     * Reads a flat object of ASCII strings without escapes, integers, booleans and nulls, or gives
     * up ({@link #read()} returns null) at the first thing outside that shape.
     */
    private static final class Flat {

        /** More digits than any representable NumericDate needs; longer numbers go to Jackson. */
        private static final int MAX_DIGITS = 15;

        private final byte[] in;
        private int at;

        Flat(byte[] in) {
            this.in = in;
        }

        TokenClaims read() {
            String iss = null, aud = null, org = null;
            Instant iat = null, exp = null, nbf = null;
            boolean wellTyped = true;
            if (!skipSpaceThen('{')) {
                return null;
            }
            skipSpace();
            if (peek() == '}') {
                at++;
            } else {
                while (true) {
                    int nameStart = at + 1;
                    int nameEnd = stringEnd();
                    if (nameEnd < 0 || !skipSpaceThen(':')) {
                        return null;
                    }
                    skipSpace();
                    Object value = value();
                    if (value == GIVE_UP) {
                        return null;
                    }
                    switch (claim(nameStart, nameEnd)) {
                        case ISS -> { iss = value instanceof String s ? s : null; wellTyped &= iss != null; }
                        case ORG -> { org = value instanceof String s ? s : null; wellTyped &= org != null; }
                        case AUD -> aud = value instanceof String s ? s : null;
                        case IAT -> { iat = date(value); wellTyped &= iat != null; }
                        case EXP -> { exp = date(value); wellTyped &= exp != null; }
                        case NBF -> { nbf = date(value); wellTyped &= nbf != null; }
                        case OTHER -> { }
                    }
                    skipSpace();
                    int next = peek();
                    at++;
                    if (next == '}') {
                        break;
                    }
                    if (next != ',') {
                        return null;
                    }
                    skipSpace();
                }
            }
            skipSpace();
            return at == in.length ? new TokenClaims(iss, aud, org, iat, exp, nbf, wellTyped) : null;
        }

        private static final Object GIVE_UP = new Object();
        private static final Object LITERAL = new Object();

        private enum Claim { ISS, ORG, AUD, IAT, EXP, NBF, OTHER }

        private Claim claim(int start, int end) {
            if (end - start != 3) {
                return Claim.OTHER;
            }
            int a = in[start], b = in[start + 1], c = in[start + 2];
            if (a == 'i' && b == 's' && c == 's') return Claim.ISS;
            if (a == 'o' && b == 'r' && c == 'g') return Claim.ORG;
            if (a == 'a' && b == 'u' && c == 'd') return Claim.AUD;
            if (a == 'i' && b == 'a' && c == 't') return Claim.IAT;
            if (a == 'e' && b == 'x' && c == 'p') return Claim.EXP;
            if (a == 'n' && b == 'b' && c == 'f') return Claim.NBF;
            return Claim.OTHER;
        }

        /** A String, a Long, {@link #LITERAL} for true/false/null, or {@link #GIVE_UP}. */
        private Object value() {
            int first = peek();
            if (first == '"') {
                int start = at + 1;
                int end = stringEnd();
                return end < 0 ? GIVE_UP : new String(in, start, end - start, StandardCharsets.US_ASCII);
            }
            if (first == '-' || (first >= '0' && first <= '9')) {
                return integer();
            }
            for (String literal : LITERALS) {
                if (matches(literal)) {
                    at += literal.length();
                    return LITERAL;
                }
            }
            return GIVE_UP;
        }

        private static final String[] LITERALS = {"true", "false", "null"};

        private boolean matches(String literal) {
            if (at + literal.length() > in.length) {
                return false;
            }
            for (int i = 0; i < literal.length(); i++) {
                if (in[at + i] != literal.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** An integer in JSON's grammar (no leading zeros), or GIVE_UP for fractions, exponents and long ones. */
        private Object integer() {
            boolean negative = peek() == '-';
            if (negative) {
                at++;
            }
            int start = at;
            long value = 0;
            while (at < in.length && in[at] >= '0' && in[at] <= '9') {
                value = value * 10 + (in[at] - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && in[start] == '0')) {
                return GIVE_UP;
            }
            int next = peek();
            if (next == '.' || next == 'e' || next == 'E') {
                return GIVE_UP;
            }
            return negative ? -value : value;
        }

        private static Instant date(Object value) {
            return value instanceof Long seconds ? Instant.ofEpochSecond(seconds) : null;
        }

        /** Moves past a string starting at the current quote; its closing quote's index, or -1 to give up. */
        private int stringEnd() {
            if (peek() != '"') {
                return -1;
            }
            for (int i = at + 1; i < in.length; i++) {
                int b = in[i];
                if (b == '"') {
                    at = i + 1;
                    return i;
                }
                if (b == '\\' || b < 0x20) {
                    return -1; // escapes, control characters and non-ASCII (a negative byte) go to Jackson
                }
            }
            return -1;
        }

        private int peek() {
            return at < in.length ? in[at] : -1;
        }

        private void skipSpace() {
            while (at < in.length && (in[at] == ' ' || in[at] == '\t' || in[at] == '\n' || in[at] == '\r')) {
                at++;
            }
        }

        private boolean skipSpaceThen(char expected) {
            skipSpace();
            if (peek() != expected) {
                return false;
            }
            at++;
            return true;
        }
    }
}
