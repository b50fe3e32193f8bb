package dev.openmeshes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshes serve} with a bad setting, in its own process as the launcher runs it: one line, exit status 2. */
class BadSettingTest {

    @TempDir
    Path dataDir;

    @Test
    void serveStopsWithOneLineNamingTheSettingAndStatus2() throws Exception {
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--data-dir", dataDir.toString());
        process.environment().put("MESHES_DB_POOL_SIZE", "abc");
        process.redirectErrorStream(true);
        Process started = process.start();
        assertThat(started.waitFor(60, TimeUnit.SECONDS)).as("the server stopped by itself").isTrue();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(started.exitValue()).as("exit status; output: " + output).isEqualTo(2);
        assertThat(output).isEqualTo("meshes: MESHES_DB_POOL_SIZE must be a whole number from 1 to 1000, not 'abc'");
    }
}
