package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's moving parts: the loop that admits runs and claims nodes, the virtual threads
 * that execute attempts (at most {@code nodeConcurrency} at once), the completers that apply
 * outcomes in batches, each for its share of the runs and in parallel ({@link CompletionLanes};
 * they also claim the nodes that waited for a permit in the same transaction), and the timers of
 * the {@link LeaseKeeper} (heartbeat, sweeps of expired leases and overdue runs).
 */
public final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  private static final int BATCH = 256;

  /** How often an idle instance looks for work no signal announced (at least the poll interval). */
  static final Duration FALLBACK = Duration.ofSeconds(1);

  /** Timing and limits of one instance. */
  public record Settings(
      String owner,
      int maxActiveRuns,
      int nodeConcurrency,
      Duration lease,
      Duration heartbeat,
      Duration poll,
      int completers) {}

  private final Settings settings;
  private final Store store;
  private final Transitions transitions;
  private final Claims claims;
  private final Quarantine quarantine;
  private final Executions executions = new Executions();
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<NodeKey> hints = new ConcurrentLinkedQueue<>();
  private final CompletionLanes completions;
  private final LoopSignals signals = new LoopSignals();
  // a scan found no free permit: the next attempt that ends asks for it again
  private final AtomicBoolean scanStarved = new AtomicBoolean();
  private final SlotNotices slotNotices;
  private final ScheduledExecutorService timer;
  private final LeaseKeeper leases;
  private final Attempts attempts;
  private final Thread loop;
  private volatile boolean running;

  public Scheduler(
      Settings settings,
      Store store,
      Transitions transitions,
      Claims claims,
      NodeRunner runner,
      Quarantine quarantine) {
    this.settings = settings;
    this.quarantine = quarantine;
    quarantine.onFailed(this::afterIsolated);
    this.store = store;
    this.transitions = transitions;
    this.claims = claims;
    this.permits = new Semaphore(settings.nodeConcurrency());
    this.slotNotices = new SlotNotices(store::notifySlots);
    this.completions =
        new CompletionLanes(
            settings.completers(),
            BATCH * 2,
            this::applyCompletions,
            executions::forget,
            this::afterCompletions);
    this.leases =
        new LeaseKeeper(
            settings.owner(),
            settings.lease(),
            store,
            transitions,
            executions,
            completions,
            this::handle);
    this.timer =
        Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().daemon().name("dagflow-timer-", 0).factory());
    this.attempts =
        new Attempts(
            executions,
            runner,
            permits,
            timer,
            completions,
            runId -> handle(transitions.timeOut(runId)),
            () -> {
              if (scanStarved.getAndSet(false)) {
                signals.requestPoll();
              }
            });
    this.loop = Thread.ofPlatform().daemon().name("dagflow-scheduler").unstarted(this::runLoop);
  }

  public void start() {
    running = true;
    // another instance left work: nodes it made ready but cannot start (admit and scan), or
    // admission slots (admit only: a scan would find nothing, and both instances would run it)
    store.onWorkNotice(
        notice -> {
          completions.heardFrom(notice.sender());
          if (notice.nodes()) {
            signals.requestPoll();
          }
          signals.requestAdmission();
        });
    loop.start();
    completions.start();
    long hb = settings.heartbeat().toMillis();
    timer.scheduleWithFixedDelay(Threads.guard(leases::heartbeat), hb, hb, TimeUnit.MILLISECONDS);
    long sweep = Math.max(100, Math.min(hb, settings.poll().toMillis() * 4));
    timer.scheduleWithFixedDelay(
        Threads.guard(() -> isolating(leases::sweep)), 0, sweep, TimeUnit.MILLISECONDS);
    long scan = settings.lease().toMillis();
    timer.scheduleWithFixedDelay(
        Threads.guard(quarantine::scan), scan, scan, TimeUnit.MILLISECONDS);
  }

  public boolean isRunning() {
    return running;
  }

  /** A run was queued or finished: try admission soon. */
  public void requestAdmission() {
    signals.requestAdmission();
  }

  /** A run was submitted here: try admission soon, unless every active slot is taken. */
  public void runQueued() {
    signals.runQueued();
  }

  /** Applies what a committed transaction asks of this instance. */
  public void handle(Effects effects) {
    effects.started.forEach(attempts::launch);
    for (NodeKey key : effects.stopped) {
      executions.find(key).ifPresent(e -> e.stop("cancelled", true));
    }
    if (!effects.readied.isEmpty()) {
      hints.addAll(effects.readied);
      signals.wake();
      store.notifyWork(); // nodes this instance had no permit for: another instance may take them
    }
    for (Completion c : effects.deferred) {
      timer.schedule(() -> completions.add(c), c.retryDelayMillis(), TimeUnit.MILLISECONDS);
    }
    for (Instant at : effects.retryAt) {
      long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
      timer.schedule(signals::requestPoll, delay, TimeUnit.MILLISECONDS);
    }
    if (!effects.finishedRuns.isEmpty()) {
      claims.forget(effects.finishedRuns);
      slotNotices.runEnded(); // the admission decides whether the other instances hear of it
      requestAdmission();
    }
  }

  /** The completer lanes in use now (tests). */
  public int completerLanesInUse() {
    return completions.lanesInUse();
  }

  private void runLoop() {
    long pollNanos = settings.poll().toNanos();
    long fallbackNanos = Math.max(pollNanos, FALLBACK.toNanos());
    long nextFallback = System.nanoTime();
    boolean scanPending = false;
    while (running) {
      try {
        // an idle engine runs no transaction between fallbacks: every change this instance makes
        // requests what it needs (admission, a scan at a retry's time), other instances' changes
        // arrive by NOTIFY (PostgreSQL); the fallback covers what no signal announces (a crashed
        // instance's queued runs, a lost NOTIFY, a second engine on one H2 database)
        boolean fallback = System.nanoTime() - nextFallback >= 0;
        if (fallback) {
          nextFallback = System.nanoTime() + fallbackNanos;
          completions.shareLanes(); // instances no longer heard from give their lanes back
        }
        scanPending |= signals.takePoll() || fallback;
        if (signals.takeAdmission() || fallback) {
          admit();
        }
        // while completions are coming, the completer claims the hinted nodes in its own
        // transactions (one commit for both); an idle completer leaves them to this loop
        if (!completions.busy() && completions.isEmpty()) {
          List<NodeKey> hinted = new ArrayList<>();
          for (NodeKey k; (k = hints.poll()) != null; ) {
            hinted.add(k);
          }
          if (!hinted.isEmpty()) {
            claimAndLaunch(hinted);
          }
        }
        // hinted nodes are this instance's known work; a scan for others' only when there are none
        if (scanPending && hints.isEmpty()) {
          scanPending = false;
          if (permits.availablePermits() == 0) {
            scanStarved.set(true); // scanned once an attempt gives back its permit
            if (permits.availablePermits() > 0 && scanStarved.getAndSet(false)) {
              scanPending = true; // one came back meanwhile
            }
          } else if (claimAndLaunch(null) == BATCH) {
            scanPending = true;
          }
        }
        // a pending scan (hints first) is retried at the poll interval, as before
        long until =
            scanPending ? Math.min(nextFallback, System.nanoTime() + pollNanos) : nextFallback;
        long waitNanos = Math.max(0, until - System.nanoTime());
        if (!signals.requested()
            && (hints.isEmpty() || completions.busy() || !completions.isEmpty())) {
          signals.await(waitNanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // whatever this iteration was doing is tried again
        signals.requestAll();
        if (quarantine.isolate(e)) {
          continue; // a run with an undecodable row is failed now: the others' work goes on at once
        }
        log.warn("scheduler iteration failed; retrying at the next poll", e);
        Threads.sleepQuietly(settings.poll());
      }
    }
  }

  /** One admission transaction; a full batch means more may be queued: admit again at once. */
  private void admit() {
    boolean runEnds = slotNotices.takeRunEnds();
    Effects effects;
    try {
      effects = withBudget(budget -> transitions.admit(settings.maxActiveRuns(), BATCH, budget));
    } catch (RuntimeException e) {
      slotNotices.admissionFailed(runEnds);
      throw e;
    }
    signals.slotsFull(effects.slotsFull);
    slotNotices.admitted(runEnds, effects.slotsFull);
    if (effects.admitted >= BATCH) {
      signals.requestAdmission();
    }
    handle(effects);
  }

  private int claimAndLaunch(Collection<NodeKey> only) {
    int want = Math.min(BATCH, only == null ? BATCH : only.size());
    int granted = 0;
    while (granted < want && permits.tryAcquire()) {
      granted++;
    }
    if (granted == 0) {
      return 0;
    }
    List<Claimed> claimed;
    try {
      claimed = running ? claims.claim(granted, only) : List.of();
    } catch (RuntimeException e) {
      permits.release(granted);
      if (only != null) {
        hints.addAll(only); // tried again once the loop has dealt with the failure
      }
      throw e;
    }
    permits.release(granted - claimed.size());
    claimed.forEach(attempts::launch);
    return claimed.size();
  }

  /** A run failed for an undecodable row: stop its attempts here, free its admission slot. */
  private void afterIsolated(UUID runId) {
    claims.forget(runId);
    executions.stopRun(runId, "cancelled");
    requestAdmission();
    store.notifySlots();
  }

  /** Runs {@code work}; an undecodable row it met fails that run, to be passed over next time. */
  private void isolating(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      if (!quarantine.isolate(e)) {
        throw e;
      }
    }
  }

  private void afterCompletions() {
    if (!hints.isEmpty() && completions.isEmpty()) {
      signals.wake(); // left-over hinted nodes are the loop's again
    }
  }

  private void applyCompletions(List<Completion> batch) {
    // hinted nodes that found no permit earlier: claim them in this transaction as well
    List<NodeKey> backlog = new ArrayList<>();
    int room = running ? Math.min(BATCH, permits.availablePermits()) : 0;
    for (NodeKey k; backlog.size() < room && (k = hints.poll()) != null; ) {
      backlog.add(k);
    }
    Effects effects;
    try {
      // free permits may start the nodes these completions make ready, in the same transaction
      effects =
          withBudget(
              budget ->
                  transitions.complete(
                      batch,
                      budget,
                      (tx, events, fx) -> claims.claimWaiting(tx, events, fx, budget, backlog)));
    } catch (RuntimeException e) {
      hints.addAll(backlog);
      if (quarantine.isolate(e)) {
        applyCompletions(batch); // its run is failed now: the other outcomes apply together
        return;
      }
      if (batch.size() == 1) {
        log.error("could not apply the outcome of {}", batch.getFirst().key(), e);
        return;
      }
      // one bad run must not hold back the others: apply them one by one
      for (Completion c : batch) {
        applyCompletions(List.of(c));
      }
      return;
    }
    handle(effects);
  }

  /** Runs a transition with the free permits it may use to start the nodes it readies. */
  private Effects withBudget(Function<StartBudget, Effects> transition) {
    StartBudget budget =
        running
            ? new StartBudget(
                settings.owner(), settings.lease(), permits, settings.nodeConcurrency())
            : StartBudget.NONE; // none once stopping
    return budget.spend(transition);
  }

  /** Stops claiming, waits up to {@code grace} for running attempts, then releases the rest. */
  public void shutdown(Duration grace) {
    if (!running) {
      return;
    }
    running = false;
    signals.wake();
    Threads.join(loop);
    executions.awaitEmpty(System.nanoTime() + grace.toNanos());
    List<NodeRecord> release = new ArrayList<>();
    for (Execution e : executions.all()) {
      e.stop("released at shutdown", true);
      release.add(e.claimed.node());
    }
    try {
      int n = claims.release(release);
      if (n > 0) {
        log.info("released {} running node(s) for another instance", n);
      }
    } catch (RuntimeException e) {
      log.warn("could not release running nodes; their leases will expire", e);
    }
    completions.stop();
    // a heartbeat or sweep still in flight must end before the caller closes the store under it
    timer.shutdownNow();
    Threads.awaitTermination(timer);
  }

  /** Stops every thread at once, releasing nothing: what a crash leaves behind (tests). */
  public void halt() {
    running = false;
    executions.all().forEach(e -> e.stop("halted", true));
    timer.shutdownNow();
    loop.interrupt();
    completions.halt();
    Threads.join(loop);
  }
}
