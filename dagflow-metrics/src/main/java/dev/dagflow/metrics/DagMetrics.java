package dev.dagflow.metrics;

import static dev.dagflow.metrics.MetricNames.*;

import dev.dagflow.metrics.internal.LabelGuard;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.Metric;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashMap;
import java.util.Map;

/**
 * Every metric of the dagflow contract (docs/metrics.md), registered on an injected registry, each
 * labelled one behind a {@link LabelGuard cardinality guard}. Record through {@link
 * MetricsCollector}; expose through {@link MetricsExposition}.
 *
 * <pre>{@code
 * PrometheusRegistry registry = new PrometheusRegistry();
 * DagMetrics metrics = DagMetrics.builder()
 *     .registry(registry)
 *     .version("0.1.0")
 *     .maxLabelSets(2000)
 *     .resourceSampler(ResourceSampler.create())
 *     .registerJvmMetrics()
 *     .build();
 * MetricsCollector collector = new MetricsCollector(metrics);
 * }</pre>
 */
public final class DagMetrics {

  /** The default bound of label sets per labelled metric. */
  public static final int DEFAULT_MAX_LABEL_SETS = 2000;

  private final PrometheusRegistry registry;
  private final int maxLabelSets;
  private final Counter labelOverflow;
  private final Map<String, Metric> byName = new HashMap<>();
  private final ResourceSampler resourceSampler;
  private final ScheduleMetrics schedules;
  private volatile double reportedMemoryBytes;
  private volatile double reportedCpuPercent;

  final LabelGuard<CounterDataPoint> workflowExecutions;
  final LabelGuard<DistributionDataPoint> workflowDuration;
  final GaugeDataPoint activeWorkflows;
  final GaugeDataPoint workflowQueueDepth;
  final LabelGuard<DistributionDataPoint> workflowQueueWait;
  final LabelGuard<CounterDataPoint> runsPurged;
  final Counter engineErrors; // a fixed set of kinds: no cardinality guard needed
  final GaugeDataPoint runsStored;
  final LabelGuard<CounterDataPoint> nodeExecutions;
  final LabelGuard<DistributionDataPoint> nodeDuration;
  final LabelGuard<CounterDataPoint> nodeRetries;
  final GaugeDataPoint activeNodes;
  final LabelGuard<DistributionDataPoint> nodeQueueWait;
  final GaugeDataPoint databaseConnections;
  final GaugeDataPoint databasePoolSize;
  final LabelGuard<DistributionDataPoint> databaseQueryDuration;
  final LabelGuard<CounterDataPoint> contextStoreOperations;
  final LabelGuard<CounterDataPoint> apiRequests;
  final LabelGuard<DistributionDataPoint> apiRequestDuration;
  final GaugeDataPoint websocketConnections;
  final LabelGuard<GaugeDataPoint> healthCheckStatus;
  final LabelGuard<DistributionDataPoint> qualityScore;
  final LabelGuard<CounterDataPoint> artifactsGenerated;
  final LabelGuard<DistributionDataPoint> artifactSize;
  final LabelGuard<CounterDataPoint> contractValidations;
  final LabelGuard<DistributionDataPoint> contractValidationDuration;

