package dev.openmeshes.bench;

import java.util.Arrays;

/**
 * {@code ./meshes bench [name...]}: runs benchmarks that print their figures and a ratio to a
 * baseline measured in the same run. Never part of the test suite: timings on a shared machine
 * are noisy, the ratios are what to compare.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        var names = args.length == 0 ? java.util.List.of("auth") : Arrays.asList(args);
        for (String name : names) {
            switch (name) {
                case "auth" -> AuthBench.run();
                default -> {
                    System.err.println("unknown benchmark '" + name + "'; known: auth");
                    System.exit(2);
                }
            }
        }
        System.exit(0);
    }
}
