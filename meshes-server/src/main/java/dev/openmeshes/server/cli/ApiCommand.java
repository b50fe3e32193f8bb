package dev.openmeshes.server.cli;

import dev.openmeshes.sdk.MeshesClient;
import dev.openmeshes.server.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** A command that calls the management API through the SDK and prints the answer as a table, or as JSON. */
abstract class ApiCommand extends CliCommand {

    @Mixin
    ApiOptions api;

    @Option(names = "--json", description = "Print the API's JSON answer as it came, on one line, for scripts.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print only the id of each record, one per line: "
            + "W=$(meshes workspaces create --name Shop -q).")
    boolean quiet;

    private String server;
    private MeshesClient client;

    @Override
    String server() {
        return server != null ? server : super.server();
    }

    /** The SDK's client for the resolved login; from here on a lost connection names the server. */
    MeshesClient client() {
        if (client == null) {
            Profile profile = api.resolve(environment);
            server = profile.url();
            client = MeshesClient.builder(profile.credentials()).baseUrl(profile.url()).build();
        }
        return client;
    }

    /** The server of a call made without the machine key (a publishable key's, a login's check), for the error line. */
    void remember(String serverUrl) {
        server = serverUrl;
    }

    JsonNode get(String path, Map<String, String> query) {
        return client().request("GET", path, query, null, null);
    }

    /** A POST the SDK may repeat after a lost answer: the server replays its first answer by the key. */
    JsonNode post(String path, Object body) {
        return client().request("POST", path, Map.of(), body, UUID.randomUUID().toString());
    }

    JsonNode delete(String path, Object body) {
        return client().request("DELETE", path, Map.of(), body, null);
    }

    /** A path below {@code /api/v1} from its segments, each percent-encoded (ids come from the user). */
    static String path(String... segments) {
        return Arrays.stream(segments).map(segment -> "/" + URLEncoder.encode(segment, StandardCharsets.UTF_8)
                .replace("+", "%20")).collect(Collectors.joining());
    }

    void printJson(JsonNode answer) {
        out().println(Json.MAPPER.writeValueAsString(answer));
    }

    /** One record: JSON as answered, its id alone, else its fields line by line. */
    void printRecord(JsonNode answer, JsonNode record) {
        if (quiet) {
            out().println(record.path("id").asString());
        } else if (json) {
            printJson(answer);
        } else {
            Table.printFields(out(), record);
        }
    }

    void printRecords(JsonNode answer, List<Column> columns) {
        JsonNode records = answer.isArray() ? answer : answer.path("records");
        if (quiet) {
            records.forEach(record -> out().println(record.path("id").asString()));
        } else if (json) {
            printJson(answer);
        } else {
            Table.print(out(), columns, records);
        }
    }
}
