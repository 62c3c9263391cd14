package dev.dagflow.store.internal;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.store.FencedUpdate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Nodes of runs: inserts, reads, leases and fenced completions ({@link NodeClaims} claims). */
final class NodeTable {
  static final String COLUMNS =
      "run_id, node_id, type, name, status, attempts, attempt_base, ready_at, started_at,"
          + " finished_at,"
          + " next_attempt_at, lease_owner, lease_expires_at, output, quality_score, artifacts,"
          + " error";

  /**
   * The one order in which every multi-row write locks node rows (run id as the databases order it,
   * then node id): a completion's fenced batch and a heartbeat's renewals lock the same running
   * rows, and in different orders they deadlock.
   */
  private static final Comparator<NodeKey> LOCK_ORDER =
      Comparator.comparing(NodeKey::runId, RunTable.DATABASE_ORDER).thenComparing(NodeKey::nodeId);

  private final Db db;

  NodeTable(Db db) {
    this.db = db;
  }

  void insert(List<NodeRecord> nodes) {
    String json = db.dialect().json();
    db.sql()
        .batch(
            db.connection(),
            "INSERT INTO nodes (type, name, status, attempts, attempt_base, ready_at, started_at,"
                + " finished_at, next_attempt_at, lease_owner, lease_expires_at, output,"
                + " quality_score, artifacts, error, run_id, node_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + json
                + ", ?, "
                + json
                + ", ?, ?, ?)",
            nodes.stream().<SqlExecutor.Binder>map(n -> ps -> bindAll(ps, n)).toList());
  }

  void update(Collection<NodeRecord> nodes) {
    db.sql()
        .batch(
            db.connection(),
            "UPDATE nodes SET " + assignments() + " WHERE run_id = ? AND node_id = ?",
            nodes.stream()
                .sorted(Comparator.comparing(NodeRecord::key, LOCK_ORDER))
                .<SqlExecutor.Binder>map(n -> ps -> bindAll(ps, n))
                .toList());
  }

  boolean updateFenced(NodeRecord node, String expectedOwner, int expectedAttempt) {
    return db.sql()
            .update(
                db.connection(),
                "UPDATE nodes SET "
                    + assignments()
                    + " WHERE run_id = ? AND node_id = ?"
                    + " AND status = 'running' AND lease_owner = ? AND attempts = ?",
                ps -> {
                  int i = bindAll(ps, node);
                  ps.setString(i++, expectedOwner);
                  ps.setInt(i, expectedAttempt);
                })
        == 1;
  }

  boolean[] updateFenced(List<FencedUpdate> updates) {
    Integer[] order = new Integer[updates.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing(i -> updates.get(i).node().key(), LOCK_ORDER));
    int[] counts =
        db.sql()
            .batch(
                db.connection(),
                "UPDATE nodes SET "
                    + assignments()
                    + " WHERE run_id = ? AND node_id = ?"
                    + " AND status = 'running' AND lease_owner = ? AND attempts = ?",
                Arrays.stream(order)
                    .map(updates::get)
                    .<SqlExecutor.Binder>map(
                        u ->
                            ps -> {
                              int i = bindAll(ps, u.node());
                              ps.setString(i++, u.expectedOwner());
                              ps.setInt(i, u.expectedAttempt());
                            })
                    .toList());
    boolean[] applied = new boolean[counts.length];
    for (int i = 0; i < counts.length; i++) {
      applied[order[i]] = counts[i] > 0;
    }
    return applied;
  }

  List<NodeRecord> findByRun(UUID runId) {
    return db.sql()
        .query(
            db.connection(),
            // item rows of mapped nodes (ids ending ']') are read through MapItemTable
            "SELECT "
                + COLUMNS
                + " FROM nodes WHERE run_id = ? AND node_id NOT LIKE '%]' ORDER BY node_id",
            ps -> Columns.setUuid(ps, 1, runId),
            NodeTable::map);
  }

  /** Rows of the named nodes, in IN lists of a few fixed widths ({@link InLists}). */
  List<NodeRecord> findByIds(UUID runId, Collection<String> nodeIds) {
    List<NodeRecord> out = new ArrayList<>(nodeIds.size());
    for (List<String> chunk : InLists.padded(List.copyOf(new LinkedHashSet<>(nodeIds)))) {
      out.addAll(
          db.sql()
              .query(
                  db.connection(),
                  "SELECT "
                      + COLUMNS
                      + " FROM nodes WHERE run_id = ? AND node_id IN ("
                      + InLists.placeholders(chunk.size())
                      + ")",
                  ps -> {
                    Columns.setUuid(ps, 1, runId);
                    for (int i = 0; i < chunk.size(); i++) {
                      ps.setString(i + 2, chunk.get(i));
                    }
                  },
                  NodeTable::map));
    }
    out.sort(Comparator.comparing(NodeRecord::nodeId));
    return out;
  }

