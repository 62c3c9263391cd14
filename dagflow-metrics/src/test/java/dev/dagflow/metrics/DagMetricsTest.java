package dev.dagflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class DagMetricsTest {

  @Test
  void requiresARegistry() {
    assertThatThrownBy(() -> DagMetrics.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry");
  }

  @Test
  void rejectsABoundBelowOne() {
    assertThatThrownBy(
            () -> DagMetrics.builder().registry(new PrometheusRegistry()).maxLabelSets(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLabelSets");
  }

  @Test
  void findsTheUnderlyingClientJavaMetricsByExposedName() {
    DagMetrics metrics = DagMetrics.builder().registry(new PrometheusRegistry()).build();

    assertThat(metrics.getCounter(MetricNames.NODE_EXECUTIONS).getPrometheusName())
        .isEqualTo("dag_node_executions");
    assertThat(metrics.getHistogram(MetricNames.NODE_DURATION)).isNotNull();
    assertThat(metrics.getGauge(MetricNames.ACTIVE_NODES)).isNotNull();
    assertThatThrownBy(() -> metrics.getCounter(MetricNames.NODE_DURATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Counter named dag_node_execution_duration_seconds");
  }

  @Test
  void registersJvmMetricsOnRequest() {
    PrometheusRegistry registry = new PrometheusRegistry();
    DagMetrics.builder().registry(registry).registerJvmMetrics().build();

    assertThat(registry.scrape().stream().map(s -> s.getMetadata().getPrometheusName()))
        .contains("jvm_memory_used_bytes", "process_cpu_seconds");
  }

  @Test
  void aSecondRegistryTakesTheSameMetrics() {
    DagMetrics.builder().registry(new PrometheusRegistry()).build();

    assertThat(DagMetrics.builder().registry(new PrometheusRegistry()).build().maxLabelSets())
        .isEqualTo(DagMetrics.DEFAULT_MAX_LABEL_SETS);
  }
}
