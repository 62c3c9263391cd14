package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.EngineErrorListener;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Takes a run whose stored rows cannot be decoded out of the way (docs/engine.md, "Poison rows"): a
 * transaction that touched it failed with an {@link UndecodableRowException}; this fails that run
 * alone, by run id and without decoding it, appends its {@code run.failed} with the reason, and
 * tells the {@link EngineErrorListener}s. The caller then tries its work again, and the other runs
 * it held go on.
 *
 * <pre>{@code
 * catch (RuntimeException e) {
 *   if (quarantine.isolate(e)) { retry(); } else { throw e; }
 * }
 * }</pre>
 */
public final class Quarantine {
  private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

  private static final int SCAN_BATCH = 64;

  private final Store store;
  private final List<EngineErrorListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<UUID>> onFailed = new CopyOnWriteArrayList<>();

  public Quarantine(Store store) {
    this.store = store;
  }

  public void addListener(EngineErrorListener listener) {
    listeners.add(listener);
  }

  /** Told of each run this fails, after commit (caches drop it, admission frees its slot). */
  void onFailed(Consumer<UUID> action) {
    onFailed.add(action);
  }

  /** The undecodable row {@code e} is or was caused by, if any. */
  static Optional<UndecodableRowException> find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UndecodableRowException u) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  /**
   * Fails the run {@code e} names when {@code e} comes from an undecodable row. True when this
   * failed it now, so that trying the work again will not meet the row; false when {@code e} is
   * something else or the run had already finished (then retrying would meet it again).
   */
  public boolean isolate(Throwable e) {
    Optional<UndecodableRowException> found = find(e);
    if (found.isEmpty()) {
      return false;
    }
    UndecodableRowException u = found.get();
    UUID runId = u.runId();
    String reason = u.reason();
    Instant now = Instant.now();
    Optional<String> failed;
    try {
      failed =
          store.transaction(
              tx -> {
                Optional<String> workflowId = tx.failUndecodableRun(runId, reason, now);
                workflowId.ifPresent(
                    wf ->
                        tx.appendEvents(
                            List.of(
                                new NewEvent(
                                    EventType.RUN_FAILED,
                                    runId,
                                    wf,
                                    null,
                                    now,
                                    JsonNodeFactory.instance.objectNode().put("error", reason)))));
                return workflowId;
              });
    } catch (RuntimeException failure) {
      log.error("could not fail run {} ({})", runId, reason, failure);
      return false;
    }
    if (failed.isEmpty()) {
      return false;
    }
    log.warn("run {} failed: {} ({})", runId, reason, u.kind().label());
    report(u.kind());
    onFailed.forEach(a -> a.accept(runId));
    return true;
  }

  /**
   * Fails the running runs with a node row whose status is unknown: no claim ever takes such a
   * node, so nothing else would meet the row. Run periodically.
   */
  public void scan() {
    for (UUID runId : store.read(tx -> tx.findRunsWithUnknownNodeStatus(SCAN_BATCH))) {
      try {
        store.read(tx -> tx.findNodes(runId));
      } catch (RuntimeException e) {
        if (!isolate(e)) {
          throw e;
        }
      }
    }
  }

  private void report(EngineErrorKind kind) {
    for (EngineErrorListener l : listeners) {
      try {
        l.engineError(kind);
      } catch (RuntimeException e) {
        log.warn("engine error listener failed", e);
      }
    }
  }
}
