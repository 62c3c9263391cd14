package dev.dagflow.bench.engine;

import java.util.Arrays;

/**
 * Percentiles of a set of durations in nanoseconds (nearest-rank on the sorted values).
 *
 * <pre>{@code
 * Latencies l = Latencies.of(nanos);
 * l.p50(); l.p99();
 * }</pre>
 */
public record Latencies(long count, long p50, long p99, long max) {
  public static final Latencies NONE = new Latencies(0, 0, 0, 0);

  public static Latencies of(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(
        sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
