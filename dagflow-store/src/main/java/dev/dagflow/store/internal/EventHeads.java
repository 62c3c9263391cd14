package dev.dagflow.store.internal;

import dev.dagflow.engine.model.NewEvent;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The {@code event_heads} rows: a run's last seq, whose row lock serialises the run's appends. A
 * row lives only while its run is unfinished: the transaction that appends a run's {@code
 * run.succeeded}, {@code run.failed} or {@code run.cancelled} deletes it (docs/engine.md, "Event
 * order"), so finished runs, nearly every stored run, keep no head. A finished run that gets events
 * again (a retry) has its head {@linkplain #recreate recreated} from its events.
 *
 * <pre>{@code
 * Set<UUID> ending = EventHeads.ending(events);   // delete these heads instead of moving them on
 * heads.recreate(missing);                        // then append again
 * }</pre>
 */
final class EventHeads {
  /**
   * A run's last seq from its events. On PostgreSQL events are indexed by {@code (run_id, seq /
   * 32)}: the last bucket is found at the end of the run's index range, and only its rows are read.
   */
  private static final String LAST_SEQ =
      "COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.run_id = r.run_id AND e.seq / 32 >="
          + " (SELECT MAX(b.seq / 32) FROM events b WHERE b.run_id = r.run_id)), 0)";

  private final Db db;

  EventHeads(Db db) {
    this.db = db;
  }

  /** The heads the runs' events count from; inserted with the runs, in one batch. */
  void insert(List<UUID> runIds) {
    db.sql()
        .batch(
            db.connection(),
            "INSERT INTO event_heads (run_id, last_seq) VALUES (?, 0)",
            runIds.stream()
                .<SqlExecutor.Binder>map(id -> ps -> Columns.setUuid(ps, 1, id))
                .toList());
  }

  /** The runs that {@code events} end: their heads are deleted by the append. */
  static Set<UUID> ending(List<NewEvent> events) {
    Set<UUID> out = new TreeSet<>();
    for (NewEvent e : events) {
      if (e.type().endsRun()) {
        out.add(e.runId());
      }
    }
    return out;
  }

  /**
   * Gives the runs among {@code runIds} that have no head (they had finished) a head at the last
   * seq of their events, under their run rows' locks, taken in run id order. Every transaction that
   * deletes a head holds its run's lock, and the last seq is read by a statement that starts once
   * the lock is held, so it sees every event of the run that any transaction committed: the next
   * seq neither repeats one nor leaves a gap. Runs without a row (deleted) stay without a head.
   */
  void recreate(Collection<UUID> runIds) {
    TreeSet<UUID> sorted = new TreeSet<>(RunTable.DATABASE_ORDER);
    sorted.addAll(runIds);
    for (List<UUID> chunk : InLists.padded(List.copyOf(sorted))) {
      String in = "r.run_id IN (" + InLists.placeholders(chunk.size()) + ")";
      String headless = " AND NOT EXISTS (SELECT 1 FROM event_heads h WHERE h.run_id = r.run_id)";
      SqlExecutor.Binder ids =
          ps -> {
            for (int i = 0; i < chunk.size(); i++) {
              Columns.setUuid(ps, i + 1, chunk.get(i));
            }
          };
      db.sql()
          .query(
              db.connection(),
              "SELECT r.run_id FROM runs r WHERE " + in + " ORDER BY r.run_id FOR UPDATE",
              ids,
              rs -> 1);
      db.sql()
          .update(
              db.connection(),
              "INSERT INTO event_heads (run_id, last_seq) SELECT r.run_id, "
                  + LAST_SEQ
                  + " FROM runs r WHERE "
                  + in
                  + headless,
              ids);
    }
  }
}
