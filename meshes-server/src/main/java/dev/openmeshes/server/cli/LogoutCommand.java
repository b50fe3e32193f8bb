package dev.openmeshes.server.cli;

import picocli.CommandLine.Command;

@Command(name = "logout", mixinStandardHelpOptions = true, description = "Remove the login saved by `meshes login`.")
final class LogoutCommand extends CliCommand {

    @Override
    int execute() {
        ConfigFile config = ConfigFile.of(environment);
        out().println(config.delete() ? "Removed " + config.path() + "." : "Not logged in: no " + config.path() + ".");
        return Exit.OK;
    }
}
