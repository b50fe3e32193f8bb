package dev.openmeshes.server.cli;

import dev.openmeshes.core.auth.MachineTokenAuthenticator;
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
        Duration lifetime = Duration.ofSeconds(ttlSeconds);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MachineTokenAuthenticator.MAX_LIFETIME) > 0) {
            throw CliFailure.usage("--ttl " + ttlSeconds + ": a machine token lives 1 to "
                    + MachineTokenAuthenticator.MAX_LIFETIME.toSeconds() + " seconds");
        }
        Profile profile = api.resolve(environment);
        out().println(MachineTokens.mint(profile.accessKey(), profile.secretKey(), profile.organizationId(), lifetime));
        return Exit.OK;
    }
}
