package dev.openmeshes.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian package {@code wrk}) from a separate process and reads its figures. */
final class Wrk {

    /** Requests per second, latency percentiles in milliseconds, and the requests that went wrong. */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx,
                  long socketErrors) {
        /** Requests answered 2xx (wrk counts 3xx with them; none of ours answer 3xx). */
        long succeeded() {
            return requests - non2xx;
        }

        @Override
        public String toString() {
            return "%,.0f req/s, p50 %.2f ms, p99 %.2f ms%s%s".formatted(requestsPerSecond, p50Millis, p99Millis,
                    non2xx == 0 ? "" : ", " + non2xx + " non-2xx!",
                    socketErrors == 0 ? "" : ", " + socketErrors + " socket errors!");
        }
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {}

    static void requireInstalled() {
        try {
            new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("wrk is not installed: apt-get install -y wrk");
        }
    }

    static Result run(String url, int threads, int connections, int seconds, Map<String, String> headers)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>();
        headers.forEach((name, value) -> options.addAll(List.of("-H", name + ": " + value)));
        return run(url, threads, connections, seconds, options);
    }

    /** With a Lua script (see {@link WrkScript}) that sets the method, body and headers. */
    static Result run(String url, int threads, int connections, int seconds, Path script)
            throws IOException, InterruptedException {
        return run(url, threads, connections, seconds, List.of("-s", script.toString()));
    }

    private static Result run(String url, int threads, int connections, int seconds, List<String> options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency"));
        command.addAll(options);
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IllegalStateException("no Requests/sec in wrk output:\n" + output);
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher requests = REQUESTS.matcher(output);
        return new Result(Double.parseDouble(rps.group(1)), percentile(output, "50%"), percentile(output, "99%"),
                requests.find() ? Long.parseLong(requests.group(1)) : 0, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors(output));
    }

    /** The faster of two runs; rounds alternate with a baseline, the best of each is what compares. */
    static Result better(Result best, Result candidate) {
        return best == null || candidate.requestsPerSecond() > best.requestsPerSecond() ? candidate : best;
    }

    private static long socketErrors(String output) {
        Matcher m = SOCKET_ERRORS.matcher(output);
        if (!m.find()) {
            return 0;
        }
        long sum = 0;
        for (int group = 1; group <= 4; group++) {
            sum += Long.parseLong(m.group(group));
        }
        return sum;
    }

    private static double percentile(String output, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
