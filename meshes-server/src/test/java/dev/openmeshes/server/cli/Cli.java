package dev.openmeshes.server.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code meshes …} in-process as {@link Main#main} does, with the given environment variables
 * and standard input, and no terminal.
 */
record Cli(Map<String, String> variables, String stdin) {

    /** What a run printed and its exit status. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static Cli with(Map<String, String> variables) {
        return new Cli(variables, "");
    }

    Cli withStdin(String input) {
        return new Cli(variables, input);
    }

    Run run(String... args) {
        var environment = new CliEnvironment(variables, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null);
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K created = defaults.create(type);
                if (created instanceof CliCommand command) {
                    command.environment = environment;
                }
                return created;
            }
        };
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Main.commandLine(factory).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
