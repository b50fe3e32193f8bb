package dev.openmeshes.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./meshes}: the command line of an OpenMeshes installation. */
@Command(name = "meshes", mixinStandardHelpOptions = true, version = "OpenMeshes 0.1.0",
        description = "Open, self-hostable, Meshes-compatible outbound integration layer.",
        subcommands = {ServeCommand.class, BootstrapCommand.class, TokenCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
