package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command line's logging: traffic loggers pinned off, one escaped line per record, credentials redacted. */
class LoggingTest {

    private final List<String> printed = new CopyOnWriteArrayList<>();

    @AfterEach
    void restoreDefaultLogging() throws Exception {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void loggersThatDumpTrafficStaySilentEvenWhenEverythingElseLogsEverything() {
        install(Level.ALL);

        for (String name : List.of("org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers",
                "io.helidon.webserver.http1.Http1LoggingConnectionListener.recv",
                "io.helidon.webserver.http1.Http1LoggingConnectionListener.send")) {
            assertThat(Logger.getLogger(name).isLoggable(Level.SEVERE)).as("%s logs", name).isFalse();
        }
        assertThat(Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl").isLoggable(Level.FINE))
                .as("the PostgreSQL driver's parameter trace is enabled").isFalse();
        assertThat(Logger.getLogger("dev.openmeshes.server.http.Api").isLoggable(Level.FINEST))
                .as("our own loggers follow the root level").isTrue();
    }

    @Test
    void aStricterRootLevelAlsoQuietensThePinnedLoggers() {
        install(Level.SEVERE);

        assertThat(Logger.getLogger("org.postgresql").isLoggable(Level.INFO)).isFalse();
        assertThat(Logger.getLogger("org.postgresql").isLoggable(Level.SEVERE)).isTrue();
    }

    @Test
    void lineBreaksAndOtherControlCharactersInAMessageAreEscapedOntoOneLine() {
        install(Level.INFO);

        Logger.getLogger("test").info("GET /a\r\n2026-01-01T00:00:00Z INFO Api forged\u0085x\u2028y\u2029z\u001b[31m\u007f\tend");

        assertThat(printed).hasSize(1);
        assertThat(printed.getFirst().lines().toList()).hasSize(1);
        assertThat(printed.getFirst()).endsWith("GET /a\\r\\n2026-01-01T00:00:00Z INFO Api forged\\u0085x\\u2028y\\u2029z"
                + "\\u001b[31m\\u007f\tend" + System.lineSeparator());
    }

    @Test
    void everyLineOfAStackTraceAfterTheRecordsFirstStartsWithATab() {
        install(Level.INFO);

        Logger.getLogger("test").log(Level.WARNING, "failed",
                new IllegalStateException("bad\n2026-01-01T00:00:00Z INFO Api forged\u2028too", new RuntimeException("cause")));

        List<String> lines = printed.getFirst().lines().toList();
        assertThat(lines.getFirst()).endsWith("WARNING test failed");
        assertThat(lines.subList(1, lines.size())).isNotEmpty().allMatch(line -> line.startsWith("\t"));
        assertThat(printed.getFirst()).doesNotContain("\u2028");
    }

    @Test
    void valuesShapedLikeCredentialsAreRedactedWhereverTheyAppear() {
        install(Level.INFO);
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJvcmciOiJ4In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

        Logger.getLogger("test").info("Authorization: Digest opaque-1 | sent Bearer opaque-token-1 | " + jwt + " | Basic dXNlcjpwYXNz"
                + " | {\"password\":\"pw-2\",\"secret_key\": \"sk-3\"} | X-Api-Key: key-4 | token=tok-5"
                + " | whsec_c2VjcmV0LXNpZ25pbmc=");

        assertThat(printed.getFirst()).doesNotContain("opaque-1", "opaque-token-1", jwt, "c2lnbmF0dXJl", "dXNlcjpwYXNz", "pw-2",
                        "sk-3", "key-4", "tok-5", "c2VjcmV0LXNpZ25pbmc")
                .contains("Authorization: [redacted] |", "Bearer [redacted]", "\"password\":\"[redacted]\"", "whsec_[redacted]");
    }

    private void install(Level level) {
        Logging.install(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    printed.add(getFormatter().format(record));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }, level);
    }
}
