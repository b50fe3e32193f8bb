package dev.openmeshes.server.cli;

import dev.openmeshes.sdk.MeshesApiException;
import dev.openmeshes.sdk.MeshesConnectionException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command of the API's client side. Every failure ends as one {@code error: …} line on stderr
 * and its exit status (see {@link Exit}), never a stack trace.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Replaced by tests; see {@link CliEnvironment}. */
    CliEnvironment environment = CliEnvironment.system();

    /** The command's work; answers its exit status. */
    abstract int execute();

    /** Who a lost connection was to, for its error line. */
    String server() {
        return "the server";
    }

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CliFailure failure) {
            return fail(failure.getMessage(), failure.exitCode());
        } catch (MeshesApiException refused) {
            return fail(ApiErrors.describe(refused), Exit.REFUSED);
        } catch (MeshesConnectionException unreachable) {
            return fail("cannot reach " + server() + ": " + unreachable.getMessage(), Exit.UNREACHABLE);
        }
    }

    private int fail(String message, int exitCode) {
        err().println("error: " + message);
        err().flush();
        return exitCode;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
