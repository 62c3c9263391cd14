package dev.dagflow.bench.engine;

/**
 * What one scenario measured on one store (or on the baseline): wall time from the first submit to
 * the last run's end, schedule latency (a node's dependencies done → it is running) and the peak
 * used heap.
 *
 * <pre>{@code
 * Measurement m = new Measurement("fan-out", "h2-mem", 200, 2400, nanos, lat, peak, 0, cpu, "");
 * m.nodesPerSecond();
 * }</pre>
 *
 * <p>{@code cpuNanos} is the CPU this JVM used meanwhile (all threads, including GC and the
 * in-process H2): on a shared host, the figure that other processes' load does not inflate.
 *
 * @param failedRuns runs that did not end {@code success} (or did not end in time)
 * @param note anything else the line should say
 */
public record Measurement(
    String scenario,
    String store,
    int runs,
    long nodes,
    long elapsedNanos,
    Latencies schedule,
    long peakHeapBytes,
    int failedRuns,
    long cpuNanos,
    String note) {

  /** CPU time this process used, from {@code OperatingSystemMXBean.getProcessCpuTime()}. */
  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** This process's CPU time per node, in microseconds (independent of other load on the host). */
  public double cpuMicrosPerNode() {
    return cpuNanos / 1e3 / Math.max(1, nodes);
  }

  public double seconds() {
    return elapsedNanos / 1e9;
  }

  public double nodesPerSecond() {
    return nodes / seconds();
  }

  public double runsPerSecond() {
    return runs / seconds();
  }
}
