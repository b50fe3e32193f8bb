package dev.openmeshes.server.cli;

import dev.openmeshes.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** A JSON object given inline ({@code '{"a":1}'}) or as {@code @file}; anything else is a usage error. */
final class JsonObjectArgument implements ITypeConverter<JsonNode> {

    @Override
    public JsonNode convert(String value) {
        String text = value;
        if (value.startsWith("@")) {
            try {
                text = Files.readString(Path.of(value.substring(1)));
            } catch (IOException e) {
                throw new TypeConversionException("cannot read " + value.substring(1) + ": " + e.getMessage());
            }
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new TypeConversionException("not JSON: " + e.getOriginalMessage());
        }
        if (!parsed.isObject()) {
            throw new TypeConversionException("a JSON object is expected, not " + parsed.getNodeType().name().toLowerCase());
        }
        return parsed;
    }
}
