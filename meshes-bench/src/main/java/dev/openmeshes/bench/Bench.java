package dev.openmeshes.bench;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ./meshes bench [--store=sqlite|postgresql] [--node=api_only|with_worker] [name...]}: runs benchmarks
 * (the headline {@code sustained} when none is named) that print their figures and a ratio to a
 * baseline measured in the same run. Never part of the test suite: timings on a shared machine
 * are noisy, the ratios are what to compare. A missed target is reported, never a failure.
 */
public final class Bench {

    private static final List<String> ALL = List.of("sustained", "auth", "ingest", "bulk", "deliveries", "latency",
            "history");
    private static List<BenchServer.Store> stores = List.of(BenchServer.Store.values());
    private static List<BenchServer.Node> nodes = List.of(BenchServer.Node.values());

    /** The stores to measure on: both unless {@code --store=} names one. */
    static List<BenchServer.Store> stores() {
        return stores;
    }

    /** One measurement on a store and a kind of node. */
    interface Measurement {
        void run(BenchServer.Store store, BenchServer.Node node) throws Exception;
    }

    /** Runs a measurement on every selected store, on an API-only node and then on a delivering one (unless {@code --node=} names one). */
    static void onEachStoreAndNode(Measurement measurement) throws Exception {
        for (BenchServer.Store store : stores) {
            for (BenchServer.Node node : nodes) {
                measurement.run(store, node);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        // The server's start-up and shutdown INFO lines would bury the figures.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        var names = new java.util.ArrayList<>(Arrays.asList(args));
        names.removeIf(arg -> {
            if (arg.startsWith("--store=")) {
                stores = List.of(BenchServer.Store.valueOf(arg.substring(8).toUpperCase(java.util.Locale.ROOT)));
                return true;
            }
            if (arg.startsWith("--node=")) {
                nodes = List.of(BenchServer.Node.valueOf(arg.substring(7).toUpperCase(java.util.Locale.ROOT)));
                return true;
            }
            return false;
        });
        if (names.isEmpty()) {
            names.add("sustained");
        }
        for (String name : names) {
            if (name.equals("all")) {
                for (String each : ALL) {
                    run(each);
                }
            } else {
                run(name);
            }
        }
        System.exit(0);
    }

    private static void run(String name) throws Exception {
        switch (name) {
            case "sustained" -> SustainedBench.run();
            case "auth" -> AuthBench.run();
            case "ingest" -> IngestBench.run();
            case "bulk" -> BulkBench.run();
            case "deliveries" -> DeliveriesBench.run();
            case "latency" -> LatencyBench.run();
            case "history" -> HistoryBench.run();
            default -> {
                System.err.println("unknown benchmark '" + name + "'; known: " + String.join(", ", ALL) + ", all");
                System.exit(2);
            }
        }
    }
}
