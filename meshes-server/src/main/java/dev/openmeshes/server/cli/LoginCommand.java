package dev.openmeshes.server.cli;

import dev.openmeshes.sdk.MeshesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Save the server and machine key every other command uses, after one API call proves they work.",
                "Each value comes from its flag, else its MESHES_* variable, else a prompt at a terminal (the secret"
                        + " without echo). Saved to $MESHES_CONFIG or ${XDG_CONFIG_HOME:-~/.config}/openmeshes/config.json,"
                        + " mode 0600."})
final class LoginCommand extends ApiCommand {

    @Option(names = "--secret-key-stdin", description = "Read the secret key from the first line of standard input.")
    boolean secretFromStdin;

    @Override
    int execute() {
        Profile given = api.fromFlagsAndEnvironment(environment);
        Profile profile = new Profile(
                given.url() != null ? given.url() : ask(Asked.URL, ApiOptions.DEFAULT_URL),
                given.organizationId() != null ? given.organizationId() : ask(Asked.ORGANIZATION, null),
                given.accessKey() != null ? given.accessKey() : ask(Asked.ACCESS_KEY, null),
                secretFromStdin ? readSecretFromStdin()
                        : given.secretKey() != null ? given.secretKey() : ask(Asked.SECRET_KEY, null));
        remember(profile.url());
        var caller = MeshesClient.builder(profile.credentials()).baseUrl(profile.url()).build()
                .request("GET", "/auth", Map.of(), null, null);
        ConfigFile config = ConfigFile.of(environment);
        config.write(profile);
        if (json) {
            printJson(caller);
        } else {
            out().println("Logged in to " + profile.url() + " as " + caller.path("access_key").asString() + " (organization "
                    + caller.path("organization_id").asString() + ", scopes " + Column.text(caller.path("scopes")) + ").");
            out().println("Saved to " + config.path() + " (readable by you only).");
        }
        return Exit.OK;
    }

    /** What login may have to ask for, and where else it could have come from. */
    private enum Asked {
        URL("Server URL", "--url", "MESHES_API_URL"),
        ORGANIZATION("Organization id", "--org", "MESHES_ORG_ID"),
        ACCESS_KEY("Access key", "--access-key", "MESHES_ACCESS_KEY"),
        SECRET_KEY("Secret key", "--secret-key or --secret-key-stdin", "MESHES_SECRET_KEY");

        final String label;
        final String flag;
        final String variable;

        Asked(String label, String flag, String variable) {
            this.label = label;
            this.flag = flag;
            this.variable = variable;
        }
    }

    /** A prompt at a terminal (the secret unechoed); without one, the fallback or a usage error naming flag and variable. */
    private String ask(Asked asked, String fallback) {
        if (!environment.interactive()) {
            if (fallback != null) {
                return fallback;
            }
            throw CliFailure.usage("no " + asked.label.toLowerCase() + ": give " + asked.flag + " or set " + asked.variable
                    + " (there is no terminal to ask on)");
        }
        String prompt = asked.label + (fallback == null ? "" : " [" + fallback + "]") + ": ";
        char[] secret = asked == Asked.SECRET_KEY ? environment.console().readPassword("%s", prompt) : null;
        String answer = secret != null ? new String(secret) : asked == Asked.SECRET_KEY ? null
                : environment.console().readLine("%s", prompt);
        if (answer == null || answer.isBlank()) {
            if (fallback != null) {
                return fallback;
            }
            throw CliFailure.usage("no " + asked.label.toLowerCase() + " given");
        }
        return answer.strip();
    }

    private String readSecretFromStdin() {
        try {
            String line = new BufferedReader(new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw CliFailure.usage("--secret-key-stdin: standard input held no secret key");
            }
            return line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
