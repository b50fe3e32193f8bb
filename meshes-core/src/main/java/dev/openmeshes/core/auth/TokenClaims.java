package dev.openmeshes.core.auth;

import java.time.DateTimeException;
import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The registered claims a machine token is judged on, read with Jackson's streaming parser. A
 * claim of the wrong JSON type reads as invalid, never as absent-but-fine; the last occurrence of
 * a claim wins, and every occurrence must be well typed.
 *
 * @param audience the {@code aud} string, or the only element of a one-element array; else null
 */
record TokenClaims(String issuer, String audience, String organization, Instant issuedAt, Instant expiresAt,
                   Instant notBefore, boolean wellTyped) {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** The claims of a JWT payload; throws a JacksonException when it is not JSON. */
    static TokenClaims parse(byte[] json) {
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
}
