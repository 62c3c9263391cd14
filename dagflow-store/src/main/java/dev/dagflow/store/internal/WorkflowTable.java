package dev.dagflow.store.internal;

import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.StoredWorkflow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Workflow definitions, one row per version; deleting marks every version deleted. */
final class WorkflowTable {
  private static final String COLUMNS = "id, version, source, created_at";

  private final Db db;
  private final Clock clock;

  WorkflowTable(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  StoredWorkflow save(String workflowId, String source) {
    // A concurrent save of the same id may win the insert; then compare against its version.
    for (int tries = 0; tries < 10; tries++) {
      Optional<Latest> latest = latest(workflowId);
      if (latest.isPresent()
          && !latest.get().deleted()
          && latest.get().workflow().source().equals(source)) {
        return latest.get().workflow();
      }
      int version = latest.map(l -> l.workflow().version() + 1).orElse(1);
      Instant now = clock.instant();
      int inserted =
          db.sql()
              .update(
                  db.connection(),
                  db.dialect().insertWorkflowIfAbsent(),
                  ps -> {
                    ps.setString(1, workflowId);
                    ps.setInt(2, version);
                    ps.setString(3, source);
                    Columns.setInstant(ps, 4, now);
                  });
      if (inserted == 1) {
        return find(workflowId, version).orElseThrow();
      }
    }
    throw new IllegalStateException("workflow " + workflowId + " changed concurrently, try again");
  }

  Optional<StoredWorkflow> find(String workflowId) {
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT "
                + COLUMNS
                + " FROM workflows WHERE id = ? AND deleted = FALSE"
                + " ORDER BY version DESC LIMIT 1",
            ps -> ps.setString(1, workflowId),
            WorkflowTable::map);
  }

  Optional<StoredWorkflow> find(String workflowId, int version) {
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT " + COLUMNS + " FROM workflows WHERE id = ? AND version = ?",
            ps -> {
              ps.setString(1, workflowId);
              ps.setInt(2, version);
            },
            WorkflowTable::map);
  }

  Page<StoredWorkflow> list(int limit, String cursor) {
    Pages.checkLimit(limit);
    String after = cursor == null ? "" : " AND w.id > ?";
    List<StoredWorkflow> rows =
        db.sql()
            .query(
                db.connection(),
                "SELECT w.id, w.version, w.source, w.created_at FROM workflows w"
                    + " WHERE w.deleted = FALSE"
                    + " AND w.version = (SELECT MAX(x.version) FROM workflows x WHERE x.id = w.id)"
                    + after
                    + " ORDER BY w.id LIMIT ?",
                ps -> {
                  int i = 1;
                  if (cursor != null) {
                    ps.setString(i++, cursor);
                  }
                  ps.setInt(i, limit + 1);
                },
                WorkflowTable::map);
    return Pages.of(rows, limit, StoredWorkflow::id);
  }

  boolean delete(String workflowId) {
    return db.sql()
            .update(
                db.connection(),
                "UPDATE workflows SET deleted = TRUE WHERE id = ? AND deleted = FALSE",
                ps -> ps.setString(1, workflowId))
        > 0;
  }

  private Optional<Latest> latest(String workflowId) {
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT "
                + COLUMNS
                + ", deleted FROM workflows WHERE id = ?"
                + " ORDER BY version DESC LIMIT 1",
            ps -> ps.setString(1, workflowId),
            rs -> new Latest(map(rs), rs.getBoolean("deleted")));
  }

  private static StoredWorkflow map(ResultSet rs) throws SQLException {
    return new StoredWorkflow(
        rs.getString("id"),
        rs.getInt("version"),
        rs.getString("source"),
        Columns.instant(rs, "created_at"));
  }

  private record Latest(StoredWorkflow workflow, boolean deleted) {}
}
