package dev.dagflow.store.internal;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.store.LockedRun;
import dev.dagflow.engine.store.RunQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Runs: lookups, row locks, newest-first pages and the admission queue. */
final class RunTable {
  private static final String COLUMNS =
      "run_id, workflow_id, workflow_version, status, params, queued_at, started_at, finished_at,"
          + " deadline, error, idempotency_key, request_hash, trace_parent";

  /**
   * UUIDs as both databases order them (unsigned, byte by byte; {@link UUID#compareTo} is signed):
   * chunks of {@link #lockMany} follow it, so every transaction locks in one order.
   */
  static final Comparator<UUID> DATABASE_ORDER =
      Comparator.<UUID>comparingLong(u -> u.getMostSignificantBits() ^ Long.MIN_VALUE)
          .thenComparingLong(u -> u.getLeastSignificantBits() ^ Long.MIN_VALUE);

  private final Db db;

  RunTable(Db db) {
    this.db = db;
  }

  void insert(List<RunRecord> runs) {
    db.sql()
        .batch(
            db.connection(),
            "INSERT INTO runs ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, "
                + db.dialect().json()
                + ", ?, ?, ?, ?, ?, ?, ?, ?)",
            runs.stream().<SqlExecutor.Binder>map(run -> ps -> bindInsert(ps, run)).toList());
  }

  private static void bindInsert(PreparedStatement ps, RunRecord run) throws SQLException {
    Columns.setUuid(ps, 1, run.runId());
    bindFields(ps, 2, run);
    Columns.setString(ps, 13, run.traceParent());
  }

  void update(RunRecord run) {
    db.sql()
        .update(
            db.connection(),
            "UPDATE runs SET workflow_id = ?, workflow_version = ?, status = ?, params = "
                + db.dialect().json()
                + ", queued_at = ?, started_at = ?, finished_at = ?, deadline = ?, error = ?,"
                + " idempotency_key = ?, request_hash = ?, version = version + 1 WHERE run_id = ?",
            ps -> {
              bindFields(ps, 1, run);
              Columns.setUuid(ps, 12, run.runId());
            });
  }

  /** The columns from workflow_id to request_hash, in that order, from parameter {@code first}. */
  private static void bindFields(PreparedStatement ps, int first, RunRecord run)
      throws SQLException {
    int i = first;
    ps.setString(i++, run.workflowId());
    ps.setInt(i++, run.workflowVersion());
    ps.setString(i++, run.status().label());
    Columns.setJson(ps, i++, DefaultValues.storedParams(run.params()));
    Columns.setInstant(ps, i++, run.queuedAt());
    Columns.setInstant(ps, i++, run.startedAt());
    Columns.setInstant(ps, i++, run.finishedAt());
    Columns.setInstant(ps, i++, run.deadline());
    Columns.setString(ps, i++, run.error());
    Columns.setString(ps, i++, run.idempotencyKey());
    Columns.setString(ps, i, run.requestHash());
  }

