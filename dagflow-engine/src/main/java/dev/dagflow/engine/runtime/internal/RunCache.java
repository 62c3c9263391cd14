package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeRecord;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node rows of running runs as this instance last wrote them, keyed by the run's version after
 * that write. A transition that locks a run at the same version reuses them instead of reading
 * every row again: nothing that makes a node terminal can have happened in between, since every
 * such change bumps the version under the run lock. Rows of nodes that are not terminal may be
 * behind a claim or lease renewal; {@link RunState} reads again before it relies on those.
 *
 * <p>{@code cache.find(runId, locked.version()).orElse(null)}
 */
final class RunCache {
  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong rows = new AtomicLong();
  private final long maxRows;

  private record Entry(long version, Map<String, NodeRecord> nodes) {}

  RunCache(long maxRows) {
    this.maxRows = maxRows;
  }

  /** The rows remembered for {@code runId} at exactly {@code version}; never modify them. */
  Map<String, NodeRecord> find(UUID runId, long version) {
    Entry e = entries.get(runId);
    return e != null && e.version() == version ? e.nodes() : null;
  }

  /** Remembers the rows a committed transaction left at {@code version}, unless newer ones are. */
  void put(UUID runId, long version, Map<String, NodeRecord> nodes) {
    if (rows.get() + nodes.size() > maxRows) {
      // bounded: past the limit, forget everything (the next transitions read their rows again)
      entries.clear();
      rows.set(0);
    }
    Entry fresh = new Entry(version, nodes);
    // compute runs once, atomically per run: the row count follows the entry it keeps
    entries.compute(
        runId,
        (id, old) -> {
          if (old != null && old.version() >= version) {
            return old;
          }
          rows.addAndGet(nodes.size() - (old == null ? 0 : old.nodes().size()));
          return fresh;
        });
  }

  void forget(UUID runId) {
    Entry e = entries.remove(runId);
    if (e != null) {
      rows.addAndGet(-e.nodes().size());
    }
  }
}
