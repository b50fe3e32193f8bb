package dev.openmeshes.server.cli;

import dev.openmeshes.server.InvalidSetting;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./meshes}: the command line of an OpenMeshes installation. */
@Command(name = "meshes", mixinStandardHelpOptions = true, version = "OpenMeshes 0.1.0",
        description = "Open, self-hostable, Meshes-compatible outbound integration layer.",
        subcommands = {ServeCommand.class, BootstrapCommand.class, BackupCommand.class, TokenCommand.class,
                LoginCommand.class, LogoutCommand.class, WorkspacesCommand.class, ConnectionsCommand.class,
                RulesCommand.class, KeysCommand.class, SendCommand.class, EventsCommand.class, RetryCommand.class,
                McpCommand.class, ReceiveCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine(CommandLine.defaultFactory()).execute(args));
    }

    /** The parser every run uses, the launcher's and the tests'. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(new Main(), factory).setCaseInsensitiveEnumValuesAllowed(true)
                // --payload/--metadata take "@file" as JSON themselves: picocli must not expand it into arguments
                .setExpandAtFiles(false)
                // an option's value is the next argument even when it starts with '-': a generated secret may
                // ("--secret-key -qc8A…" is the key, not the -q flag)
                .setAllowOptionsAsOptionParameters(true)
                .setExecutionExceptionHandler(Main::refuseSetting);
    }

    /** A bad setting is one line naming it, and exit status 2 (a usage error), not a stack trace. */
    private static int refuseSetting(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof InvalidSetting invalid) {
            command.getErr().println("meshes: " + invalid.getMessage());
            return 2;
        }
        throw e;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
