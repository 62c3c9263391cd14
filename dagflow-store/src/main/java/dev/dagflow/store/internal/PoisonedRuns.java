package dev.dagflow.store.internal;

import dev.dagflow.engine.model.NodeStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Fails a run whose rows cannot be decoded, by run id and plain SQL only, so that a corrupt row
 * never stops it: the run ends {@code failure} with the reason, its unfinished nodes (and those
 * with a status no release knows) end {@code cancelled} with it.
 *
 * <pre>{@code
 * new PoisonedRuns(db).fail(runId, "run cannot be decoded: …", now);   // the workflow id, if failed now
 * }</pre>
 */
final class PoisonedRuns {
  private static final String FINISHED_RUN = "('success', 'failure', 'cancelled')";
  private static final String FINISHED_NODE = "('success', 'failure', 'skipped', 'cancelled')";

  private final Db db;

  PoisonedRuns(Db db) {
    this.db = db;
  }

  /**
   * Runs that are running with a node row whose status no release knows: such a node is never
   * claimed and would leave its run unfinished. Reads only the nodes of running runs.
   */
  List<UUID> findUnknownNodeStatus(int limit) {
    Pages.checkLimit(limit);
    String known =
        Arrays.stream(NodeStatus.values())
            .map(st -> "'" + st.label() + "'")
            .collect(Collectors.joining(", ", "(", ")"));
    return db.sql()
        .query(
            db.connection(),
            "SELECT DISTINCT n.run_id FROM runs r JOIN nodes n ON n.run_id = r.run_id"
                + " WHERE r.status = 'running' AND n.status NOT IN "
                + known
                + " LIMIT ?",
            ps -> ps.setInt(1, limit),
            rs -> Columns.uuid(rs, "run_id"));
  }

  /** The run's workflow id when this failed it; empty when it was gone or already finished. */
  Optional<String> fail(UUID runId, String reason, Instant now) {
    Optional<String> workflowId =
        db.sql()
            .queryOne(
                db.connection(),
                "SELECT workflow_id FROM runs WHERE run_id = ? AND (status IS NULL OR status NOT IN "
                    + FINISHED_RUN
                    + ") FOR UPDATE",
                ps -> Columns.setUuid(ps, 1, runId),
                rs -> rs.getString(1));
    if (workflowId.isEmpty()) {
      return workflowId;
    }
    db.sql()
        .update(
            db.connection(),
            "UPDATE runs SET status = 'failure', error = ?, finished_at = ?,"
                + " version = version + 1 WHERE run_id = ?",
            ps -> {
              ps.setString(1, reason);
              Columns.setInstant(ps, 2, now);
              Columns.setUuid(ps, 3, runId);
            });
    db.sql()
        .update(
            db.connection(),
            // what an unfinished node holds is an attempt's leftovers: dropped, so the rows read
            "UPDATE nodes SET status = 'cancelled', error = ?, finished_at = ?,"
                + " next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL,"
                + " output = NULL, artifacts = NULL"
                + " WHERE run_id = ? AND status NOT IN "
                + FINISHED_NODE,
            ps -> {
              ps.setString(1, reason);
              Columns.setInstant(ps, 2, now);
              Columns.setUuid(ps, 3, runId);
            });
    return workflowId;
  }
}