  DagMetrics(DagMetricsBuilder builder) {
    this.registry = builder.registry;
    this.maxLabelSets = builder.maxLabelSets;
    this.resourceSampler = builder.resourceSampler;
    labelOverflow =
        Counter.builder()
            .name(LABEL_OVERFLOW)
            .help("Recordings moved to the __overflow__ series by the cardinality guard")
            .labelNames(METRIC)
            .withoutExemplars()
            .register(registry);

    workflowExecutions =
        counter(WORKFLOW_EXECUTIONS, "Total number of workflow executions", WORKFLOW_NAME, STATUS);
    workflowDuration =
        histogram(
            WORKFLOW_DURATION,
            "Workflow execution duration in seconds",
            WORKFLOW_DURATION_BUCKETS,
            true,
            WORKFLOW_NAME);
    activeWorkflows = gauge(ACTIVE_WORKFLOWS, "Number of currently executing workflows");
    workflowQueueDepth = gauge(WORKFLOW_QUEUE_DEPTH, "Number of workflows waiting to execute");
    workflowQueueWait =
        histogram(
            WORKFLOW_QUEUE_WAIT,
            "Time a run waits from queued to started, in seconds",
            QUEUE_WAIT_BUCKETS,
            false,
            WORKFLOW_NAME);
    runsPurged =
        counter(RUNS_PURGED, "Finished runs deleted by retention or by request", WORKFLOW_NAME);
    engineErrors =
        Counter.builder()
            .name(ENGINE_ERRORS)
            .help("Stored rows the engine could not decode; each failed its run alone")
            .labelNames(KIND)
            .withoutExemplars()
            .register(registry);
    byName.put(ENGINE_ERRORS, engineErrors);
    for (String kind : ENGINE_ERROR_KINDS) {
      engineErrors.labelValues(kind); // every kind from 0
    }
    runsStored = gauge(RUNS_STORED, "Runs stored in the shared database, of every status");

    nodeExecutions =
        counter(NODE_EXECUTIONS, "Total number of node executions", NODE_TYPE, PHASE_NAME, STATUS);
    nodeDuration =
        histogram(
            NODE_DURATION,
            "Node execution duration in seconds",
            NODE_DURATION_BUCKETS,
            true,
            NODE_TYPE,
            PHASE_NAME);
    nodeRetries = counter(NODE_RETRIES, "Total number of node retries", NODE_TYPE, PHASE_NAME);
    activeNodes = gauge(ACTIVE_NODES, "Number of currently executing nodes");
    nodeQueueWait =
        histogram(
            NODE_QUEUE_WAIT,
            "Time a node waits from ready to running, in seconds",
            QUEUE_WAIT_BUCKETS,
            false,
            NODE_TYPE);

    databaseConnections = gauge(DATABASE_CONNECTIONS, "Number of active database connections");
    databasePoolSize = gauge(DATABASE_POOL_SIZE, "Maximum size of the database connection pool");
    databaseQueryDuration =
        histogram(
            DATABASE_QUERY_DURATION,
            "Database query duration in seconds",
            DATABASE_QUERY_BUCKETS,
            false,
            QUERY_TYPE);
    contextStoreOperations =
        counter(
            CONTEXT_STORE_OPERATIONS,
            "Total number of context store operations",
            OPERATION,
            STATUS);
    resourceGauge(MEMORY_USAGE, "Process resident memory in bytes", Unit.BYTES, true);
    resourceGauge(CPU_USAGE, "Process CPU usage in percent (100 = one core)", null, false);

    apiRequests =
        counter(API_REQUESTS, "Total number of API requests", METHOD, ENDPOINT, STATUS_CODE);
    apiRequestDuration =
        histogram(
            API_REQUEST_DURATION,
            "API request duration in seconds",
            API_DURATION_BUCKETS,
            false,
            METHOD,
            ENDPOINT);
    websocketConnections = gauge(WEBSOCKET_CONNECTIONS, "Number of active WebSocket connections");
    gauge(
        EVENT_HORIZON_AGE,
        "Age of the oldest committed event that global event readers cannot read yet,"
            + " because a transaction that began before it is still open");
    healthCheckStatus =
        guard(
            Gauge.builder()
                .name(HEALTH_CHECK_STATUS)
                .help("Health check status (1 = healthy, 0 = unhealthy)")
                .labelNames(CHECK_TYPE)
                .withoutExemplars()
                .register(registry),
            HEALTH_CHECK_STATUS,
            1);

    qualityScore =
        histogram(
            QUALITY_SCORE,
            "Distribution of quality scores (0 to 1)",
            QUALITY_SCORE_BUCKETS,
            false,
            PHASE_NAME);
    artifactsGenerated =
        counter(ARTIFACTS_GENERATED, "Total number of artifacts generated", ARTIFACT_TYPE);
    artifactSize =
        histogram(
            ARTIFACT_SIZE, "Artifact size in bytes", ARTIFACT_SIZE_BUCKETS, false, ARTIFACT_TYPE);
    contractValidations =
        counter(
            CONTRACT_VALIDATIONS, "Total number of contract validations", CONTRACT_TYPE, STATUS);
    contractValidationDuration =
        histogram(
            CONTRACT_VALIDATION_DURATION,
            "Contract validation duration in seconds",
            CONTRACT_VALIDATION_BUCKETS,
            false,
            CONTRACT_TYPE);

    schedules = new ScheduleMetrics(this);

    Info info =
        Info.builder()
            .name(SYSTEM_INFO)
            .help("dagflow build and runtime information")
            .labelNames(VERSION, JAVA_VERSION)
            .register(registry);
    info.setLabelValues(builder.version, System.getProperty("java.version", "unknown"));
    if (builder.jvmMetrics) {
      JvmMetrics.builder().register(registry);
    }
  }

