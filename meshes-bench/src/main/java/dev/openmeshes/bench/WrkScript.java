package dev.openmeshes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the Lua script wrk needs to send a POST with a body (its command line only sets headers). */
final class WrkScript {

    private WrkScript() {}

    static Path post(Path dir, String name, String body, Map<String, String> headers) throws IOException {
        var lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = ").append(longString(body)).append('\n');
        lua.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        headers.forEach((header, value) ->
                // Spaces inside the brackets: "[[" would open a Lua long string.
                lua.append("wrk.headers[ ").append(longString(header)).append(" ] = ").append(longString(value)).append('\n'));
        return Files.writeString(dir.resolve(name + ".lua"), lua);
    }

    /** A Lua long bracket string: no escaping of quotes or backslashes needed. */
    private static String longString(String text) {
        String level = "=";
        while (text.contains("]" + level + "]")) {
            level += "=";
        }
        return "[" + level + "[" + text + "]" + level + "]";
    }
}
