package dev.dagflow.metrics;

/**
 * Every metric name, label name, fixed label value and bucket layout of the dagflow metrics
 * contract (docs/metrics.md), in one place.
 *
 * <p>Counter names carry their {@code _total} suffix as exposed; client_java strips and re-adds it.
 *
 * <pre>{@code
 * String query = "rate(" + MetricNames.WORKFLOW_EXECUTIONS + "{status=\"failure\"}[5m])";
 * }</pre>
 */
public final class MetricNames {

  // Workflow metrics
  public static final String WORKFLOW_EXECUTIONS = "dag_workflow_executions_total";
  public static final String WORKFLOW_DURATION = "dag_workflow_execution_duration_seconds";
  public static final String ACTIVE_WORKFLOWS = "dag_active_workflows";
  public static final String WORKFLOW_QUEUE_DEPTH = "dag_workflow_queue_depth";
  public static final String WORKFLOW_QUEUE_WAIT = "dag_workflow_queue_wait_seconds";

  // Retention metrics
  public static final String RUNS_PURGED = "dag_runs_purged_total";
  public static final String RUNS_STORED = "dag_runs_stored";

  // Engine errors
  public static final String ENGINE_ERRORS = "dag_engine_errors_total";

  // Node metrics
  public static final String NODE_EXECUTIONS = "dag_node_executions_total";
  public static final String NODE_DURATION = "dag_node_execution_duration_seconds";
  public static final String NODE_RETRIES = "dag_node_retries_total";
  public static final String ACTIVE_NODES = "dag_active_nodes";
  public static final String NODE_QUEUE_WAIT = "dag_node_queue_wait_seconds";

  // System health metrics
  public static final String DATABASE_CONNECTIONS = "dag_database_connections";
  public static final String DATABASE_POOL_SIZE = "dag_database_pool_size";
  public static final String DATABASE_QUERY_DURATION = "dag_database_query_duration_seconds";
  public static final String CONTEXT_STORE_OPERATIONS = "dag_context_store_operations_total";
  public static final String MEMORY_USAGE = "dag_memory_usage_bytes";
  public static final String CPU_USAGE = "dag_cpu_usage_percent";

  // API metrics
  public static final String API_REQUESTS = "dag_api_requests_total";
  public static final String API_REQUEST_DURATION = "dag_api_request_duration_seconds";
  public static final String WEBSOCKET_CONNECTIONS = "dag_websocket_connections";

  /** How far global event readers trail the newest committed event (docs/engine.md). */
  public static final String EVENT_HORIZON_AGE = "dag_event_horizon_age_seconds";

  public static final String HEALTH_CHECK_STATUS = "dag_health_check_status";

  // Quality metrics
  public static final String QUALITY_SCORE = "dag_quality_score_distribution";
  public static final String ARTIFACTS_GENERATED = "dag_artifacts_generated_total";
  public static final String ARTIFACT_SIZE = "dag_artifact_size_bytes";
  public static final String CONTRACT_VALIDATIONS = "dag_contract_validations_total";
  public static final String CONTRACT_VALIDATION_DURATION =
      "dag_contract_validation_duration_seconds";

  // Schedule metrics
  public static final String SCHEDULE_FIRES = "dag_schedule_fires_total";
  public static final String SCHEDULE_LAG = "dag_schedule_lag_seconds";
  public static final String SCHEDULE_NEXT_FIRE = "dag_schedule_next_fire_timestamp_seconds";

  // Meta metrics
  public static final String SYSTEM_INFO = "dag_system_info";
  public static final String LABEL_OVERFLOW = "dag_metric_label_overflow_total";

  // Label names
  public static final String WORKFLOW_NAME = "workflow_name";
  public static final String STATUS = "status";
  public static final String NODE_TYPE = "node_type";
  public static final String PHASE_NAME = "phase_name";
  public static final String QUERY_TYPE = "query_type";
  public static final String OPERATION = "operation";
  public static final String METHOD = "method";
  public static final String ENDPOINT = "endpoint";
  public static final String STATUS_CODE = "status_code";
  public static final String CHECK_TYPE = "check_type";
  public static final String ARTIFACT_TYPE = "artifact_type";
  public static final String CONTRACT_TYPE = "contract_type";
  public static final String METRIC = "metric";
  public static final String SCHEDULE_ID = "schedule_id";
  public static final String OUTCOME = "outcome";
  public static final String KIND = "kind";
  public static final String VERSION = "version";
  public static final String JAVA_VERSION = "java_version";

  /** Exemplar label linking a duration observation to one run. */
  public static final String RUN_ID = "run_id";

  // Fixed label values
  public static final String SUCCESS = "success";
  public static final String FAILURE = "failure";
  public static final String CANCELLED = "cancelled";
  public static final String SKIPPED = "skipped";
  public static final String VALID = "valid";
  public static final String INVALID = "invalid";

  /** The value every label of a label set takes once the cardinality guard is full. */
  public static final String OVERFLOW = "__overflow__";

  /** Values of {@code status} on {@link #WORKFLOW_EXECUTIONS}. */
  public static final String[] WORKFLOW_STATUSES = {SUCCESS, FAILURE, CANCELLED};

  /**
   * The kinds of {@code dag_engine_errors_total}: stored rows the engine could not decode (each
   * fails its run alone), as the engine's {@code EngineErrorKind} labels them.
   */
  public static final String[] ENGINE_ERROR_KINDS = {
    "undecodable_run", "undecodable_node", "unknown_definition", "unknown_node"
  };

  /** Values of {@code outcome} on {@link #SCHEDULE_FIRES}. */
  public static final String[] SCHEDULE_FIRE_OUTCOMES = {
    "started", "skipped", "buffered", "missed"
  };

  /** Values of {@code status} on {@link #NODE_EXECUTIONS}. */
  public static final String[] NODE_STATUSES = {SUCCESS, FAILURE, SKIPPED, CANCELLED};

  // Buckets (upper bounds; +Inf is added by client_java)
  static final double[] WORKFLOW_DURATION_BUCKETS = {1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};
  static final double[] NODE_DURATION_BUCKETS = {0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600};
  static final double[] DATABASE_QUERY_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
  static final double[] API_DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  static final double[] QUALITY_SCORE_BUCKETS = {
    0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0
  };
  static final double[] ARTIFACT_SIZE_BUCKETS = {1024, 10240, 102400, 1048576, 10485760, 104857600};
  static final double[] CONTRACT_VALIDATION_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1};

  /**
   * Queue waits span node hand-offs (milliseconds) to runs held behind {@code max_active_workflows}
   * (minutes); docs/metrics.md leaves their buckets open.
   */
  static final double[] QUEUE_WAIT_BUCKETS = {
    0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800
  };

  /** Fire time to queued run: a tick's delay (sub-second) up to a minute behind. */
  static final double[] SCHEDULE_LAG_BUCKETS = {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60};

  private MetricNames() {}
}
