package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NewEvent;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * How one transaction writes events, per dialect: a run's next {@code seq} from its {@code
 * event_heads} row and a global position ({@link PgEventAppend}: one statement, the transaction id
 * and a sequence value; {@link H2EventAppend}: head by head, positions from {@link
 * EventPositions}). One per session; it remembers what it must finish before the commit or release
 * after it.
 *
 * <pre>{@code
 * EventAppend append = EventAppend.of(db, positions);
 * append.insertHeads(List.of(runId));          // with the run's insert
 * List<EventRecord> written = append.append(List.of(runQueued));
 * append.beforeCommit(); conn.commit(); append.releasePositions();
 * }</pre>
 */
sealed interface EventAppend permits PgEventAppend, H2EventAppend {
  /** The append of {@code db}'s dialect; {@code positions} are H2's (null on PostgreSQL). */
  static EventAppend of(Db db, EventPositions positions) {
    return switch (db.dialect()) {
      case PostgresDialect pg -> new PgEventAppend(db);
      case H2Dialect h2 -> new H2EventAppend(db, positions);
    };
  }

  /**
   * The head rows that these runs' events count from; the runs were inserted in this transaction.
   */
  void insertHeads(List<UUID> runIds);

  /** Appends {@code events} in the order given; returns them with their seqs and cursors. */
  List<EventRecord> append(List<NewEvent> events);

  /** Writes what was deferred to the end of the transaction. */
  void beforeCommit();

  /** The transaction ended (committed or not): releases what it reserved. Idempotent. */
  void releasePositions();

  /** {@code e} as written: its seq and cursor, its time at the microseconds the database keeps. */
  static EventRecord written(NewEvent e, long seq, EventCursor cursor) {
    return new EventRecord(
        seq,
        cursor,
        e.type(),
        e.runId(),
        e.workflowId(),
        e.nodeId(),
        e.at().truncatedTo(ChronoUnit.MICROS),
        e.data());
  }
}
