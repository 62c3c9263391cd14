package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.PurgeListener;
import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.FinishedRun;
import dev.dagflow.engine.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes finished runs older than their workflow's {@code retention:} (else the
 * engine's default; zero keeps them), with their nodes, events and context, and single runs on
 * request. One instance purges at a time: each batch renews the cluster-wide purge lease in its own
 * transaction, and the runs it deletes are locked {@code SKIP LOCKED}, so a second purger or a
 * retry never takes the same run. Batches are small and their transactions short, so transitions of
 * running runs never wait long behind a purge.
 *
 * <pre>{@code
 * Purger purger = new Purger(store, definitions, new Purger.Settings(owner, Duration.ofDays(30),
 *     Duration.ofMinutes(1), 100));
 * purger.start();
 * }</pre>
 */
public final class Purger {
  private static final Logger log = LoggerFactory.getLogger(Purger.class);

  /**
   * @param owner this instance's name in the purge lease
   * @param retention how long finished runs are kept when their definition does not say; zero keeps
   *     them forever
   * @param interval time between purge passes
   * @param batchSize runs deleted per transaction
   */
  public record Settings(String owner, Duration retention, Duration interval, int batchSize) {}

  private final Store store;
  private final Definitions definitions;
  private final Settings settings;
  private final Duration leaseLength;
  private final List<PurgeListener> listeners = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService timer;

  public Purger(Store store, Definitions definitions, Settings settings) {
    this.store = store;
    this.definitions = definitions;
    this.settings = settings;
    // long enough to outlive the pause between two passes, so the purger keeps its lease
    this.leaseLength = settings.interval().multipliedBy(3).plusSeconds(30);
  }

  public void addListener(PurgeListener listener) {
    listeners.add(listener);
  }

  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("dagflow-purge-" + settings.owner()).factory());
    long every = settings.interval().toMillis();
    timer.scheduleWithFixedDelay(
        Threads.guard(this::purgeExpired), 0, every, TimeUnit.MILLISECONDS);
  }

  /** Stops purging and gives up the lease, so another instance may purge at once. */
  public synchronized void stop() {
    if (!halt()) {
      return;
    }
    try {
      store.transaction(
          tx -> {
            tx.releasePurgeLease(settings.owner());
            return null;
          });
    } catch (RuntimeException e) {
      log.debug("purge lease not released (it expires by itself): {}", e.getMessage());
    }
  }

  /** Stops purging, keeping the lease until it expires (as a crash would); false if stopped. */
  public synchronized boolean halt() {
    if (timer == null) {
      return false;
    }
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("the purge pass did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer = null;
    return true;
  }

  /**
   * One pass: every workflow with its own retention, then the rest under the default. Returns how
   * many runs it deleted; 0 when another instance holds the purge lease.
   */
  public int purgeExpired() {
    Map<String, Duration> own = ownRetention();
    Instant now = Instant.now();
    int deleted = 0;
    for (var e : own.entrySet()) {
      if (!e.getValue().isZero()) {
        deleted += purge(e.getKey(), List.of(), now.minus(e.getValue()));
      }
    }
    if (!settings.retention().isZero()) {
      deleted += purge(null, own.keySet(), now.minus(settings.retention()));
    }
    return deleted;
  }

  /**
   * Deletes one finished run with its rows: {@link RunNotFoundException} when there is none, {@link
   * ConflictException} while it is queued or running.
   */
  public RunRecord delete(UUID runId) {
    RunRecord run =
        store.transaction(
            tx -> {
              RunRecord r =
                  tx.lockRun(runId).orElseThrow(() -> new RunNotFoundException(runId.toString()));
              if (!r.status().isTerminal()) {
                throw new ConflictException(
                    "run %s is %s: only a finished run can be deleted (cancel it first)"
                        .formatted(runId, r.status().label()));
              }
              tx.deleteRuns(List.of(runId));
              return r;
            });
    notify(Map.of(run.workflowId(), 1));
    return run;
  }

  /** Batches until fewer than a batch are left, the lease is lost or the purger stops. */
  private int purge(String workflowId, Collection<String> except, Instant cutoff) {
    int deleted = 0;
    while (!Thread.currentThread().isInterrupted()) {
      List<FinishedRun> batch =
          store.transaction(
              tx -> {
                Instant now = Instant.now();
                if (!tx.claimPurgeLease(settings.owner(), now, now.plus(leaseLength))) {
                  return null;
                }
                List<FinishedRun> runs =
                    tx.lockFinishedRuns(workflowId, except, cutoff, settings.batchSize());
                tx.deleteRuns(runs.stream().map(FinishedRun::runId).toList());
                return runs;
              });
      if (batch == null) {
        return deleted; // another instance purges
      }
      deleted += batch.size();
      notify(
          batch.stream()
              .collect(
                  Collectors.groupingBy(
                      FinishedRun::workflowId,
                      LinkedHashMap::new,
                      Collectors.reducing(0, r -> 1, Integer::sum))));
      if (batch.size() < settings.batchSize()) {
        return deleted;
      }
    }
    return deleted;
  }

  /** Retention periods the latest definitions set themselves, by workflow id. */
  private Map<String, Duration> ownRetention() {
    Map<String, Duration> own = new LinkedHashMap<>();
    String cursor = null;
    do {
      String from = cursor;
      Page<StoredWorkflow> page = store.read(tx -> tx.listWorkflows(500, from));
      for (StoredWorkflow stored : page.items()) {
        try {
          Duration retention = definitions.of(stored).definition().retention();
          if (retention != null) {
            own.put(stored.id(), retention);
          }
        } catch (RuntimeException e) {
          // a definition this engine cannot parse keeps the default retention
          log.debug("retention of {} unknown: {}", stored.id(), e.getMessage());
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return own;
  }

  private void notify(Map<String, Integer> purgedByWorkflow) {
    purgedByWorkflow.forEach(
        (workflowId, runs) -> {
          for (PurgeListener l : listeners) {
            try {
              l.onPurged(workflowId, runs);
            } catch (RuntimeException e) {
              log.warn("purge listener failed", e);
            }
          }
        });
  }
}
