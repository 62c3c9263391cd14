package dev.dagflow.bench.engine;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one scenario measured on one store (or on the baseline): wall time from the first submit to
 * the last run's end, the latencies, the CPU used and the peak used heap.
 *
 * <pre>{@code
 * Measurement m = new Measurement("fan-out", "h2-mem", 200, 2400, nanos, sched, hop, start, peak,
 *     0, cpu, OptionalLong.empty(), "");
 * m.nodesPerSecond();
 * }</pre>
 *
 * <p>{@code cpuNanos} is the CPU this JVM used meanwhile (all threads, including GC and the
 * in-process H2): on a shared host, the figure that other processes' load does not inflate. {@code
 * pgCpuNanos} is the CPU of every {@code postgres} process on the host meanwhile ({@link PgCpu});
 * empty when not measured (not PostgreSQL, or {@code /proc} not readable).
 *
 * @param schedule a node's dependencies done → it is running, from the persisted {@code readyAt} →
 *     {@code startedAt} (the baseline: its own ready → running)
 * @param hop in-process: a node with dependencies began executing − the last of its dependencies'
 *     attempts returned ({@link ProbeExecutor}; the baseline measures the same)
 * @param start in-process: a root node began executing − its run started (admitted)
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
    Latencies hop,
    Latencies start,
    long peakHeapBytes,
    int failedRuns,
    long cpuNanos,
    OptionalLong pgCpuNanos,
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

  /** The PostgreSQL server's CPU time per node, in microseconds, when measured. */
  public OptionalDouble pgCpuMicrosPerNode() {
    return pgCpuNanos.isPresent()
        ? OptionalDouble.of(pgCpuNanos.getAsLong() / 1e3 / Math.max(1, nodes))
        : OptionalDouble.empty();
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
