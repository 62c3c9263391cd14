package dev.dagflow.store.internal;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventPage;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads of the event log. Each event has its run's {@code seq} and a global position (written by
 * the session's {@link EventAppend}): on PostgreSQL the writing transaction's id and a sequence
 * value, read back below the transaction-id horizon; on H2 a position from {@link EventPositions},
 * read back below its in-flight watermark.
 */
final class EventTable {
  private static final Logger log = LoggerFactory.getLogger(EventTable.class);

  /**
   * An event's columns as read; its workflow is its run's (the events table does not repeat it:
   * docs/performance.md, "Footprint and retention").
   */
  private static final String COLUMNS =
      "e.seq, e.type, e.run_id, (SELECT r.workflow_id FROM runs r WHERE r.run_id = e.run_id)"
          + " AS workflow_id, e.node_id, e.at, e.data, e.pos";

  private final Db db;
  private final EventPositions positions; // H2 only

  EventTable(Db db, EventPositions positions) {
    this.db = db;
    this.positions = positions;
  }

  /**
   * A run's events after {@code afterSeq}. PostgreSQL indexes a run's events by {@code (run_id, seq
   * / 32)}, one deduplicated entry per 32 events (V22): the scan starts at the bucket of {@code
   * afterSeq} and sorts each bucket by seq as it goes (an incremental sort), so a page reads at
   * most its limit and one bucket more. H2 reads its {@code (run_id, seq)} primary key in order.
   */
  List<EventRecord> listRun(UUID runId, long afterSeq, int limit) {
    Pages.checkLimit(limit);
    String select = "SELECT " + COLUMNS + ", " + db.dialect().eventTxnColumn() + " FROM events e";
    String sql =
        positions != null
            ? select + " WHERE e.run_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?"
            : select
                + " WHERE e.run_id = ? AND e.seq / 32 >= ? AND e.seq > ?"
                + " ORDER BY e.seq / 32, e.seq LIMIT ?";
    return decoded(
        db.sql()
            .query(
                db.connection(),
                sql,
                ps -> {
                  int i = 1;
                  Columns.setUuid(ps, i++, runId);
                  if (positions == null) {
                    ps.setLong(i++, afterSeq / 32);
                  }
                  ps.setLong(i++, afterSeq);
                  ps.setInt(i, limit);
                },
                EventTable::map));
  }

  List<EventRecord> listAll(EventCursor after, int limit) {
    Pages.checkLimit(limit);
    return decoded(
        global(
            "SELECT " + COLUMNS + ", " + db.dialect().eventTxnColumn() + " FROM events e",
            after,
            limit,
            EventTable::map));
  }

  /**
   * The events after {@code after} whose type is in {@code types}, looking at no more than {@code
   * scanLimit} rows (StoreSession#listEvents). The filter is in the query, but not in its WHERE:
   * the scan still walks the rows in cursor order, so it can stop after {@code scanLimit} of them
   * and say where it stopped, and only the rows that match pay for their data and workflow (both
   * left null for the others; the type is a SMALLINT code on both dialects, V22).
   */
  EventPage listMatching(EventCursor after, Set<EventType> types, int limit, int scanLimit) {
    Pages.checkLimit(limit);
    if (types.isEmpty() || scanLimit < limit) {
      throw new IllegalArgumentException(
          "no types, or a scan limit " + scanLimit + " below the limit " + limit);
    }
    if (types.containsAll(EnumSet.allOf(EventType.class))) {
      List<EventRecord> events = listAll(after, limit);
      return new EventPage(
          events, events.isEmpty() ? after : events.getLast().cursor(), events.size() == limit);
    }
    // codes of our own enum, not input: literals let the planner see them
    String wanted =
        "e.type IN ("
            + types.stream()
                .map(t -> Short.toString(EventTypeCodes.code(t)))
                .sorted()
                .collect(Collectors.joining(", "))
            + ")";
    String select =
        "SELECT e.seq, e.type, e.run_id, CASE WHEN "
            + wanted
            + " THEN (SELECT r.workflow_id FROM runs r WHERE r.run_id = e.run_id) END"
            + " AS workflow_id, e.node_id, e.at, CASE WHEN "
            + wanted
            + " THEN e.data END AS data, e.pos, "
            + db.dialect().eventTxnColumn()
            + " FROM events e";
    List<Scanned> rows =
        global(
            select,
            after,
            scanLimit,
            rs -> {
              EventType type = EventTypeCodes.type(rs.getInt("type"));
              return type != null && types.contains(type)
                  ? new Scanned(null, map(rs))
                  : new Scanned(cursor(rs), null);
            });
    List<EventRecord> events = new ArrayList<>();
    EventCursor next = after;
    for (Scanned row : rows) {
      if (events.size() == limit) {
        break;
      }
      if (row.event() != null) {
        events.add(row.event());
        next = row.event().cursor();
      } else {
        next = row.skipped();
      }
    }
    return new EventPage(events, next, events.size() == limit || rows.size() == scanLimit);
  }

