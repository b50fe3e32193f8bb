package dev.openmeshes.server.cli;

import dev.openmeshes.server.http.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "List, read, create and delete rules.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.GetRule.class, RulesCommand.CreateRule.class,
                RulesCommand.DeleteRule.class})
final class RulesCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("WORKSPACE", "workspace"),
            Column.of("EVENT", "event"), Column.of("CONNECTION", "connection"), Column.of("ACTION", "metadata.action"),
            Column.of("RESOURCE", "resource"), Column.of("RESOURCE ID", "resource_id"));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The organization's rules, or one workspace's.")
    static final class ListRules extends ListCommand {

        @Option(names = "--workspace", paramLabel = "ID")
        String workspace;

        @Option(names = "--event", description = "Only the rules of this event name.")
        String event;

        @Override
        String listPath() {
            return workspace == null ? "/rules" : path("workspaces", workspace) + "/rules";
        }

        @Override
        Map<String, String> filters() {
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("event", event);
            return filters;
        }

        @Override
        List<Column> columns() {
            return COLUMNS;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One rule.")
    static final class GetRule extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            var answer = get(path("rules", id), Map.of());
            printRecord(answer, answer);
            return Exit.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "A new rule: EVENT events (optionally of one resource) go to the connection's ACTION.")
    static final class CreateRule extends ApiCommand {

        @Option(names = "--workspace", paramLabel = "ID", required = true)
        String workspace;

        @Option(names = "--connection", paramLabel = "ID", required = true)
        String connection;

        @Option(names = "--event", required = true, description = "The event name, e.g. order.placed.")
        String event;

        @Option(names = "--action", required = true, description = "The connection's action, e.g. send_webhook.")
        String action;

        @Option(names = "--resource")
        String resource;

        @Option(names = "--resource-id", paramLabel = "ID")
        String resourceId;

        @Option(names = "--metadata", paramLabel = "JSON|@FILE", converter = JsonObjectArgument.class,
                description = "Further settings of the action; --action is added to them.")
        JsonNode metadata;

        @Override
        int execute() {
            ObjectNode settings = metadata == null ? Json.MAPPER.createObjectNode()
                    : (ObjectNode) metadata.deepCopy();
            settings.put("action", action);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("workspace", workspace);
            body.put("connection", connection);
            body.put("event", event);
            body.put("metadata", settings);
            if (resource != null) {
                body.put("resource", resource);
            }
            if (resourceId != null) {
                body.put("resource_id", resourceId);
            }
            var answer = post("/rules", body);
            printRecord(answer, answer.path("rule"));
            return Exit.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a rule.")
    static final class DeleteRule extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            var answer = delete(path("rules", id), null);
            printRecord(answer, answer);
            return Exit.OK;
        }
    }
}
