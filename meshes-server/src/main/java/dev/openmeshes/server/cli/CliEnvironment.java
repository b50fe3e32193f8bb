package dev.openmeshes.server.cli;

import java.io.Console;
import java.io.InputStream;
import java.util.Map;

/**
 * What a client command reads besides its arguments: the environment variables, standard input and,
 * when a person is at a terminal, the console to prompt on. Tests give their own.
 */
record CliEnvironment(Map<String, String> variables, InputStream stdin, Console console) {

    static CliEnvironment system() {
        Console console = System.console();
        return new CliEnvironment(System.getenv(), System.in, console != null && console.isTerminal() ? console : null);
    }

    /** The variable's value, or null when unset or blank. */
    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    boolean interactive() {
        return console != null;
    }
}
