package dev.openmeshes.server.cli;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per record on stderr (stdout stays for command output), INFO and up by default. */
final class Logging {

    private Logging() {}

    static void configure() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new OneLine());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.parse(System.getenv().getOrDefault("MESHES_LOG_LEVEL", "INFO")));
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String line = Instant.ofEpochMilli(record.getMillis()) + " " + record.getLevel() + " "
                    + shortName(record.getLoggerName()) + " " + formatMessage(record) + System.lineSeparator();
            if (record.getThrown() != null) {
                var trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                line += trace;
            }
            return line;
        }

        private static String shortName(String name) {
            return name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
        }
    }
}