  /** A row the filtered scan looked at: the event when it matched, else only its position. */
  private record Scanned(EventCursor skipped, EventRecord event) {}

  /** Rows after {@code after} in cursor order, below the horizon, at most {@code limit}. */
  private <T> List<T> global(
      String select, EventCursor after, int limit, SqlExecutor.RowMapper<T> mapper) {
    if (positions != null) {
      long horizon = positions.horizon(); // before the read: every position below has ended
      return db.sql()
          .query(
              db.connection(),
              select + " WHERE e.pos > ? AND e.pos < ? ORDER BY e.pos LIMIT ?",
              ps -> {
                ps.setLong(1, after.pos());
                ps.setLong(2, horizon);
                ps.setInt(3, limit);
              },
              mapper);
    }
    return db.sql()
        .query(
            db.connection(),
            // events_cursor indexes xid alone (V22: one deduplicated entry per transaction);
            // the events of one transaction are sorted by pos as the scan meets them
            select
                + " WHERE e.xid >= CAST(? AS xid8) AND (e.xid > CAST(? AS xid8) OR e.pos > ?)"
                + " AND e.xid < pg_snapshot_xmin(pg_current_snapshot())"
                + " ORDER BY e.xid, e.pos LIMIT ?",
            ps -> {
              ps.setString(1, Long.toString(after.txn()));
              ps.setString(2, Long.toString(after.txn()));
              ps.setLong(3, after.pos());
              ps.setInt(4, limit);
            },
            mapper);
  }

  /**
   * Where a reader of {@link #listAll} starts to see only what comes next: just below the horizon,
   * so no event still in flight is skipped. Reads no event row.
   */
  EventCursor head() {
    if (positions != null) {
      return new EventCursor(0, Math.max(0, positions.horizon() - 1));
    }
    // every transaction below xmin has ended; xmin's own and later ones are still to come
    long xmin =
        db.sql()
            .query(
                db.connection(),
                "SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text)",
                ps -> {},
                rs -> Long.parseLong(rs.getString(1)))
            .getFirst();
    return new EventCursor(Math.max(0, xmin - 1), Long.MAX_VALUE);
  }

  /** The age of the oldest committed event that global readers cannot read yet. */
  Duration horizonAge(Instant now) {
    String sql =
        positions != null
            ? "SELECT MIN(at) FROM events WHERE pos >= ?"
            : "SELECT MIN(at) FROM events WHERE xid >= pg_snapshot_xmin(pg_current_snapshot())";
    long horizon = positions == null ? 0 : positions.horizon();
    Instant oldest =
        db.sql()
            .query(
                db.connection(),
                sql,
                ps -> {
                  if (positions != null) {
                    ps.setLong(1, horizon);
                  }
                },
                rs -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
            .getFirst()
            .map(OffsetDateTime::toInstant)
            .orElse(null);
    return oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
  }

  /**
   * A row as an event, or null for one whose type no release knows (left out of the page: an
   * event's type says what its data means). Data that is not JSON reads as {@code {"undecodable":
   * reason}}: a reader sees the event and why its data is missing, and a page never breaks.
   */
  private static EventRecord map(ResultSet rs) throws SQLException {
    UUID runId = Columns.uuid(rs, "run_id");
    long seq = rs.getLong("seq");
    int code = rs.getInt("type");
    EventType type = EventTypeCodes.type(code);
    if (type == null) {
      log.warn("run {}: events row {}: unknown type {}; left out", runId, seq, code);
      return null;
    }
    JsonNode data;
    try {
      data =
          Rows.json(rs, "data", false, runId, EngineErrorKind.UNDECODABLE_RUN, "events row " + seq);
    } catch (UndecodableRowException e) {
      log.warn("{}; its data reads as undecodable", e.getMessage());
      data = JsonNodeFactory.instance.objectNode().put("undecodable", e.reason());
    }
    data = EventDataCodec.decode(data);
    return new EventRecord(
        seq,
        cursor(rs),
        type,
        runId,
        rs.getString("workflow_id"),
        rs.getString("node_id"),
        Columns.instant(rs, "at"),
        data);
  }

  private static EventCursor cursor(ResultSet rs) throws SQLException {
    return new EventCursor(Long.parseLong(rs.getString("xid")), rs.getLong("pos"));
  }

  private static List<EventRecord> decoded(List<EventRecord> rows) {
    return rows.contains(null) ? rows.stream().filter(Objects::nonNull).toList() : rows;
  }
}
