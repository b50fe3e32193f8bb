package dev.openmeshes.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "List, read, create and revoke machine keys.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.GetKey.class, KeysCommand.CreateKey.class,
                KeysCommand.DeleteKey.class})
final class KeysCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("NAME", "name"),
            Column.of("ACCESS KEY", "access_key"), Column.of("SCOPES", "scopes"), Column.of("WORKSPACES", "workspaces"),
            Column.of("STATUS", "status"));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The organization's machine keys, never their secrets.")
    static final class ListKeys extends ListCommand {

        @Override
        String listPath() {
            return "/keys";
        }

        @Override
        List<Column> columns() {
            return COLUMNS;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One machine key, without its secret.")
    static final class GetKey extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            var answer = get(path("keys", id), Map.of());
            printRecord(answer, answer);
            return Exit.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "A new machine key; its secret is printed this once. It grants only what this key holds.")
    static final class CreateKey extends ApiCommand {

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--scope", paramLabel = "SCOPE", required = true,
                description = "Repeat for each: e.g. events:write, workspaces:read, admin.")
        List<String> scopes;

        @Option(names = "--workspace", paramLabel = "ID", description = "Repeat to limit the key to these workspaces.")
        List<String> workspaces;

        @Override
        int execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("scopes", scopes);
            if (workspaces != null) {
                body.put("workspaces", workspaces);
            }
            var answer = post("/keys", body);
            printRecord(answer, answer.path("key"));
            err().println("warning: the secret key is shown only now and never again; keep it somewhere safe.");
            return Exit.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Revokes a machine key at once.")
    static final class DeleteKey extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int execute() {
            var answer = delete(path("keys", id), null);
            printRecord(answer, answer);
            return Exit.OK;
        }
    }
}
