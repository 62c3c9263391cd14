package dev.dagflow.engine.store;

/**
 * Told of every query the store runs, with its kind and duration; the server wires it to {@code
 * dag_database_query_duration_seconds{query_type}}.
 */
@FunctionalInterface
public interface QueryObserver {
  QueryObserver NONE = (kind, nanos) -> {};

  void onQuery(QueryKind kind, long nanos);

  /** The {@code query_type} label values. */
  enum QueryKind {
    SELECT,
    INSERT,
    UPDATE,
    DELETE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
