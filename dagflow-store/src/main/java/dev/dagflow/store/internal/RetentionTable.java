package dev.dagflow.store.internal;

import dev.dagflow.engine.store.FinishedRun;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * What retention reads and deletes: finished runs past a cutoff, locked so that a purge and a retry
 * or a second purger never take the same run; the rows of a run in every table; the one-row purge
 * lease that lets one instance purge at a time.
 *
 * <pre>{@code
 * var batch = retention.lockFinished(null, List.of("audit"), cutoff, 100);
 * retention.delete(batch.stream().map(FinishedRun::runId).toList());
 * }</pre>
 */
final class RetentionTable {
  /** The tables holding a run's rows, children first (nodes reference runs). */
  private static final List<String> TABLES =
      List.of("events", "event_heads", "context", "nodes", "runs");

  private final Db db;

  RetentionTable(Db db) {
    this.db = db;
  }

  /**
   * A finished run was queued before it finished, so {@code queued_at < cutoff} holds too: it lets
   * the {@code (queued_at, run_id)} and {@code (workflow_id, queued_at)} indexes find candidates in
   * order, oldest first, without an index on {@code finished_at} in every run row. Reading through
   * them matters: H2 left to itself used the {@code (status, queued_at)} index for the status list
   * and sorted every finished run for each batch, so a purge slowed down as runs piled up and fell
   * behind a busy engine for good (docs/performance.md, "Retention under load").
   */
  List<FinishedRun> lockFinished(
      String workflowId, Collection<String> exceptWorkflows, Instant cutoff, int limit) {
    Pages.checkLimit(limit);
    List<String> except = List.copyOf(new LinkedHashSet<>(exceptWorkflows));
    StringBuilder where =
        new StringBuilder(
            "status IN ('success', 'failure', 'cancelled') AND queued_at < ? AND finished_at < ?");
    if (workflowId != null) {
      where.append(" AND workflow_id = ?");
    } else if (!except.isEmpty()) {
      where.append(" AND workflow_id NOT IN (").append(InLists.placeholders(except.size()));
      where.append(")");
    }
    return SkipLocked.select(
        db,
        "runs",
        workflowId != null ? "runs_workflow_queued" : "runs_queued",
        "run_id, workflow_id",
        List.of("run_id"),
        where.toString(),
        (ps, index) -> {
          Columns.setInstant(ps, index++, cutoff);
          Columns.setInstant(ps, index++, cutoff);
          if (workflowId != null) {
            ps.setString(index++, workflowId);
          } else {
            for (String id : except) {
              ps.setString(index++, id);
            }
          }
          return index;
        },
        workflowId != null ? "workflow_id, queued_at" : "queued_at, run_id",
        limit,
        rs -> new FinishedRun(Columns.uuid(rs, "run_id"), rs.getString("workflow_id")));
  }

  /** Deletes the runs' rows from every table; returns how many run rows went. */
  int delete(Collection<UUID> runIds) {
    List<UUID> ids = List.copyOf(new LinkedHashSet<>(runIds));
    if (ids.isEmpty()) {
      return 0;
    }
    int deletedRuns = 0;
    for (List<UUID> chunk : InLists.padded(ids)) {
      for (String table : TABLES) {
        int rows =
            db.sql()
                .update(
                    db.connection(),
                    "DELETE FROM "
                        + table
                        + " WHERE run_id IN ("
                        + InLists.placeholders(chunk.size())
                        + ")",
                    ps -> {
                      for (int i = 0; i < chunk.size(); i++) {
                        Columns.setUuid(ps, i + 1, chunk.get(i));
                      }
                    });
        if (table.equals("runs")) {
          deletedRuns += rows;
        }
      }
    }
    return deletedRuns;
  }

  boolean claimLease(String owner, Instant now, Instant until) {
    return db.sql()
            .update(
                db.connection(),
                "UPDATE purge_lease SET owner = ?, expires_at = ?"
                    + " WHERE id = 1 AND (owner IS NULL OR owner = ? OR expires_at < ?)",
                ps -> {
                  ps.setString(1, owner);
                  Columns.setInstant(ps, 2, until);
                  ps.setString(3, owner);
                  Columns.setInstant(ps, 4, now);
                })
        == 1;
  }

  void releaseLease(String owner) {
    db.sql()
        .update(
            db.connection(),
            "UPDATE purge_lease SET owner = NULL, expires_at = NULL WHERE id = 1 AND owner = ?",
            ps -> ps.setString(1, owner));
  }
}
