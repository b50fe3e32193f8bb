package dev.openmeshes.bench;

import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The event history with {@value #EVENTS} events in it: how long the dashboard's list calls take
 * with each filter it offers, on the first page and {@value #DEEP_PAGE} pages deep (cursor
 * pagination), and the per-minute activity its chart reads. The history is a week of a realistic
 * mix, loaded straight into the store (through the API it would take most of the run): orders (50 %),
 * sign-ups (30 %) about 100,000 users, invoices (19.4 %), rare account deletions (0.1 %) and rare
 * refunds (0.5 %) about a rare resource; 1 % failed, 0.3 % canceled. On PostgreSQL the table is
 * analyzed after the load, as autovacuum would do within a minute. Baseline: the same client's
 * {@code GET /healthz} in the same run. Aim: every page under {@value #AIM_MILLIS} ms at the median.
 */
final class HistoryBench {

    static final int EVENTS = 1_000_000;
    private static final int BATCH = 5_000;
    private static final int DEEP_PAGE = 20;
    private static final int ROUNDS = 15;
    private static final double AIM_MILLIS = 50;

    private HistoryBench() {}

    static void run() throws Exception {
        for (BenchServer.Store store : Bench.stores()) {
            run(store);
        }
    }

    private record Query(String label, String filters) {}

    private static final List<Query> QUERIES = List.of(
            new Query("no filter", ""),
            new Query("event, common (50 %)", "event=order.created"),
            new Query("event, rare (0.1 %)", "event=account.deleted"),
            new Query("resource pair (one user's ~3 events)", "resource=user&resource_id=user-4242"),
            new Query("resource, common (30 %)", "resource=user"),
            new Query("resource, rare (0.5 %)", "resource=refund"),
            new Query("status failed (1 %)", "status=failed"),
            new Query("status completed, common", "status=completed"),
            new Query("event and status, rare", "event=account.deleted&status=completed"));

    private static void run(BenchServer.Store store) throws Exception {
        try (var bench = BenchServer.start(store, 0, Map.of("MESHES_WORKER", "off"))) {
            System.out.println("== history (" + store.label + "): " + EVENTS + " events in one workspace, list pages of 50");
            long loading = System.nanoTime();
            load(bench);
            bench.analyzeEvents();
            System.out.printf("  loaded in %.1f s%n", (System.nanoTime() - loading) / 1e9);
            String events = "/api/v1/workspaces/" + bench.workspaceId() + "/events?limit=50";

            double healthz = median(ROUNDS, () -> time(bench, "/healthz", Map.of()));
            System.out.printf("  baseline GET /healthz: %.2f ms (median of %d)%n", healthz, ROUNDS);
            boolean allMet = true;
            for (Query q : QUERIES) {
                String path = events + (q.filters().isEmpty() ? "" : "&" + q.filters());
                double first = median(ROUNDS, () -> time(bench, path, bench.bearer()));
                double deep = median(3, () -> deepPage(bench, path));
                boolean met = first < AIM_MILLIS && deep < AIM_MILLIS;
                allMet &= met;
                System.out.printf("  %-40s first page %7.1f ms (%5.0fx), page %d %7.1f ms (%5.0fx)%s%n", q.label(),
                        first, first / healthz, DEEP_PAGE, deep, deep / healthz, met ? "" : "  over the aim");
            }
            double activity = median(ROUNDS, () -> time(bench,
                    "/api/v1/workspaces/" + bench.workspaceId() + "/activity?minutes=180", bench.bearer()));
            System.out.printf("  %-40s %7.1f ms (%5.0fx)%n", "activity, last 3 h per minute", activity, activity / healthz);
            System.out.printf("  -- summary history (%s): aim of %.0f ms per page %s%n", store.label, AIM_MILLIS,
                    allMet && activity < AIM_MILLIS ? "met" : "NOT met");
        }
    }

    /** A week of history, oldest first, written in batches as ingestion writes them. */
    private static void load(BenchServer bench) {
        var random = new SplittableRandom(42);
        UUID org = UUID.fromString(bench.organizationId());
        UUID workspace = UUID.fromString(bench.workspaceId());
        Instant start = Instant.now().minus(Duration.ofDays(7));
        long step = Duration.ofDays(7).toMillis() / EVENTS;
        List<Event> batch = new ArrayList<>(BATCH);
        for (int n = 0; n < EVENTS; n++) {
            Instant at = start.plusMillis(n * step);
            int kind = random.nextInt(1000);
            String name, resource, resourceId;
            if (kind < 500) { name = "order.created"; resource = "order"; resourceId = "order-" + n; }
            else if (kind < 800) { name = "user.signup"; resource = "user"; resourceId = "user-" + random.nextInt(100_000); }
            else if (kind < 994) { name = "invoice.paid"; resource = null; resourceId = null; }
            else if (kind < 995) { name = "account.deleted"; resource = null; resourceId = null; }
            else { name = "refund.issued"; resource = "refund"; resourceId = "refund-" + n; }
            int fate = random.nextInt(1000);
            DeliveryStatus status = fate < 10 ? DeliveryStatus.FAILED : fate < 13 ? DeliveryStatus.CANCELED : DeliveryStatus.COMPLETED;
            batch.add(new Event(UUID.randomUUID(), org, workspace, name, resource, resourceId,
                    "{\"n\":" + n + ",\"email\":\"a" + n + "@example.com\"}", "bench", at, status, 1,
                    status == DeliveryStatus.COMPLETED ? 1 : 0, status == DeliveryStatus.FAILED ? 1 : 0, at, at.plusMillis(40)));
            if (batch.size() == BATCH) {
                bench.store().events().insertAll(batch, List.of(), null);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            bench.store().events().insertAll(batch, List.of(), null);
        }
    }

    /** The page {@value #DEEP_PAGE} pages in, following each answer's cursor; the time of the last call. */
    private static double deepPage(BenchServer bench, String path) throws Exception {
        String cursor = null;
        double last = 0;
        for (int page = 1; page <= DEEP_PAGE; page++) {
            String url = path + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            long began = System.nanoTime();
            JsonNode answer = ApiClient.JSON.readTree(fetch(bench, url, bench.bearer()).body());
            last = (System.nanoTime() - began) / 1e6;
            JsonNode next = answer.path("next_cursor");
            if (next.isNull() || next.isMissingNode()) {
                break;
            }
            cursor = next.asString();
        }
        return last;
    }

    private static double time(BenchServer bench, String path, Map<String, String> headers) throws Exception {
        long began = System.nanoTime();
        fetch(bench, path, headers);
        return (System.nanoTime() - began) / 1e6;
    }

    private static HttpResponse<String> fetch(BenchServer bench, String path, Map<String, String> headers) throws Exception {
        var builder = bench.api().request(path).GET();
        headers.forEach(builder::header);
        HttpResponse<String> response = bench.api().http().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private interface Timed {
        double millis() throws Exception;
    }

    private static double median(int rounds, Timed timed) throws Exception {
        double[] all = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            all[i] = timed.millis();
        }
        Arrays.sort(all);
        return all[rounds / 2];
    }
}
