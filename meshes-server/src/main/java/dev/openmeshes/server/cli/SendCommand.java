package dev.openmeshes.server.cli;

import dev.openmeshes.sdk.MeshesEventsClient;
import dev.openmeshes.sdk.NewEvent;
import dev.openmeshes.server.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send one event: with the machine key into --workspace, or with --publishable-key into its workspace.",
                "Answers once the event and its deliveries are committed."})
final class SendCommand extends ApiCommand {

    @Parameters(paramLabel = "EVENT", description = "The event name, e.g. order.placed.")
    String event;

    @Option(names = "--payload", paramLabel = "JSON|@FILE", required = true, converter = JsonObjectArgument.class)
    JsonNode payload;

    @Option(names = "--workspace", paramLabel = "ID", description = "Required with the machine key.")
    String workspace;

    @Option(names = "--resource", description = "The server's default: global.")
    String resource;

    @Option(names = "--resource-id", paramLabel = "ID")
    String resourceId;

    @Option(names = "--publishable-key", paramLabel = "KEY", description = "Send as the workspace's publishable key instead.")
    String publishableKey;

    @Override
    int execute() {
        if (publishableKey != null) {
            return sendWithPublishableKey();
        }
        if (workspace == null) {
            throw CliFailure.usage("--workspace is required with a machine key (or send with --publishable-key)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("payload", payload);
        body.put("workspace", workspace);
        if (resource != null) {
            body.put("resource", resource);
        }
        if (resourceId != null) {
            body.put("resource_id", resourceId);
        }
        var answer = post("/events", body);
        printRecord(answer, answer.path("event"));
        return Exit.OK;
    }

    /** The events client answers a typed record: written back in the API's field names, as {@code {"event": …}}. */
    private int sendWithPublishableKey() {
        String url = api.resolveUrl(environment);
        remember(url);
        var ingest = MeshesEventsClient.builder(publishableKey).baseUrl(url).build();
        Map<String, Object> fields = Json.MAPPER.convertValue(payload, new TypeReference<Map<String, Object>>() {});
        var created = ingest.send(new NewEvent(event, fields, resource, resourceId, null));
        var answer = Json.MAPPER.createObjectNode().set("event", Json.MAPPER.valueToTree(created));
        printRecord(answer, answer.path("event"));
        return Exit.OK;
    }
}
