package dev.dagflow.store.internal;

/**
 * PostgreSQL: jsonb columns, {@code ON CONFLICT} upserts, and transaction ids ({@code xid8}) for
 * the global event order.
 */
public record PostgresDialect() implements Dialect {
  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String json() {
    return "CAST(? AS jsonb)";
  }

  @Override
  public String eventTxn() {
    return "pg_current_xact_id()";
  }

  @Override
  public String eventTxnColumn() {
    return "CAST(e.xid AS text) AS xid";
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
