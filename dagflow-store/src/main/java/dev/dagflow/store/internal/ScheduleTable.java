package dev.dagflow.store.internal;

import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.store.ScheduleSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Schedules (one row per workflow and schedule) and run triggers ({@link ScheduleSession}). */
final class ScheduleTable implements ScheduleSession {
  private static final String COLUMNS =
      "workflow_id, schedule_id, cron, timezone, enabled, paused, next_fire_at, last_fire_at,"
          + " last_run_id, buffered_fire_at";
  private static final String TRIGGER_COLUMNS =
      "run_id, type, schedule_id, fire_time, parent_run_id, parent_node_id, parent_attempt";
  private static final String ACTIVE = "r.status IN ('queued', 'running')";

  private final Db db;
  private final boolean readOnly;

  ScheduleTable(Db db, boolean readOnly) {
    this.db = db;
    this.readOnly = readOnly;
  }

  @Override
  public List<ScheduleRecord> list() {
    return db.sql()
        .query(
            db.connection(),
            "SELECT " + COLUMNS + " FROM schedules ORDER BY workflow_id, schedule_id",
            ps -> {},
            ScheduleTable::map);
  }

  @Override
  public List<ScheduleRecord> findByWorkflow(String workflowId) {
    return db.sql()
        .query(
            db.connection(),
            "SELECT " + COLUMNS + " FROM schedules WHERE workflow_id = ? ORDER BY schedule_id",
            ps -> ps.setString(1, workflowId),
            ScheduleTable::map);
  }

