package dev.openmeshes.server.cli;

import dev.openmeshes.core.auth.MachineTokens;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Mints a machine JWT exactly as the official clients do, for curl and scripts. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a machine JWT from the flags, the MESHES_* variables or the saved login.")
final class TokenCommand extends CliCommand {

    @Mixin
    ApiOptions api;

    @Option(names = "--ttl", defaultValue = "30", description = "Lifetime in seconds, at most 60 (default: ${DEFAULT-VALUE}).")
    int ttlSeconds;

    @Override
    int execute() {
        Profile profile = api.resolve(environment);
        out().println(MachineTokens.mint(profile.accessKey(), profile.secretKey(), profile.organizationId(),
                Duration.ofSeconds(ttlSeconds)));
        return Exit.OK;
    }
}
