package dev.dagflow.engine.model;

import dev.dagflow.engine.error.InvalidRequestException;
import java.util.List;

/**
 * A position in the global event order, shown to clients as an opaque string. It orders the events
 * of all runs by the writing transaction ({@code txn}: PostgreSQL's transaction id, 0 on H2) and
 * then by a position handed out inside it ({@code pos}). A reader resumes after the cursor of the
 * last event it processed; the store only hands out events below its horizon, so resuming never
 * misses one and never repeats one (docs/engine.md, "Event order").
 *
 * <pre>{@code
 * EventCursor after = EventCursor.parse(ctx.queryParam("after"));   // "" or null: the beginning
 * List<EventRecord> page = store.read(s -> s.listEvents(after, 100));
 * String resume = page.getLast().cursor();
 * }</pre>
 *
 * @param txn the writing transaction's order (0 on H2)
 * @param pos the position within the global order
 */
public record EventCursor(long txn, long pos) implements Comparable<EventCursor> {
  /** Before every event. */
  public static final EventCursor START = new EventCursor(0, 0);

  public EventCursor {
    if (txn < 0 || pos < 0) {
      throw new IllegalArgumentException("negative cursor part");
    }
  }

  /**
   * Reads a cursor as {@link #toString()} wrote it; null, empty and {@code 0} mean the beginning.
   *
   * @throws InvalidRequestException (400) for anything else
   */
  public static EventCursor parse(String text) {
    if (text == null || text.isBlank() || text.equals("0")) {
      return START;
    }
    int dot = text.indexOf('.');
    try {
      if (dot > 0) {
        return new EventCursor(
            Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the problem below
    }
    throw new InvalidRequestException(
        400, List.of("after: not an event cursor (pass the cursor of an event)"));
  }

  @Override
  public int compareTo(EventCursor o) {
    int byTxn = Long.compare(txn, o.txn);
    return byTxn != 0 ? byTxn : Long.compare(pos, o.pos);
  }

  @Override
  public String toString() {
    return txn + "." + pos;
  }
}
