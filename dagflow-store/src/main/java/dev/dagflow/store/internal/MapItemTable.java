package dev.dagflow.store.internal;

import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.MapItem;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.store.MapItemSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Item rows of mapped nodes: rows of the nodes table whose id is {@code <node>[<index>]}. Within
 * one node, ordering by id length and then id is index order (the prefix is the same, so a longer
 * id is a larger index), which keeps paging in SQL on both databases.
 */
final class MapItemTable implements MapItemSession {
  private final Db db;
  private final NodeTable nodes;

  MapItemTable(Db db, NodeTable nodes) {
    this.db = db;
    this.nodes = nodes;
  }

  @Override
  public void insert(List<NodeRecord> items) {
    if (!items.isEmpty()) {
      nodes.insert(items);
    }
  }

  @Override
  public List<NodeRecord> findAll(UUID runId) {
    return db.sql()
        .query(
            db.connection(),
            "SELECT "
                + NodeTable.COLUMNS
                + " FROM nodes WHERE run_id = ? AND node_id LIKE '%]'"
                + " ORDER BY node_id",
            ps -> Columns.setUuid(ps, 1, runId),
            NodeTable::map);
  }

  @Override
  public Page<NodeRecord> page(UUID runId, String nodeId, String cursor, int limit) {
    Pages.checkLimit(limit);
    int after = cursor == null ? -1 : index(cursor);
    String lastId = new MapItem(nodeId, Math.max(after, 0)).id();
    List<NodeRecord> rows =
        db.sql()
            .query(
                db.connection(),
                "SELECT "
                    + NodeTable.COLUMNS
                    + " FROM nodes WHERE run_id = ? AND node_id LIKE ? ESCAPE '!'"
                    + " AND (? OR LENGTH(node_id) > ? OR (LENGTH(node_id) = ? AND node_id > ?))"
                    + " ORDER BY LENGTH(node_id), node_id LIMIT ?",
                ps -> {
                  Columns.setUuid(ps, 1, runId);
                  ps.setString(2, likeEscaped(nodeId) + "[%]");
                  ps.setBoolean(3, after < 0);
                  ps.setInt(4, lastId.length());
                  ps.setInt(5, lastId.length());
                  ps.setString(6, lastId);
                  ps.setInt(7, limit + 1);
                },
                NodeTable::map);
    return Pages.of(
        rows, limit, n -> Integer.toString(MapItem.find(n.nodeId()).orElseThrow().index()));
  }

  @Override
  public Map<String, ItemCounts> counts(UUID runId) {
    record Row(String nodeId, String status, int count) {}
    List<Row> rows =
        db.sql()
            .query(
                db.connection(),
                "SELECT node_id, status FROM nodes WHERE run_id = ? AND node_id LIKE '%]'",
                ps -> Columns.setUuid(ps, 1, runId),
                rs -> new Row(rs.getString("node_id"), rs.getString("status"), 1));
    Map<String, int[]> tally = new HashMap<>();
    for (Row r : rows) {
      int[] t = tally.computeIfAbsent(MapItem.nodeOf(r.nodeId()), k -> new int[4]);
      t[0]++;
      switch (r.status()) {
        case "success" -> t[1]++;
        case "failure" -> t[2]++;
        case "running" -> t[3]++;
        default -> {}
      }
    }
    Map<String, ItemCounts> out = new HashMap<>();
    tally.forEach((id, t) -> out.put(id, new ItemCounts(t[0], t[1], t[2], t[3])));
    return out;
  }

  private static int index(String cursor) {
    try {
      int i = Integer.parseInt(cursor);
      if (i >= 0) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidRequestException(
        400, List.of("cursor: '" + cursor + "' is not a cursor of this list"));
  }

  /** Node ids may hold '_', which LIKE reads as a wildcard. */
  private static String likeEscaped(String nodeId) {
    return nodeId.replace("!", "!!").replace("_", "!_").replace("%", "!%");
  }
}
