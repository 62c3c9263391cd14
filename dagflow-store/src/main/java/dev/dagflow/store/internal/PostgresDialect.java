package dev.dagflow.store.internal;

/**
 * PostgreSQL: jsonb columns, {@code ON CONFLICT} upserts, and a transaction-scoped advisory lock
 * for event order. The lock key pairs a constant with the current schema, so stores in different
 * schemas of one database (tests) do not serialise each other.
 */
public record PostgresDialect() implements Dialect {
  /** "dagf" as an int: the advisory lock namespace of dagflow. */
  private static final int LOCK_NAMESPACE = 0x64616766;

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String json() {
    return "CAST(? AS jsonb)";
  }

  @Override
  public String nextEventSeqs() {
    return "SELECT nextval('event_seq') FROM generate_series(1, ?)";
  }

  @Override
  public String lockEventOrder() {
    return "SELECT pg_advisory_xact_lock(" + LOCK_NAMESPACE + ", hashtext(current_schema()))";
  }

  @Override
  public String insertWorkflowIfAbsent() {
    return """
        INSERT INTO workflows (id, version, source, created_at, deleted) VALUES (?, ?, ?, ?, FALSE)
        ON CONFLICT (id, version) DO NOTHING""";
  }

  @Override
  public String upsertContext() {
    return """
        INSERT INTO context (run_id, name, value_json) VALUES (?, ?, CAST(? AS jsonb))
        ON CONFLICT (run_id, name) DO UPDATE SET value_json = EXCLUDED.value_json""";
  }
}
