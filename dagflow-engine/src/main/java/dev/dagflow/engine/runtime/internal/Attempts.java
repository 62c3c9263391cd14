package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.Durations;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs claimed attempts on this instance: each on a virtual thread of its own, registered in {@link
 * Executions}, stopped by a timer at the node's timeout or at its run's deadline, whichever comes
 * first; its outcome goes to the completion lanes and its permit back to the scheduler.
 *
 * <pre>{@code
 * Attempts attempts = new Attempts(executions, runner, permits, timer, completions,
 *     runId -> handle(transitions.timeOut(runId)), () -> requestPollIfStarved());
 * claimed.forEach(attempts::launch);
 * }</pre>
 */
final class Attempts {
  private final Executions executions;
  private final NodeRunner runner;
  private final Semaphore permits;
  private final ScheduledExecutorService timer;
  private final CompletionLanes completions;
  private final Consumer<UUID> timeOutRun;
  private final Runnable permitReturned;

  Attempts(
      Executions executions,
      NodeRunner runner,
      Semaphore permits,
      ScheduledExecutorService timer,
      CompletionLanes completions,
      Consumer<UUID> timeOutRun,
      Runnable permitReturned) {
    this.executions = executions;
    this.runner = runner;
    this.permits = permits;
    this.timer = timer;
    this.completions = completions;
    this.timeOutRun = timeOutRun;
    this.permitReturned = permitReturned;
  }

  /** Starts the attempt on a virtual thread, with its timeout (or its run's deadline) timed. */
  void launch(Claimed c) {
    NodeRecord row = c.node();
    NodeDefinition def = c.graph().node(row.nodeId());
    Instant nodeDeadline = def.timeout() == null ? null : row.startedAt().plus(def.timeout());
    RunRecord run = c.run();
    Instant deadline = nodeDeadline;
    if (run.deadline() != null && (deadline == null || run.deadline().isBefore(deadline))) {
      deadline = run.deadline();
    }
    Execution[] holder = new Execution[1];
    Instant finalDeadline = deadline;
    Thread thread =
        Thread.ofVirtual()
            .name("dagflow-node-" + row.nodeId())
            .unstarted(() -> execute(holder[0], finalDeadline));
    Execution e = new Execution(c, thread);
    holder[0] = e;
    executions.add(row.key(), e);
    if (nodeDeadline != null && nodeDeadline.equals(deadline)) {
      String reason = "timed out after " + Durations.format(def.timeout());
      long delay = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      e.timer = timer.schedule(() -> e.stop(reason, false), delay, TimeUnit.MILLISECONDS);
    } else if (run.deadline() != null) {
      // the run's deadline comes first: time the run out (which cancels this node) right then
      long delay = Math.max(0, Duration.between(Instant.now(), run.deadline()).toMillis());
      e.timer =
          timer.schedule(
              Threads.guard(() -> timeOutRun.accept(run.runId())), delay, TimeUnit.MILLISECONDS);
    }
    thread.start();
  }

  private void execute(Execution e, Instant deadline) {
    AttemptOutcome outcome;
    try {
      // its output reaches the context store in the completion's transaction (Transitions)
      outcome = runner.run(e.claimed, deadline, () -> e.stopReason);
    } catch (RuntimeException ex) {
      outcome = AttemptOutcome.Failed.retryable("engine error: " + ex.getMessage(), List.of());
    } finally {
      if (e.timer != null) {
        e.timer.cancel(false);
      }
      permits.release();
      permitReturned.run();
    }
    NodeRecord row = e.claimed.node();
    if (e.abandoned) {
      executions.forget(row.key());
    } else {
      completions.add(new Completion(row, outcome));
    }
  }
}
