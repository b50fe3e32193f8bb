package dev.openmeshes.server.cli;

/** A command that cannot go on: the one-line reason for stderr and the exit status. */
final class CliFailure extends RuntimeException {

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliFailure usage(String message) {
        return new CliFailure(Exit.USAGE, message);
    }

    static CliFailure notLoggedIn(String message) {
        return new CliFailure(Exit.NOT_LOGGED_IN, message);
    }

    int exitCode() {
        return exitCode;
    }
}
