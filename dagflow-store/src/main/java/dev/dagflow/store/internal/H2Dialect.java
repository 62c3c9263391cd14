package dev.dagflow.store.internal;

/** H2 2.x: a row lock on a one-row table stands in for the admission lock; MERGE for upserts. */
public record H2Dialect() implements Dialect {

  @Override
  public String name() {
    return "h2";
  }

  @Override
  public String json() {
    return "?";
  }

  /** One process: positions alone order events (see {@link EventPositions}). */
  @Override
  public String eventTxn() {
    return "0";
  }

  @Override
  public String eventTxnColumn() {
    return "e.xid";
  }

  @Override
  public String insertWorkflowIfAbsent() {
    return """
        MERGE INTO workflows w
        USING (VALUES (CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS VARCHAR),
                       CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) s(id, version, source, created_at)
        ON w.id = s.id AND w.version = s.version
        WHEN NOT MATCHED THEN INSERT (id, version, source, created_at, deleted)
          VALUES (s.id, s.version, s.source, s.created_at, FALSE)""";
  }

  @Override
  public String upsertContext() {
    return "MERGE INTO context (run_id, name, value_json) KEY (run_id, name) VALUES (?, ?, ?)";
  }
}
