package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL: appends a transaction's events in one statement. It locks the runs' {@code
 * event_heads} rows in run id order and moves them on (or deletes them, for runs these events end:
 * {@link EventHeads}), then inserts every event with its seq (head + its place among its run's
 * events), its position ({@code nextval('event_pos')}, taken after the sort, so in the order given)
 * and the writing transaction's id. When a run has no head (it had finished), the statement writes
 * nothing; the heads are recreated and the statement runs again, so a transaction's events always
 * get their positions in the order given.
 *
 * <pre>{@code
 * PgEventAppend append = new PgEventAppend(db);   // one per transaction
 * append.insertHeads(List.of(runId));              // deferred: written with the run's first events
 * List<EventRecord> written = append.append(List.of(runQueued));
 * }</pre>
 */
final class PgEventAppend implements EventAppend {
  static final String SQL =
      """
      WITH v AS (SELECT * FROM unnest(?::uuid[], ?::int[], ?::boolean[]) AS v (run_id, n, ends)),
           l AS (SELECT run_id, last_seq FROM event_heads
                  WHERE run_id = ANY(?) ORDER BY run_id FOR UPDATE),
           every AS (SELECT count(*) = ? AS found FROM l),
           h AS (UPDATE event_heads h SET last_seq = l.last_seq + v.n
                   FROM l JOIN v ON v.run_id = l.run_id, every
                  WHERE h.run_id = l.run_id AND NOT v.ends AND every.found
                 RETURNING h.run_id, l.last_seq AS base),
           d AS (DELETE FROM event_heads h
                  USING l JOIN v ON v.run_id = l.run_id, every
                  WHERE h.run_id = l.run_id AND v.ends AND every.found
                 RETURNING h.run_id, l.last_seq AS base)
      INSERT INTO events (run_id, seq, pos, xid, at, type, node_id, data)
      SELECT e.run_id, b.base + e.k, nextval('event_pos'), pg_current_xact_id(),
             CAST(e.at AS timestamptz), e.type, e.node_id, CAST(e.data AS json)
        FROM unnest(?::smallint[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[])
             WITH ORDINALITY AS e (type, run_id, node_id, at, data, k, i)
        JOIN (SELECT run_id, base FROM h UNION ALL SELECT run_id, base FROM d) b
          ON b.run_id = e.run_id
       ORDER BY e.i
      RETURNING run_id, seq, pos, CAST(xid AS text) AS xid""";

  /**
   * The same append for runs this transaction inserted and whose heads it has not written yet
   * ({@link #insertHeads}): nobody else can see those runs, so the seqs are known and the heads are
   * inserted at their last seq with the events, in the same statement. A submit group's {@code
   * run.queued} events take this path.
   */
  static final String FRESH_SQL =
      """
      WITH h AS (INSERT INTO event_heads (run_id, last_seq)
                 SELECT * FROM unnest(?::uuid[], ?::int[]))
      INSERT INTO events (run_id, seq, pos, xid, at, type, node_id, data)
      SELECT e.run_id, e.k, nextval('event_pos'), pg_current_xact_id(),
             CAST(e.at AS timestamptz), e.type, e.node_id, CAST(e.data AS json)
        FROM unnest(?::smallint[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[])
             WITH ORDINALITY AS e (type, run_id, node_id, at, data, k, i)
       ORDER BY e.i
      RETURNING run_id, seq, pos, CAST(xid AS text) AS xid""";

  /** Tries of the statement: a head deleted again between tries sends it round once more. */
  private static final int TRIES = 3;

  private record Written(long seq, EventCursor cursor) {}

  private final Db db;
  // runs this transaction inserted whose event heads it has not written yet
  private final Set<UUID> fresh = new HashSet<>();

  PgEventAppend(Db db) {
    this.db = db;
  }

