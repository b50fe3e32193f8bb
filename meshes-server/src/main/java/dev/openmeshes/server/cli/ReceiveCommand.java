package dev.openmeshes.server.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openmeshes.sdk.WebhookVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./meshes receive}: a webhook receiver for trying OpenMeshes out: it answers 200 to every
 * request and prints each one's delivery headers and body, checking its signature when given the
 * connection's signing secret. Not for production: it keeps nothing.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Listen for webhook deliveries on this machine and print each one (answering 200).",
                "Point a webhook connection at http://127.0.0.1:PORT/ (the server must allow the host: "
                        + "MESHES_WEBHOOK_ALLOW_HOSTS=127.0.0.1)."})
final class ReceiveCommand extends CliCommand {

    @Option(names = "--port", defaultValue = "9000", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--secret", paramLabel = "SECRET", description = "The connection's signing secret: a whsec_… "
            + "secret checks Standard Webhooks signatures, any other the hex HMAC-SHA256 in X-Meshes-Signature.")
    String secret;

    @Option(names = "--count", paramLabel = "N", description = "Exit after N deliveries (for scripts); else run until Ctrl-C.")
    Integer count;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationArgument.class,
            description = "With --count: give up after this long (e.g. 60s), exit 1.")
    Duration limit;

    @Override
    int execute() {
        if (count != null && count < 1) {
            throw CliFailure.usage("--count " + count + ": at least 1");
        }
        WebhookVerifier verifier = secret == null ? null
                : secret.startsWith("whsec_") ? WebhookVerifier.standardWebhooks(secret) : WebhookVerifier.hmacSha256(secret);
        var received = new CountDownLatch(count == null ? Integer.MAX_VALUE : count);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw CliFailure.usage("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        PrintWriter out = out();
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                print(out, exchange, body, verifier);
                exchange.sendResponseHeaders(200, -1);
            }
            received.countDown();
        });
        server.start();
        err().println("receiving webhooks on http://127.0.0.1:" + port + "/" + (count == null ? " (Ctrl-C to stop)" : ""));
        err().flush();
        try {
            boolean done = limit == null ? await(received) : received.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new CliFailure(Exit.REFUSED, "received " + (count - received.getCount()) + " of " + count
                        + " deliveries in " + limit.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop(0);
        }
        return Exit.OK;
    }

    private static boolean await(CountDownLatch received) throws InterruptedException {
        received.await();
        return true;
    }

    private static void print(PrintWriter out, HttpExchange exchange, byte[] body, WebhookVerifier verifier) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        var line = new StringBuilder(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI());
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-meshes-") || lower.startsWith("webhook-")) {
                line.append("\n  ").append(lower).append(": ").append(value);
            }
        });
        if (verifier != null) {
            line.append("\n  signature: ").append(verifier.isValid(headers, body) ? "valid" : "INVALID");
        }
        line.append("\n  ").append(new String(body, StandardCharsets.UTF_8));
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
