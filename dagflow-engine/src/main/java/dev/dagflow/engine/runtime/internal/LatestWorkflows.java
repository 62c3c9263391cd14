package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.error.WorkflowNotFoundException;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest version of each workflow as this instance last read or applied it, so that a submit
 * reads no workflow row (and no YAML source) from the database.
 *
 * <p>On this instance the cache is exact: {@link #applied} and {@link #deleted} run after their
 * transaction committed, and a read that began before either cannot put its older answer back (an
 * epoch counts invalidations; a read stores its answer only when none happened meanwhile). So once
 * {@code apply} or {@code delete} returned here, every submit here sees it. Another instance's
 * apply or delete is seen within {@link #MAX_AGE}: an entry is read again once it is that old. A
 * version check on every submit would cost the round trip the cache saves (most of a read on
 * PostgreSQL); a bound of one second is the same window as the scheduler's fallback poll, and what
 * a submit racing an apply on another instance sees today is already either version.
 *
 * <pre>{@code
 * StoredWorkflow latest = workflows.get("etl"); // a read at most once a second
 * workflows.applied(engine.register(yaml, "etl.yaml"));
 * }</pre>
 */
final class LatestWorkflows {
  static final Duration MAX_AGE = Duration.ofSeconds(1);
  private static final int MAX_CACHED = 10_000;

  private record Entry(StoredWorkflow stored, long readAtNanos) {}

  private final Store store;
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private long epoch; // guarded by this

  LatestWorkflows(Store store) {
    this.store = store;
  }

  /** The latest version of {@code workflowId}; throws when there is none (or it was deleted). */
  StoredWorkflow get(String workflowId) {
    long now = System.nanoTime();
    Entry e = byId.get(workflowId);
    if (e != null && now - e.readAtNanos() < MAX_AGE.toNanos()) {
      return e.stored();
    }
    long seen;
    synchronized (this) {
      seen = epoch;
    }
    Optional<StoredWorkflow> found = store.read(tx -> tx.findWorkflow(workflowId));
    synchronized (this) {
      if (epoch == seen) {
        // an unknown id is not remembered: a workflow applied elsewhere is found at once
        found.ifPresentOrElse(w -> put(w, now), () -> byId.remove(workflowId));
      }
    }
    return found.orElseThrow(() -> new WorkflowNotFoundException(workflowId));
  }

  /** A version was applied on this instance and committed. */
  synchronized void applied(StoredWorkflow stored) {
    epoch++;
    put(stored, System.nanoTime());
  }

  /** A workflow was deleted on this instance and committed. */
  synchronized void deleted(String workflowId) {
    epoch++;
    byId.remove(workflowId);
  }

  private void put(StoredWorkflow stored, long readAtNanos) {
    if (byId.size() >= MAX_CACHED && !byId.containsKey(stored.id())) {
      byId.clear(); // a backstop: entries are read again on demand
    }
    byId.put(stored.id(), new Entry(stored, readAtNanos));
  }
}
