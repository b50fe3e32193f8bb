package dev.openmeshes.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, safe to add from many threads; percentiles in milliseconds. */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code percent} percentile (nearest rank) in milliseconds, NaN without samples. */
    synchronized double millis(double percent) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * size);
        return sorted[Math.clamp(rank - 1, 0, size - 1)] / 1e6;
    }

    @Override
    public String toString() {
        return "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,d samples)".formatted(millis(50), millis(99), millis(100),
                count());
    }
}
