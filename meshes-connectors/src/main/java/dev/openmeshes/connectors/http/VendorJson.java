package dev.openmeshes.connectors.http;

import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.HttpExchange;
import dev.openmeshes.core.connector.VendorException;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** JSON for vendor calls: bodies written from maps and records, answers read leniently. */
public final class VendorJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private VendorJson() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The answer as a tree; a body that is not JSON (an HTML error page) is a missing node. */
    public static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** The answer of a 2xx as a tree; any other answer throws a {@link VendorException} with the {@code failure}. */
    public static JsonNode okAnswer(HttpExchange exchange, Supplier<DeliveryResult> failure) {
        if (!exchange.ok()) {
            throw new VendorException(failure.get());
        }
        return read(exchange.body());
    }

    /** A string's or a number's text (vendors send ids either way), else null: absent, null, structured. */
    public static String text(JsonNode node) {
        return node.isString() || node.isNumber() ? node.asString() : null;
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
