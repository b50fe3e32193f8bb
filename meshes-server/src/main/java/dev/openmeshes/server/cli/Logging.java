package dev.openmeshes.server.cli;

import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * One line per record on stderr (stdout stays for command output), INFO and up by default
 * ({@code MESHES_LOG_LEVEL}). Whatever the level, the loggers that dump traffic stay quiet: they
 * would print credentials, and a formatter cannot reliably redact a hex dump or a header it does
 * not know. {@link OneLineFormatter} redacts what still looks like a credential and escapes line
 * breaks, as a second line of defence.
 */
final class Logging {

    /** A logger that never logs below {@code ceiling}, whatever the root level. */
    private record Pinned(Logger logger, Level ceiling) {}

    // Held here: the LogManager keeps loggers weakly, and a collected logger forgets its level.
    private static final List<Pinned> PINNED = List.of(
            // Apache HttpClient (webhooks): every byte and every header sent, Authorization included.
            new Pinned(Logger.getLogger("org.apache.hc.client5.http.wire"), Level.OFF),
            new Pinned(Logger.getLogger("org.apache.hc.client5.http.headers"), Level.OFF),
            // Helidon: every request's headers (machine JWTs) at FINE, and its raw bytes at FINEST.
            new Pinned(Logger.getLogger("io.helidon.webserver.http1.Http1LoggingConnectionListener"), Level.OFF),
            // The PostgreSQL driver traces every bound parameter value at FINEST.
            new Pinned(Logger.getLogger("org.postgresql"), Level.INFO));

    private Logging() {}

    static void configure() {
        install(new ConsoleHandler(), Level.parse(System.getenv().getOrDefault("MESHES_LOG_LEVEL", "INFO")));
    }

    /** Replaces every handler and level with {@code handler} at {@code level} (tests pass their own handler). */
    static void install(Handler handler, Level level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        handler.setFormatter(new OneLineFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(level);
        for (Pinned pinned : PINNED) {
            pinned.logger().setLevel(level.intValue() > pinned.ceiling().intValue() ? level : pinned.ceiling());
        }
    }
}
