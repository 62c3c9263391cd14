package dev.dagflow.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;

/**
 * Configures {@link DagMetrics}; {@link #build()} validates and registers.
 *
 * <pre>{@code
 * DagMetrics metrics = DagMetrics.builder().registry(new PrometheusRegistry()).build();
 * }</pre>
 */
public final class DagMetricsBuilder {
  PrometheusRegistry registry;
  String version = defaultVersion();
  int maxLabelSets = DagMetrics.DEFAULT_MAX_LABEL_SETS;
  boolean jvmMetrics;
  ResourceSampler resourceSampler;

  DagMetricsBuilder() {}

  /** The registry to register on (required; tests use a fresh one each). */
  public DagMetricsBuilder registry(PrometheusRegistry registry) {
    this.registry = registry;
    return this;
  }

  /** The {@code version} label of {@code dag_system_info}. */
  public DagMetricsBuilder version(String version) {
    this.version = version;
    return this;
  }

  /** The bound of label sets per labelled metric (default 2,000). */
  public DagMetricsBuilder maxLabelSets(int maxLabelSets) {
    this.maxLabelSets = maxLabelSets;
    return this;
  }

  /** Also registers client_java's JVM and process metrics ({@code jvm_*}, {@code process_*}). */
  public DagMetricsBuilder registerJvmMetrics() {
    this.jvmMetrics = true;
    return this;
  }

  /**
   * Samples {@code dag_memory_usage_bytes} and {@code dag_cpu_usage_percent} at scrape time;
   * without it they report the last {@link MetricsCollector#updateSystemResources} values.
   */
  public DagMetricsBuilder resourceSampler(ResourceSampler resourceSampler) {
    this.resourceSampler = resourceSampler;
    return this;
  }

  /** Validates and registers every metric. */
  public DagMetrics build() {
    Objects.requireNonNull(registry, "registry is required");
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    if (maxLabelSets < 1) {
      throw new IllegalArgumentException("maxLabelSets must be at least 1, got " + maxLabelSets);
    }
    return new DagMetrics(this);
  }

  private static String defaultVersion() {
    String version = DagMetrics.class.getPackage().getImplementationVersion();
    return version != null ? version : "0.1.0";
  }
}
