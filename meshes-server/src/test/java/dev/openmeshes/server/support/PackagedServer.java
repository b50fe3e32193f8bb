package dev.openmeshes.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code meshes-server/target/meshes-server.jar}, its manifest class path and
 * {@code target/lib}) run as its own process with the launcher's JVM options, as {@code ./meshes}
 * runs it: nothing of the test's class path reaches it.
 */
public final class PackagedServer implements AutoCloseable {

    /** The credentials a first start prints, or that {@code bootstrap --json} returns. */
    public record Owner(String organizationId, String accessKey, String secretKey) {
        public String token() {
            return Tokens.of(accessKey, secretKey, organizationId).sign();
        }
    }

    /** The packaged jar, which exists only after {@code package}: the tests that run it are failsafe's ITs. */
    public static final Path JAR = Path.of(System.getProperty("meshes.jar", "target/meshes-server.jar")).toAbsolutePath();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("OpenMeshes is listening on http://localhost:(\\d+)");
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int port;

    private PackagedServer(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /** Runs {@code serve} on a free loopback port and returns once it answers {@code /healthz}. */
    public static PackagedServer start(Path dataDir, Map<String, String> env) {
        int run = RUNS.incrementAndGet();
        Path out = dataDir.resolveSibling("serve-" + run + ".out");
        Path err = dataDir.resolveSibling("serve-" + run + ".err");
        Process process = launch(env, out, err, "serve", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString());
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try {
            while (true) {
                Matcher listening = LISTENING.matcher(read(out));
                if (listening.find()) {
                    var server = new PackagedServer(process, out, err, Integer.parseInt(listening.group(1)));
                    server.awaitHealthy(deadline);
                    return server;
                }
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the packaged server did not start (exit "
                            + (process.isAlive() ? "none yet" : process.exitValue()) + ")\n" + read(out) + read(err));
                }
                Thread.sleep(50);
            }
        } catch (RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Runs another command of the jar ({@code bootstrap …}) to its end and returns its stdout. */
    public static String run(Path workDir, Map<String, String> env, String... args) {
        int run = RUNS.incrementAndGet();
        Path out = workDir.resolve("run-" + run + ".out");
        Path err = workDir.resolve("run-" + run + ".err");
        Process process = launch(env, out, err, args);
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("meshes " + String.join(" ", args) + " did not finish\n" + read(err));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("meshes " + String.join(" ", args) + " exited " + process.exitValue()
                    + "\n" + read(out) + read(err));
        }
        return read(out);
    }

    private static Process launch(Map<String, String> env, Path out, Path err, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the smoke tests run after `package` (mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Instant deadline) throws InterruptedException {
        while (true) {
            try {
                if (http().get("/healthz", null).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not accepting connections yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the packaged server never answered /healthz\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** The owner credentials of the first start's quickstart, as the README's "First steps" shows them. */
    public Owner printedOwner() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            String text = read(stdout);
            String secret = exported(text, "MESHES_SECRET_KEY");
            if (secret != null) {
                return new Owner(exported(text, "MESHES_ORG_ID"), exported(text, "MESHES_ACCESS_KEY"), secret);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no first-start credentials printed\n" + text);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String exported(String text, String name) {
        Matcher m = Pattern.compile("export " + name + "=(\\S+)").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Http http() {
        return new Http(url());
    }

    /** What the process wrote so far: stdout, then stderr (its log). */
    public String output() {
        return "--- stdout ---\n" + read(stdout) + "--- stderr ---\n" + read(stderr);
    }

    public String stdout() {
        return read(stdout);
    }

    /** SIGTERM, as Ctrl-C or a service manager stops it: the server finishes and hands back its work. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            // Lenient decoding: a read may end in the middle of a character the process is still writing.
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
