package dev.dagflow.bench.engine;

import java.util.Arrays;

/**
 * Collects the in-process latencies of a scenario: {@code hop} = a node with dependencies began
 * executing − the last of its dependencies' attempts returned; {@code start} = a root node began
 * executing − its run started (admitted).
 *
 * <pre>{@code
 * Hops h = new Hops();
 * h.hop(entered - lastDependencyReturned);
 * h.hops().p50();
 * }</pre>
 */
final class Hops {
  private long[] hop = new long[1024];
  private int hops;
  private long[] start = new long[256];
  private int starts;

  void hop(long nanos) {
    if (hops == hop.length) {
      hop = Arrays.copyOf(hop, hops * 2);
    }
    hop[hops++] = nanos;
  }

  void start(long nanos) {
    if (starts == start.length) {
      start = Arrays.copyOf(start, starts * 2);
    }
    start[starts++] = nanos;
  }

  Latencies hops() {
    return Latencies.of(Arrays.copyOf(hop, hops));
  }

  Latencies starts() {
    return Latencies.of(Arrays.copyOf(start, starts));
  }
}
