package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Puts each run's events back in {@code seq} order for the listeners. Transactions publish after
 * they commit, outside any lock, so a run's later transaction may publish first; its events are
 * held until the earlier ones arrive. Events whose predecessors never come (another instance wrote
 * them) are let go after {@code holdNanos}.
 *
 * <pre>{@code
 * RunOrder order = new RunOrder(50_000_000L);
 * order.offer(event, System.nanoTime()).forEach(deliver);
 * order.expire(System.nanoTime()).forEach(deliver);
 * }</pre>
 */
final class RunOrder {
  private static final int MAX_TRACKED_RUNS = 100_000;

  private record Held(EventRecord event, long since) {}

  private final long holdNanos;
  private final Map<UUID, Long> delivered = new HashMap<>();
  private final Map<UUID, TreeMap<Long, Held>> held = new HashMap<>();

  RunOrder(long holdNanos) {
    this.holdNanos = holdNanos;
  }

  /** Takes an event; returns the events that may go out now, in order. */
  List<EventRecord> offer(EventRecord e, long now) {
    List<EventRecord> out = new ArrayList<>();
    Long last = delivered.get(e.runId());
    // a run's end forgets it; only a retry writes for an ended run, so run.retried comes next
    boolean next =
        last == null ? e.seq() == 1 || e.type() == EventType.RUN_RETRIED : e.seq() <= last + 1;
    if (!next) {
      held.computeIfAbsent(e.runId(), k -> new TreeMap<>()).put(e.seq(), new Held(e, now));
      return out;
    }
    deliver(e, out);
    TreeMap<Long, Held> waiting = held.get(e.runId());
    while (waiting != null && !waiting.isEmpty() && waiting.firstKey() == e.seq() + out.size()) {
      deliver(waiting.pollFirstEntry().getValue().event(), out);
    }
    if (waiting != null && waiting.isEmpty()) {
      held.remove(e.runId());
    }
    return out;
  }

  /** Lets go of the runs whose oldest held event waited {@code holdNanos}, in seq order. */
  List<EventRecord> expire(long now) {
    List<EventRecord> out = new ArrayList<>();
    for (Iterator<TreeMap<Long, Held>> it = held.values().iterator(); it.hasNext(); ) {
      TreeMap<Long, Held> waiting = it.next();
      boolean due = waiting.values().stream().anyMatch(h -> now - h.since() >= holdNanos);
      if (due) {
        it.remove();
        waiting.values().forEach(h -> deliver(h.event(), out));
      }
    }
    return out;
  }

  /** Nanoseconds until {@link #expire} has something to let go; -1 when nothing is held. */
  long nanosToNextExpiry(long now) {
    long best = -1;
    for (TreeMap<Long, Held> waiting : held.values()) {
      for (Held h : waiting.values()) {
        long left = Math.max(0, h.since() + holdNanos - now);
        best = best < 0 ? left : Math.min(best, left);
      }
    }
    return best;
  }

  private void deliver(EventRecord e, List<EventRecord> out) {
    out.add(e);
    if (delivered.size() > MAX_TRACKED_RUNS) {
      delivered.clear(); // runs ended elsewhere are never forgotten otherwise
    }
    if (e.type().endsRun()) {
      delivered.remove(e.runId());
    } else {
      delivered.merge(e.runId(), e.seq(), Math::max);
    }
  }
}
