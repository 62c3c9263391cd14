package dev.dagflow.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;

/** A fresh registry, metrics and collector per test, and text-format scraping. */
final class MetricsFixture {

  static final String TEXT = "text/plain; version=0.0.4";
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  final PrometheusRegistry registry = new PrometheusRegistry();
  final DagMetrics metrics;
  final MetricsCollector collector;
  final MetricsExposition exposition;

  MetricsFixture() {
    this(DagMetrics.DEFAULT_MAX_LABEL_SETS);
  }

  MetricsFixture(int maxLabelSets) {
    metrics =
        DagMetrics.builder().registry(registry).version("9.9.9").maxLabelSets(maxLabelSets).build();
    collector = new MetricsCollector(metrics);
    exposition = MetricsExposition.create(registry);
  }

  String text() {
    return new String(exposition.write(TEXT, null).body(), StandardCharsets.UTF_8);
  }

  String openMetrics() {
    return new String(exposition.write(OPENMETRICS, null).body(), StandardCharsets.UTF_8);
  }

  /** The lines of one family, each ending in a newline, as the text format writes them. */
  static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
