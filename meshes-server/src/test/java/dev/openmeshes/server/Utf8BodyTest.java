package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.RawHttp;
import dev.openmeshes.server.support.Scenario;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON bodies must be well-formed UTF-8: a malformed sequence is refused, never stored changed. */
class Utf8BodyTest extends OnSqlite {

    Scenario scenario;

    @BeforeAll
    void scenario() {
        scenario = new Scenario(server, "Utf8 Co");
    }

    /** Each a byte sequence (one char per byte) that is not UTF-8. */
    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {"c0 af", "e0 80 af", "ed a0 80", "ed bf bf", "e6 97", "f0 9f 98", "f5 80 80 80", "ff", "80"})
    void malformedUtf8IsRefusedAsInvalidJsonOnEventsAndManagementBodies(String hex) {
        String bad = bytes(hex);
        String event = "{\"event\":\"x\",\"payload\":{\"path\":\"a" + bad + "b\"}}"; // the payload is kept as sent
        String workspace = "{\"name\":\"Utf8 ws\",\"description\":\"d" + bad + "\"}";

        var sentEvent = post("/api/v1/events", "X-Meshes-Publishable-Key: " + scenario.publishableKey, event);
        var sentBulk = post("/api/v1/events/bulk", "X-Meshes-Publishable-Key: " + scenario.publishableKey, "[" + event + "]");
        var sentWorkspace = post("/api/v1/workspaces", "Authorization: Bearer " + scenario.tenant.token(), workspace);

        for (var exchange : java.util.List.of(sentEvent, sentBulk, sentWorkspace)) {
            assertThat(exchange.statuses()).as("answer to bytes " + hex + ": " + exchange.text()).containsExactly(400);
            assertThat(exchange.json().path("error").asString()).isEqualTo("invalid_json");
        }
    }

    @Test
    void wellFormedMultiByteUtf8IsKeptByteForByte() {
        String text = "é 日本 😀";
        String latin1 = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        var sent = post("/api/v1/events", "X-Meshes-Publishable-Key: " + scenario.publishableKey,
                "{\"event\":\"x\",\"payload\":{\"text\":\"" + latin1 + "\"}}");
        assertThat(sent.statuses()).as(sent.text()).containsExactly(201);
        UUID id = UUID.fromString(sent.json().path("event").path("id").asString());
        var payload = server.http().get("/api/v1/events/" + id + "/payload", scenario.tenant.token());
        var workspace = post("/api/v1/workspaces", "Authorization: Bearer " + scenario.tenant.token(),
                "{\"name\":\"Utf8 kept\",\"description\":\"" + latin1 + "\"}");

        assertThat(payload.json().path("payload").path("text").asString()).isEqualTo(text);
        assertThat(workspace.statuses()).as(workspace.text()).containsExactly(201);
        assertThat(workspace.json().path("workspace").path("description").asString()).isEqualTo(text);
    }

    private RawHttp.Exchange post(String path, String credential, String body) {
        return RawHttp.answer(server.port(), "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + credential + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static String bytes(String hex) {
        var out = new StringBuilder();
        for (String b : hex.split(" ")) {
            out.append((char) Integer.parseInt(b, 16));
        }
        return out.toString();
    }
}
