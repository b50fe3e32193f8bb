package dev.openmeshes.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "connections", mixinStandardHelpOptions = true, description = "List, read, create and delete connections.",
        subcommands = {ConnectionsCommand.ListConnections.class, ConnectionsCommand.GetConnection.class,
                ConnectionsCommand.CreateConnection.class, ConnectionsCommand.DeleteConnection.class})
final class ConnectionsCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("WORKSPACE", "workspace"),
            Column.of("TYPE", "type"), Column.of("NAME", "name"), Column.of("ACTIVE", "active"));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The organization's connections, or one workspace's.")
    static final class ListConnections extends ListCommand {

        @Option(names = "--workspace", paramLabel = "ID")
        String workspace;

        @Override
        String listPath() {
            return workspace == null ? "/connections" : path("workspaces", workspace) + "/connections";
        }

        @Override
        List<Column> columns() {
            return COLUMNS;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One connection; its secrets read as ********.")
    static final class GetConnection extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            var answer = get(path("connections", id), Map.of());
            printRecord(answer, answer);
            return Exit.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "A new connection; saving it sends a test request unless its metadata says skip_url_test.")
    static final class CreateConnection extends ApiCommand {

        @Option(names = "--workspace", paramLabel = "ID", required = true)
        String workspace;

        @Option(names = "--type", required = true, description = "e.g. webhook, hubspot, slack (`GET /api/v1/integrations`).")
        String type;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--metadata", paramLabel = "JSON|@FILE", converter = JsonObjectArgument.class,
                description = "The type's settings, e.g. '{\"url\":\"https://example.com/hook\"}'.")
        JsonNode metadata;

        @Override
        int execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("workspace", workspace);
            body.put("type", type);
            body.put("name", name);
            if (metadata != null) {
                body.put("metadata", metadata);
            }
            var answer = post("/connections", body);
            printRecord(answer, answer.path("connection"));
            return Exit.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a connection with its rules.")
    static final class DeleteConnection extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--force", description = "Also while active rules use it (else the API answers 409).")
        boolean force;

        @Override
        int execute() {
            var answer = delete(path("connections", id), force ? Map.of("force_delete", true) : null);
            printRecord(answer, answer);
            return Exit.OK;
        }
    }
}
