package dev.openmeshes.server.cli;

import dev.openmeshes.core.auth.MachineTokens;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Mints a machine JWT exactly as the official clients do, for curl and scripts. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a machine JWT made from MESHES_ACCESS_KEY, MESHES_SECRET_KEY and MESHES_ORG_ID.")
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--ttl", defaultValue = "30", description = "Lifetime in seconds, at most 60 (default: ${DEFAULT-VALUE}).")
    int ttlSeconds;

    @Override
    public Integer call() {
        System.out.println(MachineTokens.mint(required("MESHES_ACCESS_KEY"), required("MESHES_SECRET_KEY"),
                organizationId(), Duration.ofSeconds(ttlSeconds)));
        return 0;
    }

    /** {@code MESHES_ORG_ID}, or {@code MESHES_ORGANIZATION_ID} as some clients name it. */
    static String organizationId() {
        String organizationId = System.getenv().getOrDefault("MESHES_ORG_ID", System.getenv("MESHES_ORGANIZATION_ID"));
        return organizationId == null ? required("MESHES_ORG_ID") : organizationId;
    }

    static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set " + name);
        }
        return value;
    }
}
