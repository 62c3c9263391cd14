package dev.dagflow.server;

import dev.dagflow.engine.store.ContextObserver;
import dev.dagflow.engine.store.QueryObserver;
import dev.dagflow.metrics.MetricsCollector;

/**
 * The store's observers wired to the metrics: query timings by kind ({@code
 * dag_database_query_duration_seconds{query_type}}) and context store operations ({@code
 * dag_context_store_operations_total{operation,status}}). Give them to the store's builder.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder().url(url)
 *     .queryObserver(StoreInstrumentation.queries(collector))
 *     .contextObserver(StoreInstrumentation.contexts(collector))
 *     .build();
 * }</pre>
 */
public final class StoreInstrumentation {
  private StoreInstrumentation() {}

  public static QueryObserver queries(MetricsCollector metrics) {
    return (kind, nanos) -> metrics.recordDatabaseQuery(kind.label(), nanos / 1e9);
  }

  public static ContextObserver contexts(MetricsCollector metrics) {
    return metrics::recordContextStoreOperation;
  }
}
