package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The event log: one sequence for all runs, appended under the event-order lock. */
final class EventTable {
  private static final String COLUMNS = "seq, type, run_id, workflow_id, node_id, at, data";

  private final Db db;

  EventTable(Db db) {
    this.db = db;
  }

  /** Takes the database's event-order lock; it is held until the transaction ends. */
  void lockOrder() {
    db.sql()
        .query(
            db.connection(),
            db.dialect().lockEventOrder(),
            SqlExecutor.Binder.NONE,
            rs -> rs.getObject(1));
  }

  /** Gives each event the next sequence number and inserts them; call with the lock held. */
  List<EventRecord> append(List<NewEvent> events) {
    List<Long> seqs =
        new ArrayList<>(
            db.sql()
                .query(
                    db.connection(),
                    db.dialect().nextEventSeqs(),
                    ps -> ps.setInt(1, events.size()),
                    rs -> rs.getLong(1)));
    seqs.sort(null);
    List<EventRecord> records = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      NewEvent e = events.get(i);
      records.add(
          new EventRecord(
              seqs.get(i),
              e.type(),
              e.runId(),
              e.workflowId(),
              e.nodeId(),
              e.at().truncatedTo(ChronoUnit.MICROS),
              e.data()));
    }
    db.sql()
        .batch(
            db.connection(),
            "INSERT INTO events ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, "
                + db.dialect().json()
                + ")",
            records.stream()
                .<SqlExecutor.Binder>map(
                    r ->
                        ps -> {
                          ps.setLong(1, r.seq());
                          ps.setString(2, r.type().wireName());
                          Columns.setUuid(ps, 3, r.runId());
                          ps.setString(4, r.workflowId());
                          Columns.setString(ps, 5, r.nodeId());
                          Columns.setInstant(ps, 6, r.at());
                          Columns.setJson(ps, 7, r.data());
                        })
                .toList());
    return List.copyOf(records);
  }

  List<EventRecord> list(UUID runId, long afterSeq, int limit) {
    Pages.checkLimit(limit);
    String ofRun = runId == null ? "" : " AND run_id = ?";
    return db.sql()
        .query(
            db.connection(),
            "SELECT " + COLUMNS + " FROM events WHERE seq > ?" + ofRun + " ORDER BY seq LIMIT ?",
            ps -> {
              int i = 1;
              ps.setLong(i++, afterSeq);
              if (runId != null) {
                Columns.setUuid(ps, i++, runId);
              }
              ps.setInt(i, limit);
            },
            EventTable::map);
  }

  private static EventRecord map(ResultSet rs) throws SQLException {
    return new EventRecord(
        rs.getLong("seq"),
        EventType.fromWireName(rs.getString("type")),
        Columns.uuid(rs, "run_id"),
        rs.getString("workflow_id"),
        rs.getString("node_id"),
        Columns.instant(rs, "at"),
        Columns.json(rs, "data"));
  }
}
