package dev.openmeshes.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "workspaces", mixinStandardHelpOptions = true, description = "List, read and create workspaces.",
        subcommands = {WorkspacesCommand.ListWorkspaces.class, WorkspacesCommand.GetWorkspace.class,
                WorkspacesCommand.CreateWorkspace.class, WorkspacesCommand.DeleteWorkspace.class})
final class WorkspacesCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("NAME", "name"),
            Column.of("DESCRIPTION", "description"), Column.of("CREATED", "created_at"));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The organization's workspaces.")
    static final class ListWorkspaces extends ListCommand {

        @Override
        String listPath() {
            return "/workspaces";
        }

        @Override
        List<Column> columns() {
            return COLUMNS;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One workspace, with its publishable key.")
    static final class GetWorkspace extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            var answer = get(path("workspaces", id), Map.of());
            printRecord(answer, answer);
            return Exit.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "A new workspace.")
    static final class CreateWorkspace extends ApiCommand {

        @Option(names = "--name", required = true, description = "3 to 50 letters, digits, spaces, _ or -; unique.")
        String name;

        @Option(names = "--description")
        String description;

        @Override
        int execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            var answer = post("/workspaces", body);
            printRecord(answer, answer.path("workspace"));
            return Exit.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Not offered: the API deletes no workspace.")
    static final class DeleteWorkspace extends CliCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            throw CliFailure.usage("the API has no way to delete a workspace (the hosted Meshes API has none either);"
                    + " delete its connections and rules instead: `meshes connections list --workspace " + id + "`");
        }
    }
}