  Optional<RunRecord> find(UUID runId, boolean lock) {
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT " + COLUMNS + " FROM runs WHERE run_id = ?" + (lock ? " FOR UPDATE" : ""),
            ps -> Columns.setUuid(ps, 1, runId),
            RunTable::map);
  }

  /**
   * Locks the rows in run id order and moves their versions up by one, returning each row with the
   * version it had before; in IN lists of a few fixed widths ({@link InLists}).
   */
  List<LockedRun> lockMany(Collection<UUID> runIds, boolean skipLocked) {
    String forUpdate = skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
    TreeSet<UUID> sorted = new TreeSet<>(DATABASE_ORDER);
    sorted.addAll(runIds);
    List<LockedRun> out = new ArrayList<>(sorted.size());
    for (List<UUID> chunk : InLists.padded(List.copyOf(sorted))) {
      String in = "run_id IN (" + InLists.placeholders(chunk.size()) + ")";
      // PostgreSQL locks (in order, in the subquery), moves the version and returns the rows in
      // one statement; H2 has no UPDATE … RETURNING, so it locks, then moves the versions
      String sql =
          db.dialect() instanceof PostgresDialect
              ? "UPDATE runs SET version = version + 1 WHERE run_id IN (SELECT run_id FROM runs"
                  + " WHERE "
                  + in
                  + " ORDER BY run_id"
                  + forUpdate
                  + ") RETURNING "
                  + COLUMNS
                  + ", version - 1 AS version"
              : "SELECT "
                  + COLUMNS
                  + ", version FROM runs WHERE "
                  + in
                  + " ORDER BY run_id"
                  + forUpdate;
      List<LockedRun> locked =
          db.sql()
              .query(
                  db.connection(),
                  sql,
                  ps -> {
                    for (int i = 0; i < chunk.size(); i++) {
                      Columns.setUuid(ps, i + 1, chunk.get(i));
                    }
                  },
                  rs -> new LockedRun(map(rs), rs.getLong("version")));
      if (!(db.dialect() instanceof PostgresDialect) && !locked.isEmpty()) {
        touch(locked.stream().map(l -> l.run().runId()).toList());
      }
      out.addAll(locked);
    }
    out.sort(Comparator.comparing(l -> l.run().runId(), DATABASE_ORDER));
    return out;
  }

  void touch(Collection<UUID> runIds) {
    db.sql()
        .batch(
            db.connection(),
            "UPDATE runs SET version = version + 1 WHERE run_id = ?",
            runIds.stream()
                .sorted()
                .<SqlExecutor.Binder>map(id -> ps -> Columns.setUuid(ps, 1, id))
                .toList());
  }

  Optional<RunRecord> findByIdempotencyKey(String key) {
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT " + COLUMNS + " FROM runs WHERE idempotency_key = ?",
            ps -> ps.setString(1, key),
            RunTable::map);
  }

  Page<RunRecord> list(RunQuery query) {
    Pages.checkLimit(query.limit());
    RunCursor after = query.cursor() == null ? null : RunCursor.decode(query.cursor());
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM runs WHERE 1 = 1");
    List<Binding> params = new ArrayList<>();
    if (query.workflowId() != null) {
      sql.append(" AND workflow_id = ?");
      params.add((ps, i) -> ps.setString(i, query.workflowId()));
    }
    if (query.status() != null) {
      // a literal (from the enum), so that PostgreSQL can use the partial index for queued/running
      sql.append(" AND status = '").append(query.status().label()).append('\'');
    }
    if (query.queuedSince() != null) {
      sql.append(" AND queued_at >= ?");
      params.add((ps, i) -> Columns.setInstant(ps, i, query.queuedSince()));
    }
    if (query.queuedUntil() != null) {
      sql.append(" AND queued_at < ?");
      params.add((ps, i) -> Columns.setInstant(ps, i, query.queuedUntil()));
    }
    if (query.trigger() != null) {
      // runs from before triggers were stored have no row: they came through the API
      if (query.trigger().equals("api")) {
        sql.append(
            " AND NOT EXISTS (SELECT 1 FROM run_triggers t"
                + " WHERE t.run_id = runs.run_id AND t.type <> 'api')");
      } else {
        sql.append(
            " AND EXISTS (SELECT 1 FROM run_triggers t WHERE t.run_id = runs.run_id AND t.type = ?)");
        params.add((ps, i) -> ps.setString(i, query.trigger()));
      }
    }
    if (after != null) {
      // queued_at <= ? bounds the index scan; the OR alone would be a filter over every newer run
      sql.append(" AND queued_at <= ? AND (queued_at < ? OR (queued_at = ? AND run_id < ?))");
      params.add((ps, i) -> Columns.setInstant(ps, i, after.queuedAt()));
      params.add((ps, i) -> Columns.setInstant(ps, i, after.queuedAt()));
      params.add((ps, i) -> Columns.setInstant(ps, i, after.queuedAt()));
      params.add((ps, i) -> Columns.setUuid(ps, i, after.runId()));
    }
    sql.append(" ORDER BY queued_at DESC, run_id DESC LIMIT ?");
    params.add((ps, i) -> ps.setInt(i, query.limit() + 1));
    List<RunRecord> rows =
        db.sql()
            .query(
                db.connection(),
                sql.toString(),
                ps -> {
                  for (int i = 0; i < params.size(); i++) {
                    params.get(i).bind(ps, i + 1);
                  }
                },
                RunTable::mapForList);
    return Pages.of(rows, query.limit(), r -> new RunCursor(r.queuedAt(), r.runId()).encode());
  }

  long count(RunStatus status) {
    // a literal (from the enum), so that PostgreSQL can use the partial index for queued/running
    String where = status == null ? "" : " WHERE status = '" + status.label() + "'";
    return db.sql()
        .queryOne(
            db.connection(),
            "SELECT COUNT(*) FROM runs" + where,
            SqlExecutor.Binder.NONE,
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  void lockAdmission() {
    db.sql()
        .query(
            db.connection(),
            "SELECT id FROM admission_lock WHERE id = 1 FOR UPDATE",
            SqlExecutor.Binder.NONE,
            rs -> rs.getInt(1));
  }

  List<RunRecord> lockQueued(int limit) {
    Pages.checkLimit(limit);
    return SkipLocked.select(
        db,
        "runs",
        COLUMNS,
        List.of("run_id"),
        "status = 'queued'",
        SkipLocked.Params.NONE,
        "queued_at, run_id",
        limit,
        RunTable::map);
  }

  List<RunRecord> findOverdue(Instant now, int limit) {
    Pages.checkLimit(limit);
    return db.sql()
        .query(
            db.connection(),
            "SELECT "
                + COLUMNS
                + " FROM runs WHERE status = 'running' AND deadline < ?"
                + " ORDER BY deadline LIMIT ?",
            ps -> {
              Columns.setInstant(ps, 1, now);
              ps.setInt(2, limit);
            },
            RunTable::map);
  }

  /**
   * The row as a record; an undecodable one throws {@link UndecodableRowException} naming the run.
   * A run the engine already failed for that reason reads with empty params, so that it shows as
   * the failure it is.
   */
  static RunRecord map(ResultSet rs) throws SQLException {
    UUID runId = Columns.uuid(rs, "run_id");
    RunStatus status = Rows.runStatus(runId, rs.getString("status"));
    String error = rs.getString("error");
    JsonNode params;
    try {
      params =
          DefaultValues.params(
              Rows.json(rs, "params", true, runId, EngineErrorKind.UNDECODABLE_RUN, "runs row"));
    } catch (UndecodableRowException e) {
      if (!isolated(status, error)) {
        throw e;
      }
      params = JsonNodeFactory.instance.objectNode();
    }
    return new RunRecord(
        runId,
        rs.getString("workflow_id"),
        rs.getInt("workflow_version"),
        status,
        params,
        Columns.instant(rs, "queued_at"),
        Columns.instant(rs, "started_at"),
        Columns.instant(rs, "finished_at"),
        Columns.instant(rs, "deadline"),
        error,
        rs.getString("idempotency_key"),
        rs.getString("request_hash"),
        rs.getString("trace_parent"));
  }

  /**
   * For lists: a row that cannot be decoded shows as the failure it is about to become (its reason
   * as the error, empty params), so one bad row never breaks a page.
   */
  static RunRecord mapForList(ResultSet rs) throws SQLException {
    try {
      return map(rs);
    } catch (UndecodableRowException e) {
      return new RunRecord(
          e.runId(),
          rs.getString("workflow_id"),
          rs.getInt("workflow_version"),
          RunStatus.FAILURE,
          JsonNodeFactory.instance.objectNode(),
          Columns.instant(rs, "queued_at"),
          Columns.instant(rs, "started_at"),
          Columns.instant(rs, "finished_at"),
          Columns.instant(rs, "deadline"),
          e.reason(),
          rs.getString("idempotency_key"),
          rs.getString("request_hash"),
          rs.getString("trace_parent"));
    }
  }

  private static boolean isolated(RunStatus status, String error) {
    return status == RunStatus.FAILURE
        && error != null
        && error.startsWith(UndecodableRowException.REASON_PREFIX);
  }

  /** Binds one parameter at a position decided when the query is assembled. */
  @FunctionalInterface
  private interface Binding {
    void bind(PreparedStatement ps, int index) throws SQLException;
  }
}
