package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL: appends a transaction's events in one statement. It locks the runs' {@code
 * event_heads} rows in run id order and moves them on, then inserts every event with its seq (head
 * + its place among its run's events), its position ({@code nextval('event_pos')}, taken after the
 * sort, so in the order given) and the writing transaction's id. Before, that was three statements
 * (heads, positions, a rewritten batch insert) per transaction.
 *
 * <pre>{@code
 * List<EventRecord> written = new PgEventAppend(db).append(List.of(nodeStarted, nodeSucceeded));
 * }</pre>
 */
final class PgEventAppend {
  static final String SQL =
      """
      WITH l AS (SELECT run_id, last_seq FROM event_heads
                  WHERE run_id = ANY(?) ORDER BY run_id FOR UPDATE),
           h AS (UPDATE event_heads h SET last_seq = l.last_seq + v.n
                   FROM l JOIN unnest(?::uuid[], ?::int[]) AS v (run_id, n) ON v.run_id = l.run_id
                  WHERE h.run_id = l.run_id
                 RETURNING h.run_id, l.last_seq AS base)
      INSERT INTO events (run_id, seq, pos, xid, at, type, node_id, data)
      SELECT e.run_id, h.base + e.k, nextval('event_pos'), pg_current_xact_id(),
             CAST(e.at AS timestamptz), e.type, e.node_id, CAST(e.data AS json)
        FROM unnest(?::smallint[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[])
             WITH ORDINALITY AS e (type, run_id, node_id, at, data, k, i)
        JOIN h ON h.run_id = e.run_id
       ORDER BY e.i
      RETURNING run_id, seq, pos, CAST(xid AS text) AS xid""";

  private record Written(long seq, EventCursor cursor) {}

  private final Db db;

  PgEventAppend(Db db) {
    this.db = db;
  }

  List<EventRecord> append(List<NewEvent> events) {
    int n = events.size();
    Map<UUID, Integer> perRun = new TreeMap<>();
    Integer[] ordinal = new Integer[n];
    Short[] types = new Short[n];
    UUID[] runIds = new UUID[n];
    String[] nodeIds = new String[n];
    String[] ats = new String[n];
    String[] data = new String[n];
    for (int i = 0; i < n; i++) {
      NewEvent e = events.get(i);
      ordinal[i] = perRun.merge(e.runId(), 1, Integer::sum);
      types[i] = EventTypeCodes.code(e.type());
      runIds[i] = e.runId();
      nodeIds[i] = e.nodeId();
      ats[i] = e.at().truncatedTo(ChronoUnit.MICROS).toString();
      JsonNode stored = EventDataCodec.encode(e.data());
      data[i] = stored == null ? null : Columns.JSON.writeValueAsString(stored);
    }
    UUID[] heads = perRun.keySet().toArray(UUID[]::new);
    Integer[] counts = perRun.values().toArray(Integer[]::new);
    Map<UUID, Long> firstSeq = new HashMap<>();
    Map<UUID, Map<Long, EventCursor>> byRun = new HashMap<>();
    List<Written> order = new ArrayList<>(n);
    db.sql()
        .query(
            db.connection(),
            SQL,
            ps -> {
              Connection c = ps.getConnection();
              var headArray = c.createArrayOf("uuid", heads);
              ps.setArray(1, headArray);
              ps.setArray(2, headArray);
              ps.setArray(3, c.createArrayOf("integer", counts));
              bindEvents(ps, c, types, runIds, nodeIds, ats, data, ordinal);
            },
            rs -> {
              UUID runId = Columns.uuid(rs, "run_id");
              long seq = rs.getLong("seq");
              EventCursor cursor =
                  new EventCursor(Long.parseLong(rs.getString("xid")), rs.getLong("pos"));
              firstSeq.merge(runId, seq, Math::min);
              byRun.computeIfAbsent(runId, k -> new HashMap<>()).put(seq, cursor);
              order.add(new Written(seq, cursor));
              return runId;
            });
    if (order.size() != n) {
      throw new IllegalStateException(
          "events for runs without an event head: " + perRun.keySet() + " wrote " + order.size());
    }
    List<EventRecord> records = new ArrayList<>(n);
    long lastPos = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      NewEvent e = events.get(i);
      long seq = firstSeq.get(e.runId()) + ordinal[i] - 1;
      EventCursor cursor = byRun.get(e.runId()).get(seq);
      // the global order within a transaction must be the order given (a run's seq order)
      if (cursor.pos() <= lastPos) {
        throw new IllegalStateException("event positions out of order: " + order);
      }
      lastPos = cursor.pos();
      records.add(
          new EventRecord(
              seq,
              cursor,
              e.type(),
              e.runId(),
              e.workflowId(),
              e.nodeId(),
              e.at().truncatedTo(ChronoUnit.MICROS),
              e.data()));
    }
    return List.copyOf(records);
  }

  private static void bindEvents(
      PreparedStatement ps,
      Connection c,
      Short[] types,
      UUID[] runIds,
      String[] nodeIds,
      String[] ats,
      String[] data,
      Integer[] ordinal)
      throws SQLException {
    ps.setArray(4, c.createArrayOf("smallint", types));
    ps.setArray(5, c.createArrayOf("uuid", runIds));
    ps.setArray(6, c.createArrayOf("text", nodeIds));
    ps.setArray(7, c.createArrayOf("text", ats));
    ps.setArray(8, c.createArrayOf("text", data));
    ps.setArray(9, c.createArrayOf("integer", ordinal));
  }
}