  /**
   * Defers the heads of these newly inserted runs: no other transaction can see the runs before the
   * commit, so their first append writes the heads at their last seq, which saves a statement and a
   * row version per run.
   */
  @Override
  public void insertHeads(List<UUID> runIds) {
    fresh.addAll(runIds);
  }

  /**
   * Appends {@code events}. When every event belongs to a run whose head is deferred ({@link
   * #insertHeads}) and none ends its run, the heads are written with the events; otherwise every
   * deferred head is written first, at 0, and the general statement runs.
   */
  @Override
  public List<EventRecord> append(List<NewEvent> events) {
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
    Set<UUID> ending = EventHeads.ending(events);
    Boolean[] ends = Arrays.stream(heads).map(ending::contains).toArray(Boolean[]::new);
    boolean allFresh = ending.isEmpty() && fresh.containsAll(perRun.keySet());
    if (allFresh) {
      fresh.removeAll(perRun.keySet());
    } else {
      writeDeferredHeads(); // the general statement locks every head it moves on
    }
    Map<UUID, Long> firstSeq = new HashMap<>();
    Map<UUID, Map<Long, EventCursor>> byRun = new HashMap<>();
    List<Written> order = new ArrayList<>(n);
    for (int tries = 1; order.isEmpty(); tries++) {
      db.sql()
          .query(
              db.connection(),
              allFresh ? FRESH_SQL : SQL,
              ps -> {
                Connection c = ps.getConnection();
                var headArray = c.createArrayOf("uuid", heads);
                ps.setArray(1, headArray);
                ps.setArray(2, c.createArrayOf("integer", counts));
                if (allFresh) {
                  bindEvents(ps, c, 3, types, runIds, nodeIds, ats, data, ordinal);
                  return;
                }
                ps.setArray(3, c.createArrayOf("boolean", ends));
                ps.setArray(4, headArray);
                ps.setInt(5, heads.length);
                bindEvents(ps, c, 6, types, runIds, nodeIds, ats, data, ordinal);
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
      if (order.isEmpty()) {
        List<UUID> headless = headless(heads);
        if (tries == TRIES) {
          throw new IllegalStateException(
              "events for runs without an event head: " + headless + " of " + perRun.keySet());
        }
        new EventHeads(db).recreate(headless);
      }
    }
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
      records.add(EventAppend.written(e, seq, cursor));
    }
    return List.copyOf(records);
  }

  /** Writes the heads still deferred, at 0: their runs got no event, or only general appends. */
  @Override
  public void beforeCommit() {
    writeDeferredHeads();
  }

  private void writeDeferredHeads() {
    if (!fresh.isEmpty()) {
      new EventHeads(db).insert(List.copyOf(fresh));
      fresh.clear();
    }
  }

  @Override
  public void releasePositions() {} // positions are the transaction id and a sequence value

  /** Which of these runs have no head now. */
  private List<UUID> headless(UUID[] runs) {
    Set<UUID> found = new HashSet<>();
    db.sql()
        .query(
            db.connection(),
            "SELECT run_id FROM event_heads WHERE run_id = ANY(?)",
            ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", runs)),
            rs -> found.add(Columns.uuid(rs, "run_id")));
    return Arrays.stream(runs).filter(r -> !found.contains(r)).toList();
  }

  private static void bindEvents(
      PreparedStatement ps,
      Connection c,
      int first,
      Short[] types,
      UUID[] runIds,
      String[] nodeIds,
      String[] ats,
      String[] data,
      Integer[] ordinal)
      throws SQLException {
    ps.setArray(first, c.createArrayOf("smallint", types));
    ps.setArray(first + 1, c.createArrayOf("uuid", runIds));
    ps.setArray(first + 2, c.createArrayOf("text", nodeIds));
    ps.setArray(first + 3, c.createArrayOf("text", ats));
    ps.setArray(first + 4, c.createArrayOf("text", data));
    ps.setArray(first + 5, c.createArrayOf("integer", ordinal));
  }
}
