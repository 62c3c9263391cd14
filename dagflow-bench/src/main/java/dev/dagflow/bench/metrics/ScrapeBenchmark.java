package dev.dagflow.bench.metrics;

import static dev.dagflow.metrics.MetricNames.NODE_EXECUTIONS;
import static dev.dagflow.metrics.MetricNames.NODE_STATUSES;

import dev.dagflow.metrics.DagMetrics;
import dev.dagflow.metrics.Exposition;
import dev.dagflow.metrics.MetricsCollector;
import dev.dagflow.metrics.MetricsExposition;
import dev.dagflow.metrics.NodeLabels;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A scrape of 10,000 series: one registered workflow of 2,000 nodes, whose pre-initialised counters
 * are 8,000 {@code dag_node_executions_total} series (4 statuses) and 2,000 {@code
 * dag_node_retries_total} series, besides the unlabelled dagflow metrics. {@code scrape} and {@code
 * scrapeGzip} go through {@link MetricsExposition}; {@code rawScrape} is the same registry scraped
 * and written by client_java directly, the baseline.
 *
 * <pre>{@code
 * java -jar dagflow-bench/target/dagflow-bench.jar ScrapeBenchmark -f 1 -wi 2 -i 3
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScrapeBenchmark {

  private static final int NODES = 2_000;

  @Param({"text/plain; version=0.0.4", "application/openmetrics-text; version=1.0.0"})
  public String accept;

  private PrometheusRegistry registry;
  private MetricsExposition exposition;
  private ExpositionFormats formats;

  @Setup
  public void setUp() {
    registry = new PrometheusRegistry();
    // 8,000 node-execution label sets exceed the default guard of 2,000: raise it.
    DagMetrics metrics = DagMetrics.builder().registry(registry).maxLabelSets(20_000).build();
    MetricsCollector collector = new MetricsCollector(metrics);
    List<NodeLabels> nodes = new ArrayList<>();
    for (int node = 0; node < NODES; node++) {
      nodes.add(new NodeLabels("phase", "phase_" + node));
    }
    collector.registerWorkflow("bench", nodes);
    Counter executions = metrics.getCounter(NODE_EXECUTIONS);
    for (int node = 0; node < NODES; node++) {
      for (String status : NODE_STATUSES) {
        executions.labelValues("phase", "phase_" + node, status).inc(node % 97);
      }
    }
    exposition = MetricsExposition.create(registry);
    formats = ExpositionFormats.init();
  }

  @Benchmark
  public Exposition scrape() {
    return exposition.write(accept, null);
  }

  @Benchmark
  public Exposition scrapeGzip() {
    return exposition.write(accept, "gzip");
  }

  @Benchmark
  public byte[] rawScrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    formats.findWriter(accept).write(out, registry.scrape());
    return out.toByteArray();
  }
}