  Set<NodeKey> renew(String owner, Collection<NodeKey> keys, Instant leaseUntil) {
    List<NodeKey> ordered = keys.stream().sorted(LOCK_ORDER).toList();
    int[] counts =
        db.sql()
            .batch(
                db.connection(),
                "UPDATE nodes SET lease_expires_at = ? WHERE run_id = ? AND node_id = ?"
                    + " AND status = 'running' AND lease_owner = ?",
                ordered.stream()
                    .<SqlExecutor.Binder>map(
                        k ->
                            ps -> {
                              Columns.setInstant(ps, 1, leaseUntil);
                              Columns.setUuid(ps, 2, k.runId());
                              ps.setString(3, k.nodeId());
                              ps.setString(4, owner);
                            })
                    .toList());
    Set<NodeKey> held = new LinkedHashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        held.add(ordered.get(i));
      }
    }
    return Set.copyOf(held);
  }

  List<NodeRecord> findExpiredLeases(Instant now, int limit) {
    Pages.checkLimit(limit);
    return db.sql()
        .query(
            db.connection(),
            "SELECT "
                + COLUMNS
                + " FROM nodes WHERE status = 'running' AND lease_expires_at < ?"
                + " ORDER BY lease_expires_at LIMIT ?",
            ps -> {
              Columns.setInstant(ps, 1, now);
              ps.setInt(2, limit);
            },
            NodeTable::map);
  }

  private String assignments() {
    String json = db.dialect().json();
    return "type = ?, name = ?, status = ?, attempts = ?, attempt_base = ?, ready_at = ?,"
        + " started_at = ?,"
        + " finished_at = ?, next_attempt_at = ?, lease_owner = ?, lease_expires_at = ?,"
        + " output = "
        + json
        + ", quality_score = ?, artifacts = "
        + json
        + ", error = ?";
  }

  /**
   * Binds the 15 assigned fields, then run id and node id; returns the next index. The usual name,
   * attempt base, output and ready time go as NULL ({@link DefaultValues}).
   */
  private static int bindAll(PreparedStatement ps, NodeRecord n) throws SQLException {
    ps.setString(1, n.type());
    Columns.setString(ps, 2, DefaultValues.storedName(n));
    ps.setString(3, n.status().label());
    ps.setInt(4, n.attempts());
    Integer attemptBase = DefaultValues.storedAttemptBase(n);
    if (attemptBase == null) {
      ps.setNull(5, Types.INTEGER);
    } else {
      ps.setInt(5, attemptBase);
    }
    Columns.setInstant(ps, 6, DefaultValues.storedReadyAt(n));
    Columns.setInstant(ps, 7, n.startedAt());
    Columns.setInstant(ps, 8, n.finishedAt());
    Columns.setInstant(ps, 9, n.nextAttemptAt());
    Columns.setString(ps, 10, n.leaseOwner());
    Columns.setInstant(ps, 11, n.leaseExpiresAt());
    Columns.setJson(ps, 12, DefaultValues.storedOutput(n));
    Columns.setDouble(ps, 13, n.qualityScore());
    Columns.setArtifacts(ps, 14, n.artifacts());
    Columns.setString(ps, 15, n.error());
    Columns.setUuid(ps, 16, n.runId());
    ps.setString(17, n.nodeId());
    return 18;
  }

  /** The row as a record; an undecodable one throws {@link UndecodableRowException}. */
  static NodeRecord map(ResultSet rs) throws SQLException {
    UUID runId = Columns.uuid(rs, "run_id");
    String nodeId = rs.getString("node_id");
    String row = "nodes row '" + nodeId + "'";
    EngineErrorKind kind = EngineErrorKind.UNDECODABLE_NODE;
    NodeStatus status = Rows.nodeStatus(runId, nodeId, rs.getString("status"));
    return new NodeRecord(
        runId,
        nodeId,
        rs.getString("type"),
        DefaultValues.name(nodeId, rs.getString("name")),
        status,
        rs.getInt("attempts"),
        rs.getInt("attempt_base"), // NULL reads as 0
        DefaultValues.readyAt(Columns.instant(rs, "ready_at"), Columns.instant(rs, "started_at")),
        Columns.instant(rs, "started_at"),
        Columns.instant(rs, "finished_at"),
        Columns.instant(rs, "next_attempt_at"),
        rs.getString("lease_owner"),
        Columns.instant(rs, "lease_expires_at"),
        DefaultValues.output(status, Rows.json(rs, "output", false, runId, kind, row)),
        Columns.nullableDouble(rs, "quality_score"),
        artifacts(rs, runId, row),
        rs.getString("error"));
  }

  private static List<Artifact> artifacts(ResultSet rs, UUID runId, String row)
      throws SQLException {
    JsonNode array =
        Rows.json(rs, "artifacts", false, runId, EngineErrorKind.UNDECODABLE_NODE, row);
    if (array == null) {
      return List.of();
    }
    boolean ok = array.isArray();
    for (JsonNode o : array) {
      ok &= o.isObject();
    }
    if (!ok) {
      throw new UndecodableRowException(
          runId,
          EngineErrorKind.UNDECODABLE_NODE,
          row + ": artifacts are not a JSON array of objects");
    }
    return Columns.artifacts(array);
  }
}
