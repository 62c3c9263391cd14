package dev.dagflow.bench.metrics;

import static dev.dagflow.metrics.MetricNames.ACTIVE_NODES;
import static dev.dagflow.metrics.MetricNames.NODE_DURATION;
import static dev.dagflow.metrics.MetricNames.NODE_EXECUTIONS;
import static dev.dagflow.metrics.MetricNames.NODE_RETRIES;
import static dev.dagflow.metrics.MetricNames.RUN_ID;

import dev.dagflow.metrics.DagMetrics;
import dev.dagflow.metrics.MetricsCollector;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link MetricsCollector#recordNodeComplete} against the raw client_java calls it makes, on the
 * same metric objects of the same registry, with the same label values (16 phases in turn).
 *
 * <pre>{@code
 * java -jar dagflow-bench/target/dagflow-bench.jar RecordNodeCompleteBenchmark -f 1 -wi 2 -i 3
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordNodeCompleteBenchmark {

  private static final int PHASES = 16;

  private final String[] phases = new String[PHASES];
  private MetricsCollector collector;
  private Counter nodeExecutions;
  private Histogram nodeDuration;
  private Counter nodeRetries;
  private Gauge activeNodes;

  /** The phase cursor; per thread so threads do not contend on it. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      return next++ & (PHASES - 1);
    }
  }

  @Setup
  public void setUp() {
    DagMetrics metrics = DagMetrics.builder().registry(new PrometheusRegistry()).build();
    collector = new MetricsCollector(metrics);
    nodeExecutions = metrics.getCounter(NODE_EXECUTIONS);
    nodeDuration = metrics.getHistogram(NODE_DURATION);
    nodeRetries = metrics.getCounter(NODE_RETRIES);
    activeNodes = metrics.getGauge(ACTIVE_NODES);
    for (int i = 0; i < PHASES; i++) {
      // Distinct String instances, as label values arriving from parsed definitions would be.
      phases[i] = new String("phase_" + i);
      collector.recordNodeComplete("phase", phases[i], "success", 0.42, 1);
    }
  }

  @Benchmark
  public void collector(Cursor cursor) {
    collector.recordNodeComplete("phase", phases[cursor.advance()], "success", 0.42, 1);
  }

  @Benchmark
  public void raw(Cursor cursor) {
    String phase = phases[cursor.advance()];
    nodeExecutions.labelValues("phase", phase, "success").inc();
    nodeDuration.labelValues("phase", phase).observe(0.42);
    nodeRetries.labelValues("phase", phase).inc(1);
    activeNodes.dec();
  }

  @Benchmark
  public void collectorWithRunId(Cursor cursor) {
    collector.recordNodeComplete("phase", phases[cursor.advance()], "success", 0.42, 1, "run-1");
  }

  @Benchmark
  public void rawWithRunId(Cursor cursor) {
    String phase = phases[cursor.advance()];
    nodeExecutions.labelValues("phase", phase, "success").inc();
    nodeDuration.labelValues("phase", phase).observeWithExemplar(0.42, Labels.of(RUN_ID, "run-1"));
    nodeRetries.labelValues("phase", phase).inc(1);
    activeNodes.dec();
  }
}