  /** A builder; {@link DagMetricsBuilder#registry} is required. */
  public static DagMetricsBuilder builder() {
    return new DagMetricsBuilder();
  }

  /** The registry every metric is registered on. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** The bound of label sets per labelled metric. */
  public int maxLabelSets() {
    return maxLabelSets;
  }

  /** The client_java counter exposed as {@code name} (with {@code _total}); throws if unknown. */
  public Counter getCounter(String name) {
    return get(name, Counter.class);
  }

  /** The client_java histogram exposed as {@code name}; throws if unknown. */
  public Histogram getHistogram(String name) {
    return get(name, Histogram.class);
  }

  /** The client_java gauge exposed as {@code name}; throws if unknown or callback-driven. */
  public Gauge getGauge(String name) {
    return get(name, Gauge.class);
  }

  void reportResources(double memoryBytes, double cpuPercent) {
    reportedMemoryBytes = memoryBytes;
    reportedCpuPercent = cpuPercent;
  }

  private <M extends Metric> M get(String name, Class<M> type) {
    Metric metric = byName.get(name);
    if (!type.isInstance(metric)) {
      throw new IllegalArgumentException("no " + type.getSimpleName() + " named " + name);
    }
    return type.cast(metric);
  }

  private LabelGuard<CounterDataPoint> counter(String name, String help, String... labels) {
    Counter counter =
        Counter.builder()
            .name(name)
            .help(help)
            .labelNames(labels)
            .withoutExemplars()
            .register(registry);
    return guard(counter, name, labels.length);
  }

  private LabelGuard<DistributionDataPoint> histogram(
      String name, String help, double[] buckets, boolean exemplars, String... labels) {
    Histogram.Builder builder =
        Histogram.builder()
            .name(name)
            .help(help)
            .labelNames(labels)
            .classicOnly()
            .classicUpperBounds(buckets);
    if (name.endsWith("_seconds")) {
      builder.unit(Unit.SECONDS);
    } else if (name.endsWith("_bytes")) {
      builder.unit(Unit.BYTES);
    }
    if (!exemplars) {
      builder.withoutExemplars();
    }
    Histogram histogram = builder.register(registry);
    return guard(histogram, name, labels.length);
  }

  private GaugeDataPoint gauge(String name, String help) {
    Gauge gauge = Gauge.builder().name(name).help(help).withoutExemplars().register(registry);
    byName.put(name, gauge);
    return gauge;
  }

  private void resourceGauge(String name, String help, Unit unit, boolean memory) {
    GaugeWithCallback.Builder builder =
        GaugeWithCallback.builder()
            .name(name)
            .help(help)
            .callback(callback -> callback.call(memory ? memoryBytes() : cpuPercent()));
    if (unit != null) {
      builder.unit(unit);
    }
    builder.register(registry);
  }

  private double memoryBytes() {
    return resourceSampler != null ? resourceSampler.residentBytes() : reportedMemoryBytes;
  }

  private double cpuPercent() {
    return resourceSampler != null ? resourceSampler.cpuPercent() : reportedCpuPercent;
  }

  /** The schedule metrics on this registry. */
  public ScheduleMetrics schedules() {
    return schedules;
  }

  /** Registers a labelled metric built elsewhere in this package, behind the cardinality guard. */
  <D extends DataPoint> LabelGuard<D> register(
      StatefulMetric<D, ?> metric, String name, int labels) {
    registry.register(metric);
    return guard(metric, name, labels);
  }

  private <D extends DataPoint> LabelGuard<D> guard(
      StatefulMetric<D, ?> metric, String name, int labels) {
    byName.put(name, metric);
    return new LabelGuard<>(metric, name, labels, maxLabelSets, labelOverflow.labelValues(name));
  }
}
