package dev.openmeshes.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official {@code standardwebhooks} npm package, run by {@code interop/verify-standard-webhook.mjs}.
 * Skipped when Node or the package is missing, except under {@code CI=true}, where that fails.
 */
final class NodeStandardWebhooks {

    static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();

    private NodeStandardWebhooks() {}

    static void assumeAvailable() {
        String missing = null;
        if (!Files.isDirectory(INTEROP.resolve("node_modules/standardwebhooks"))) {
            missing = INTEROP + "/node_modules/standardwebhooks is missing: run interop/install.sh";
        } else if (!nodeRuns()) {
            missing = "node is not on the PATH";
        }
        if (missing != null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + missing);
        }
        Assumptions.assumeTrue(missing == null, "Node standardwebhooks interop skipped: " + missing);
    }

    /** Whether {@code new Webhook(secret).verify(body, headers)} accepts the message in Node. */
    static boolean verifies(String secret, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("secret", secret);
        message.put("headers", headers);
        message.put("body_base64", Base64.getEncoder().encodeToString(body));
        Path file = Files.createTempFile("standard-webhook-", ".json");
        try {
            Files.write(file, JsonMapper.builder().build().writeValueAsBytes(message));
            Process process = new ProcessBuilder("node", "verify-standard-webhook.mjs", file.toString())
                    .directory(INTEROP.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(process.exitValue()).as("verifier exit code (0 or 1): %s", output).isIn(0, 1);
            return process.exitValue() == 0;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean nodeRuns() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
