package dev.dagflow.store.internal;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The {@code context} table's write, shared by the auto-commit {@link JdbcContextStore} and by
 * transactions ({@link JdbcSession#saveContext}), so both write the same statement.
 *
 * <pre>{@code
 * new ContextTable(db).upsert(runId, "params", params);
 * }</pre>
 */
final class ContextTable {
  private final Db db;

  ContextTable(Db db) {
    this.db = db;
  }

  void upsert(UUID runId, String key, JsonNode value) {
    db.sql()
        .update(
            db.connection(),
            db.dialect().upsertContext(),
            ps -> {
              Columns.setUuid(ps, 1, runId);
              ps.setString(2, key);
              Columns.setJson(ps, 3, value);
            });
  }
}