  @Override
  public Optional<ScheduleRecord> lock(String workflowId, String scheduleId) {
    writable("lock");
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT "
                + COLUMNS
                + " FROM schedules WHERE workflow_id = ? AND schedule_id = ? FOR UPDATE",
            ps -> {
              ps.setString(1, workflowId);
              ps.setString(2, scheduleId);
            },
            ScheduleTable::map);
  }

  @Override
  public List<ScheduleRecord> lockDue(Instant now, int limit) {
    writable("lockDue");
    return SkipLocked.select(
        db,
        "schedules",
        COLUMNS,
        List.of("workflow_id", "schedule_id"),
        "enabled = TRUE AND paused = FALSE"
            + " AND (next_fire_at <= ? OR buffered_fire_at IS NOT NULL)",
        (ps, i) -> {
          Columns.setInstant(ps, i, now);
          return i + 1;
        },
        "next_fire_at, workflow_id, schedule_id",
        limit,
        ScheduleTable::map);
  }

  @Override
  public void insert(ScheduleRecord s) {
    writable("insert");
    db.sql()
        .update(
            db.connection(),
            "INSERT INTO schedules (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ps -> {
              ps.setString(1, s.workflowId());
              ps.setString(2, s.scheduleId());
              ps.setString(3, s.cron());
              ps.setString(4, s.timezone());
              ps.setBoolean(5, s.enabled());
              ps.setBoolean(6, s.paused());
              Columns.setInstant(ps, 7, s.nextFireAt());
              Columns.setInstant(ps, 8, s.lastFireAt());
              Columns.setUuid(ps, 9, s.lastRunId());
              Columns.setInstant(ps, 10, s.bufferedFireAt());
            });
  }

  @Override
  public void update(ScheduleRecord s) {
    writable("update");
    db.sql()
        .update(
            db.connection(),
            "UPDATE schedules SET cron = ?, timezone = ?, enabled = ?, paused = ?,"
                + " next_fire_at = ?, last_fire_at = ?, last_run_id = ?, buffered_fire_at = ?"
                + " WHERE workflow_id = ? AND schedule_id = ?",
            ps -> {
              ps.setString(1, s.cron());
              ps.setString(2, s.timezone());
              ps.setBoolean(3, s.enabled());
              ps.setBoolean(4, s.paused());
              Columns.setInstant(ps, 5, s.nextFireAt());
              Columns.setInstant(ps, 6, s.lastFireAt());
              Columns.setUuid(ps, 7, s.lastRunId());
              Columns.setInstant(ps, 8, s.bufferedFireAt());
              ps.setString(9, s.workflowId());
              ps.setString(10, s.scheduleId());
            });
  }

  @Override
  public void delete(String workflowId, String scheduleId) {
    writable("delete");
    db.sql()
        .update(
            db.connection(),
            "DELETE FROM schedules WHERE workflow_id = ? AND schedule_id = ?",
            ps -> {
              ps.setString(1, workflowId);
              ps.setString(2, scheduleId);
            });
  }

  @Override
  public int deleteByWorkflow(String workflowId) {
    writable("deleteByWorkflow");
    return db.sql()
        .update(
            db.connection(),
            "DELETE FROM schedules WHERE workflow_id = ?",
            ps -> ps.setString(1, workflowId));
  }

  @Override
  public void insertTrigger(UUID runId, String workflowId, Trigger trigger) {
    writable("insertTrigger");
    db.sql()
        .update(
            db.connection(),
            "INSERT INTO run_triggers (workflow_id, "
                + TRIGGER_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ps -> {
              ps.setString(1, workflowId);
              Columns.setUuid(ps, 2, runId);
              ps.setString(3, trigger.type());
              String scheduleId = null;
              Instant fireTime = null;
              UUID parentRun = null;
              String parentNode = null;
              Integer parentAttempt = null;
              switch (trigger) {
                case Trigger.Api api -> {}
                case Trigger.Cli cli -> {}
                case Trigger.Schedule s -> {
                  scheduleId = s.scheduleId();
                  fireTime = s.fireTime();
                }
                case Trigger.Parent p -> {
                  parentRun = p.runId();
                  parentNode = p.nodeId();
                  parentAttempt = p.attempt();
                }
              }
              Columns.setString(ps, 4, scheduleId);
              Columns.setInstant(ps, 5, fireTime);
              Columns.setUuid(ps, 6, parentRun);
              Columns.setString(ps, 7, parentNode);
              if (parentAttempt == null) {
                ps.setNull(8, java.sql.Types.INTEGER);
              } else {
                ps.setInt(8, parentAttempt);
              }
            });
  }

  @Override
  public Trigger findTrigger(UUID runId) {
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT " + TRIGGER_COLUMNS + " FROM run_triggers WHERE run_id = ?",
            ps -> Columns.setUuid(ps, 1, runId),
            ScheduleTable::trigger)
        .orElse(Trigger.API);
  }

  @Override
  public Map<UUID, Trigger> findTriggers(Collection<UUID> runIds) {
    Map<UUID, Trigger> out = new HashMap<>();
    for (List<UUID> chunk : InLists.padded(List.copyOf(runIds))) {
      db.sql()
          .query(
              db.connection(),
              "SELECT "
                  + TRIGGER_COLUMNS
                  + " FROM run_triggers WHERE run_id IN ("
                  + InLists.placeholders(chunk.size())
                  + ")",
              ps -> {
                for (int i = 0; i < chunk.size(); i++) {
                  Columns.setUuid(ps, i + 1, chunk.get(i));
                }
              },
              rs -> Map.entry(Columns.uuid(rs, "run_id"), trigger(rs)))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }

  @Override
  public boolean fireExists(String workflowId, String scheduleId, Instant fireTime) {
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT run_id FROM run_triggers"
                + " WHERE workflow_id = ? AND schedule_id = ? AND fire_time = ?",
            ps -> {
              ps.setString(1, workflowId);
              ps.setString(2, scheduleId);
              Columns.setInstant(ps, 3, fireTime);
            },
            rs -> Boolean.TRUE)
        .isPresent();
  }

  @Override
  public List<UUID> findActiveRuns(String workflowId, String scheduleId) {
    // from the few active runs (status index) to their triggers, not from every fire ever made
    return db.sql()
        .query(
            db.connection(),
            "SELECT r.run_id FROM runs r JOIN run_triggers t ON t.run_id = r.run_id"
                + " WHERE "
                + ACTIVE
                + " AND r.workflow_id = ? AND t.schedule_id = ? ORDER BY r.queued_at",
            ps -> {
              ps.setString(1, workflowId);
              ps.setString(2, scheduleId);
            },
            rs -> Columns.uuid(rs, "run_id"));
  }

  @Override
  public List<UUID> findActiveChildren(UUID parentRunId) {
    return db.sql()
        .query(
            db.connection(),
            "SELECT r.run_id FROM run_triggers t JOIN runs r ON r.run_id = t.run_id"
                + " WHERE t.parent_run_id = ? AND "
                + ACTIVE,
            ps -> Columns.setUuid(ps, 1, parentRunId),
            rs -> Columns.uuid(rs, "run_id"));
  }

  @Override
  public List<EndedChild> findEndedChildren(String waitingOwner, int limit) {
    return db.sql()
        .query(
            db.connection(),
            "SELECT n.run_id, n.node_id, c.run_id AS child_id, c.status, c.error FROM nodes n"
                + " JOIN run_triggers t ON t.parent_run_id = n.run_id"
                + " AND t.parent_node_id = n.node_id AND t.parent_attempt = n.attempts"
                + " JOIN runs c ON c.run_id = t.run_id"
                + " WHERE n.status = 'running' AND n.lease_owner = ? AND n.type = 'workflow'"
                + " AND c.status IN ('success', 'failure', 'cancelled') LIMIT ?",
            ps -> {
              ps.setString(1, waitingOwner);
              ps.setInt(2, limit);
            },
            rs ->
                new EndedChild(
                    Columns.uuid(rs, "run_id"),
                    rs.getString("node_id"),
                    Columns.uuid(rs, "child_id"),
                    RunStatus.fromLabel(rs.getString("status")),
                    rs.getString("error")));
  }

  @Override
  public List<UUID> findOrphanedChildren(int limit) {
    // from the few active runs to their parents' nodes: a child whose parent node no longer
    // waits on this attempt (cancelled, failed, timed out, retried) has no one to report to
    return db.sql()
        .query(
            db.connection(),
            "SELECT c.run_id FROM runs c JOIN run_triggers t ON t.run_id = c.run_id"
                + " JOIN nodes n ON n.run_id = t.parent_run_id AND n.node_id = t.parent_node_id"
                + " WHERE c.status IN ('queued', 'running') AND t.type = 'parent'"
                + " AND (n.status <> 'running' OR n.attempts <> t.parent_attempt) LIMIT ?",
            ps -> ps.setInt(1, limit),
            rs -> Columns.uuid(rs, "run_id"));
  }

  private static ScheduleRecord map(ResultSet rs) throws SQLException {
    return new ScheduleRecord(
        rs.getString("workflow_id"),
        rs.getString("schedule_id"),
        rs.getString("cron"),
        rs.getString("timezone"),
        rs.getBoolean("enabled"),
        rs.getBoolean("paused"),
        Columns.instant(rs, "next_fire_at"),
        Columns.instant(rs, "last_fire_at"),
        Columns.uuid(rs, "last_run_id"),
        Columns.instant(rs, "buffered_fire_at"));
  }

  private static Trigger trigger(ResultSet rs) throws SQLException {
    return switch (rs.getString("type")) {
      case "cli" -> Trigger.CLI;
      case "schedule" ->
          new Trigger.Schedule(rs.getString("schedule_id"), Columns.instant(rs, "fire_time"));
      case "parent" ->
          new Trigger.Parent(
              Columns.uuid(rs, "parent_run_id"),
              rs.getString("parent_node_id"),
              rs.getInt("parent_attempt"));
      default -> Trigger.API;
    };
  }

  private void writable(String operation) {
    if (readOnly) {
      throw new IllegalStateException(operation + " needs store.transaction(), not store.read()");
    }
  }
}
