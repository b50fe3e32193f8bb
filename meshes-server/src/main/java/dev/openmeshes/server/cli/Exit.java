package dev.openmeshes.server.cli;

/** The exit statuses of the client commands, as the README documents them for scripts. */
final class Exit {

    static final int OK = 0;
    /** The API answered with an error (or {@code events tail} did not see what it waited for). */
    static final int REFUSED = 1;
    /** A wrong command line, or something the API does not offer. */
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;
    /** No credentials from flags, environment or the config file, or a config file unfit to use. */
    static final int NOT_LOGGED_IN = 4;

    private Exit() {}
}
