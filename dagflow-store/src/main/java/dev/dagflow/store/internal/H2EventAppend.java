package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * H2: appends a transaction's events head by head. Each run's {@code event_heads} row is moved on
 * in run id order (or deleted, for runs these events end: {@link EventHeads}) and stays locked
 * until commit; the positions come from {@link EventPositions}, reserved until the transaction ends
 * so that global readers stop below them.
 *
 * <pre>{@code
 * H2EventAppend append = new H2EventAppend(db, positions);
 * List<EventRecord> written = append.append(List.of(nodeStarted, nodeSucceeded));
 * // after commit or rollback:
 * append.releasePositions();
 * }</pre>
 */
final class H2EventAppend implements EventAppend {
  private final Db db;
  private final EventPositions positions;
  private final List<Long> reserved = new ArrayList<>(1); // the first of each reserved range

  H2EventAppend(Db db, EventPositions positions) {
    this.db = db;
    this.positions = positions;
  }

  @Override
  public void insertHeads(List<UUID> runIds) {
    new EventHeads(db).insert(runIds);
  }

  @Override
  public void beforeCommit() {}

  @Override
  public void releasePositions() {
    for (long first : reserved) {
      positions.release(first);
    }
    reserved.clear();
  }

  @Override
  public List<EventRecord> append(List<NewEvent> events) {
    Map<UUID, Integer> perRun = new TreeMap<>();
    events.forEach(e -> perRun.merge(e.runId(), 1, Integer::sum));
    Map<UUID, Long> nextSeq = advanceHeads(perRun, EventHeads.ending(events));
    List<EventCursor> cursors = cursors(events.size());
    List<EventRecord> records = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      NewEvent e = events.get(i);
      long seq = nextSeq.merge(e.runId(), 1L, Long::sum) - 1;
      records.add(EventAppend.written(e, seq, cursors.get(i)));
    }
    db.sql()
        .batch(
            db.connection(),
            "INSERT INTO events (seq, type, run_id, node_id, at, data, pos, xid)"
                + " VALUES (?, ?, ?, ?, ?, "
                + db.dialect().json()
                + ", ?, "
                + db.dialect().eventTxn()
                + ")",
            records.stream()
                .<SqlExecutor.Binder>map(
                    r ->
                        ps -> {
                          ps.setLong(1, r.seq());
                          ps.setShort(2, EventTypeCodes.code(r.type()));
                          Columns.setUuid(ps, 3, r.runId());
                          Columns.setString(ps, 4, r.nodeId());
                          Columns.setInstant(ps, 5, r.at());
                          Columns.setJson(ps, 6, EventDataCodec.encode(r.data()));
                          ps.setLong(7, r.cursor().pos());
                        })
                .toList());
    return List.copyOf(records);
  }

  /**
   * Moves the runs' head rows on in run id order (locking them until commit), or deletes those of
   * the runs in {@code ending}; returns each run's first new seq. A run without a head (it had
   * finished) gets one again ({@link EventHeads#recreate}) and is moved on then.
   */
  private Map<UUID, Long> advanceHeads(Map<UUID, Integer> perRun, Set<UUID> ending) {
    Map<UUID, Long> first = new TreeMap<>();
    for (Map.Entry<UUID, Integer> e : perRun.entrySet()) {
      UUID runId = e.getKey();
      int n = e.getValue();
      Long last = advanceHead(runId, n, ending.contains(runId));
      if (last == null) {
        new EventHeads(db).recreate(List.of(runId));
        last = advanceHead(runId, n, ending.contains(runId));
      }
      if (last == null) {
        throw new IllegalStateException("events for runs without an event head: " + runId);
      }
      first.put(runId, last + 1);
    }
    return first;
  }

  /** The run's last seq before these {@code n} events; null when it has no head. */
  private Long advanceHead(UUID runId, int n, boolean ends) {
    List<Long> last =
        db.sql()
            .query(
                db.connection(),
                ends
                    ? "SELECT last_seq FROM OLD TABLE (DELETE FROM event_heads WHERE run_id = ?)"
                    : "SELECT last_seq - ? FROM FINAL TABLE"
                        + " (UPDATE event_heads SET last_seq = last_seq + ? WHERE run_id = ?)",
                ps -> {
                  if (ends) {
                    Columns.setUuid(ps, 1, runId);
                  } else {
                    ps.setInt(1, n);
                    ps.setInt(2, n);
                    Columns.setUuid(ps, 3, runId);
                  }
                },
                rs -> rs.getLong(1));
    return last.isEmpty() ? null : last.getFirst();
  }

  /** Positions reserved from {@link EventPositions}, released when the transaction ends. */
  private List<EventCursor> cursors(int n) {
    List<EventCursor> out = new ArrayList<>(n);
    long first = positions.reserve(n);
    reserved.add(first);
    for (int i = 0; i < n; i++) {
      out.add(new EventCursor(0, first + i));
    }
    return out;
  }
}
