package dev.openmeshes.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper: snake_case fields, RFC 3339 timestamps, nulls written as null, "/" unescaped. */
public final class Json {

    /**
     * Buffers are recycled per thread rather than through the default shared deque: the server
     * runs one virtual thread per connection, so a thread's buffers serve all its requests.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool())
                            // "/" needs no escape in JSON: written plainly, as Jackson 2 and most writers do
                            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Json() {}

    /** A request body as JSON; anything unparseable is the one 400 {@code invalid_json} answer. */
    public static JsonNode parse(byte[] body) {
        requireUtf8(body);
        try {
            return MAPPER.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            throw invalid(e);
        }
    }

    /**
     * The answer to a body the parser gave up on: the one {@link #invalid} answer, but for one that
     * may be well-formed yet passes the parser's limits (nesting depth, number or name length),
     * which says which, in Jackson's words without the name of the setting behind it.
     */
    public static dev.openmeshes.core.Problem invalid(tools.jackson.core.JacksonException e) {
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException limit) {
            return new dev.openmeshes.core.Problem(dev.openmeshes.core.Problem.Kind.BAD_REQUEST, "invalid_json",
                    "The request body is past the JSON limits: "
                            + limit.getOriginalMessage().replaceAll(", from `[^`]*`", ""));
        }
        return invalid();
    }

    /**
     * Refuses a body that is not well-formed UTF-8 (an overlong form, an encoded surrogate, a
     * truncated sequence, bytes F5-FF) as {@link #invalid}: Jackson's parser accepts some of these
     * and silently changes them. An ASCII body, the usual one, costs one pass over its bytes.
     */
    public static void requireUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)); // reports, never replaces
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw invalid();
                }
                return;
            }
        }
    }

    /** The one answer to a request body that is not JSON, however it was read. */
    public static dev.openmeshes.core.Problem invalid() {
        return new dev.openmeshes.core.Problem(dev.openmeshes.core.Problem.Kind.BAD_REQUEST, "invalid_json",
                "The request body is not valid JSON");
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** JSON serialized ahead of time, for bodies worth keeping; {@link #bytes} passes it through. */
    public record Raw(byte[] bytes) {}

    public static Raw raw(Object value) {
        return new Raw(MAPPER.writeValueAsBytes(value));
    }

    public static byte[] bytes(Object value) {
        return value instanceof Raw raw ? raw.bytes() : MAPPER.writeValueAsBytes(value);
    }

    /**
     * Adds {@code "name":"value"} as the last field of a serialized JSON object; other JSON (an
     * array) is returned unchanged. The value must need no escaping.
     */
    public static byte[] withField(byte[] json, String name, String value) {
        int end = json.length - 1;
        if (end < 1 || json[0] != '{' || json[end] != '}') {
            return json;
        }
        byte[] field = ((end == 1 ? "" : ",") + "\"" + name + "\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(json, end + field.length);
        System.arraycopy(field, 0, out, end, field.length);
        return out;
    }
}
