package dev.openmeshes.core.mapping;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** A payload value as text: strings as they are, anything else as its JSON. */
final class JsonText {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES) // as the server writes JSON
            .build();

    private JsonText() {}

    /** @throws CannotApply for an object or array nested deeper than JSON is written (500 levels) */
    static String of(Object value) {
        return switch (value) {
            case String s -> s;
            case Number n -> Numbers.text(n);
            case Boolean b -> b.toString();
            case null -> "null";
            default -> {
                try {
                    yield MAPPER.writeValueAsString(value);
                } catch (JacksonException e) { // its message quotes the whole reference chain: not passed on
                    throw new CannotApply(CannotApply.describe(value) + " cannot be written as JSON text");
                }
            }
        };
    }
}
