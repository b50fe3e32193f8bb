package dev.openmeshes.server.cli;

import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Which server and machine key a client command uses. Each one is taken from its flag, else its
 * {@code MESHES_*} variable, else the config file {@code login} saved.
 */
final class ApiOptions {

    static final String DEFAULT_URL = "http://localhost:8080";

    @Option(names = "--url", paramLabel = "URL", description = "The server (else MESHES_API_URL, else the saved login, else "
            + DEFAULT_URL + ").")
    String url;

    @Option(names = "--org", paramLabel = "ID", description = "Organization id (else MESHES_ORG_ID).")
    String organizationId;

    @Option(names = "--access-key", paramLabel = "KEY", description = "Machine access key (else MESHES_ACCESS_KEY).")
    String accessKey;

    @Option(names = "--secret-key", paramLabel = "SECRET", description = "Machine secret key (else MESHES_SECRET_KEY;"
            + " a flag is visible to other users in the process list, the variable or the saved login is not).")
    String secretKey;

    /** The flags, each filled from its variable when absent: what {@code login} starts from. */
    Profile fromFlagsAndEnvironment(CliEnvironment environment) {
        return new Profile(first(url, environment.variable("MESHES_API_URL")),
                first(organizationId, environment.variable("MESHES_ORG_ID"), environment.variable("MESHES_ORGANIZATION_ID")),
                first(accessKey, environment.variable("MESHES_ACCESS_KEY")),
                first(secretKey, environment.variable("MESHES_SECRET_KEY")));
    }

    /** Flags, then environment, then the saved login; the config file is read only when something is still missing. */
    Profile resolve(CliEnvironment environment) {
        Profile given = fromFlagsAndEnvironment(environment);
        ConfigFile config = ConfigFile.of(environment);
        Optional<Profile> saved = complete(given) && given.url() != null ? Optional.empty() : config.read();
        Profile merged = new Profile(
                first(given.url(), saved(saved, Profile::url), DEFAULT_URL),
                first(given.organizationId(), saved(saved, Profile::organizationId)),
                first(given.accessKey(), saved(saved, Profile::accessKey)),
                first(given.secretKey(), saved(saved, Profile::secretKey)));
        if (!complete(merged)) {
            throw CliFailure.notLoggedIn("not logged in: run `meshes login`, or set MESHES_ORG_ID, MESHES_ACCESS_KEY and"
                    + " MESHES_SECRET_KEY (no saved login at " + config.path() + ")");
        }
        return merged;
    }

    /** The server only, for calls that carry no machine key (a publishable key's ingest). */
    String resolveUrl(CliEnvironment environment) {
        String given = first(url, environment.variable("MESHES_API_URL"));
        return given != null ? given : first(saved(ConfigFile.of(environment).read(), Profile::url), DEFAULT_URL);
    }

    private static boolean complete(Profile profile) {
        return profile.organizationId() != null && profile.accessKey() != null && profile.secretKey() != null;
    }

    private static String saved(Optional<Profile> saved, Function<Profile, String> field) {
        return saved.map(field).orElse(null);
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
