package dev.dagflow.engine.runtime;

import dev.dagflow.engine.EngineErrorListener;
import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.PurgeListener;
import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.runtime.internal.AttemptOutcome;
import dev.dagflow.engine.runtime.internal.ChildRuns;
import dev.dagflow.engine.runtime.internal.Completion;
import dev.dagflow.engine.runtime.internal.Definitions;
import dev.dagflow.engine.runtime.internal.Effects;
import dev.dagflow.engine.runtime.internal.EventDispatcher;
import dev.dagflow.engine.runtime.internal.Graph;
import dev.dagflow.engine.runtime.internal.Purger;
import dev.dagflow.engine.runtime.internal.Quarantine;
import dev.dagflow.engine.runtime.internal.RunSpans;
import dev.dagflow.engine.runtime.internal.RunWaiters;
import dev.dagflow.engine.runtime.internal.ScheduleControl;
import dev.dagflow.engine.runtime.internal.Scheduler;
import dev.dagflow.engine.runtime.internal.SubWorkflowExecutor;
import dev.dagflow.engine.runtime.internal.Submissions;
import dev.dagflow.engine.runtime.internal.Transitions;
import dev.dagflow.engine.schedule.Schedules;
import dev.dagflow.engine.store.StorableText;
import dev.dagflow.engine.store.Store;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The durable, multi-instance engine (docs/engine.md): all state in the {@link Store}; this
 * instance admits queued runs, claims ready nodes under leases, runs them on virtual threads and
 * applies their outcomes in short fenced transactions. Several instances may share one database.
 *
 * <pre>{@code
 * try (DurableEngine engine = DurableEngine.builder().store(store).allowShell(true).build()) {
 *   engine.start();
 *   StoredWorkflow wf = engine.register(Files.readString(file), file.toString());
 *   RunRecord run = engine.submit(wf.id(), params, null);
 *   engine.awaitTerminal(run.runId(), Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class DurableEngine implements WorkflowEngine {
  private static final Logger log = LoggerFactory.getLogger(DurableEngine.class);
  private final Store store;
  private final Definitions definitions;
  private final Submissions submissions;
  private final Transitions transitions;
  private final Scheduler scheduler;
  private final EventDispatcher dispatcher;
  private final Purger purger;
  private final ScheduleControl schedules;
  private final ChildRuns children;
  private final ScheduledExecutorService childTimer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("dagflow-children").factory());
  private final boolean allowShell;
  private final RunWaiters waiters = new RunWaiters();
  private volatile boolean started;
  private final RunSpans spans;
  private final Quarantine quarantine;

  DurableEngine(
      Store store,
      Definitions definitions,
      Submissions submissions,
      Transitions transitions,
      Scheduler scheduler,
      EventDispatcher dispatcher,
      Purger purger,
      Duration scheduleTick,
      SubWorkflowExecutor subflows,
      RunSpans spans,
      Quarantine quarantine,
      boolean allowShell) {
    this.quarantine = quarantine;
    this.spans = spans;
    this.store = store;
    this.definitions = definitions;
    this.submissions = submissions;
    this.transitions = transitions;
    this.scheduler = scheduler;
    this.dispatcher = dispatcher;
    this.purger = purger;
    this.allowShell = allowShell;
    this.schedules =
        new ScheduleControl(
            store,
            definitions,
            submissions,
            scheduler::requestAdmission,
            this::cancelQuietly,
            scheduleTick);
    this.children =
        new ChildRuns(
            store,
            definitions,
            submissions,
            completions -> scheduler.handle(transitions.complete(completions)),
            this::cancelQuietly,
            scheduler::requestAdmission);
    subflows.bind(children);
    dispatcher.addListener(
        (event, run, node) -> {
          if (event.nodeId() == null && run != null && run.status().isTerminal()) {
            if (run.idempotencyKey() != null && run.idempotencyKey().startsWith("parent:")) {
              Thread.ofVirtual().start(this::settleChildren); // a child ended: tell its parent
            }
            waiters.ended(event.runId());
          }
        });
  }

  public static DurableEngineBuilder builder() {
    return new DurableEngineBuilder();
  }

  @Override
  public StoredWorkflow register(String source, String fileName) {
    WorkflowDefinition def = definitions.parser().parse(source, fileName, this::findSubflow);
    if (!allowShell) {
      def.nodes().stream()
          .filter(n -> n.type().equals("shell"))
          .findFirst()
          .ifPresent(
              n -> {
                throw new DagflowException(
                    422,
                    "%s: node %s uses type shell, which this engine refuses (allow it with --allow-shell)"
                        .formatted(fileName, n.id()));
              });
    }
    StoredWorkflow stored =
        store.transaction(
            tx -> {
              StoredWorkflow saved = tx.saveWorkflow(def.id(), source);
              schedules.sync(tx, def);
              return saved;
            });
    definitions.remember(stored, Graph.of(def, stored.version()));
    submissions.applied(stored);
    return stored;
  }

  @Override
  public Optional<WorkflowDefinition> findDefinition(String workflowId) {
    return store
        .read(tx -> tx.findWorkflow(workflowId))
        .map(definitions::of)
        .map(Graph::definition);
  }

  @Override
  public Optional<WorkflowDefinition> findDefinition(String workflowId, int version) {
    try {
      return Optional.of(definitions.get(workflowId, version).definition()); // cached once parsed
    } catch (DagflowException e) {
      return Optional.empty(); // gone, or no longer valid (e.g. its node type was unregistered)
    }
  }

  @Override
  public boolean delete(String workflowId) {
    boolean deleted =
        store.transaction(
            tx -> {
              schedules.remove(tx, workflowId);
              return tx.deleteWorkflow(workflowId);
            });
    submissions.deleted(workflowId); // also when it was not there: a cached entry may be stale
    return deleted;
  }

  @Override
  public RunRecord submit(String workflowId, JsonNode params, String idempotencyKey) {
    RunRecord run = submissions.submit(workflowId, params, idempotencyKey);
    scheduler.runQueued();
    return run;
  }

  @Override
  public RunRecord awaitTerminal(UUID runId, Duration timeout) {
    return waiters.await(runId, timeout, this::readRun);
  }

  @Override
  public RunRecord cancel(UUID runId) {
    Effects effects = transitions.cancel(runId);
    scheduler.handle(effects);
    settleChildren(); // its children now have no parent node waiting for them
    return effects.finishedRuns.stream()
        .filter(r -> r.runId().equals(runId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("cancel of " + runId + " ended no run"));
  }

  @Override
  public RunRecord retry(UUID runId) {
    scheduler.handle(transitions.retry(runId));
    scheduler.requestAdmission(); // it is queued: admitted as any submitted run
    store.notifySlots(); // another instance may have the free slot
    return readRun(runId);
  }

  @Override
  public void decide(UUID runId, String nodeId, boolean approved, String by, String comment) {
    List<String> unstorable = new ArrayList<>();
    StorableText.findProblem(by == null ? "" : by).ifPresent(p -> unstorable.add("/by: " + p));
    StorableText.findProblem(comment == null ? "" : comment)
        .ifPresent(p -> unstorable.add("/comment: " + p));
    if (!unstorable.isEmpty()) {
      throw new InvalidRequestException(422, unstorable);
    }
    NodeRecord node =
        store.read(tx -> tx.findNodes(runId)).stream()
            .filter(n -> n.nodeId().equals(nodeId))
            .findFirst()
            .orElseThrow(
                () -> new DagflowException(404, "node not found: " + runId + "/" + nodeId));
    if (!node.awaitsDecision()) {
      throw new ConflictException(
          "node " + nodeId + " is not waiting for a decision (" + node.status().label() + ")");
    }
    if (!node.type().equals("approval")) {
      // a workflow node waits under the same lease, but only its child run decides it
      throw new ConflictException(
          "node " + nodeId + " is a " + node.type() + " node: it waits for its child run");
    }
    AttemptOutcome outcome;
    if (approved) {
      var output =
          JsonNodeFactory.instance
              .objectNode()
              .put("approved", true)
              .put("by", by)
              .put("comment", comment);
      outcome = new AttemptOutcome.Succeeded(output, null, List.of(), List.of());
    } else {
      String reason =
          "rejected by " + by + (comment == null || comment.isBlank() ? "" : ": " + comment);
      outcome = new AttemptOutcome.Failed(reason, true, List.of());
    }
    scheduler.handle(transitions.complete(List.of(new Completion(node, outcome))));
  }

  /**
   * The span context of a node's attempt (or, with {@code nodeId} null or no open attempt, of its
   * run) on this instance, while tracing is on: for trace exemplars beside the {@code run_id}.
   */
  @Override
  public Optional<SpanContext> findSpanContext(UUID runId, String nodeId) {
    return spans.findSpanContext(runId, nodeId);
  }

  @Override
  public RunRecord deleteRun(UUID runId) {
    return purger.delete(runId);
  }

  @Override
  public int purgeExpired() {
    return purger.purgeExpired();
  }

  @Override
  public Schedules schedules() {
    return schedules;
  }

  @Override
  public void addListener(EventListener listener) {
    dispatcher.addListener(listener);
  }

  @Override
  public void addErrorListener(EngineErrorListener listener) {
    quarantine.addListener(listener);
  }

  @Override
  public void addPurgeListener(PurgeListener listener) {
    purger.addListener(listener);
  }

  @Override
  public boolean isRunning() {
    return scheduler.isRunning();
  }

  @Override
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the engine was already started");
    }
    started = true;
    dispatcher.start();
    scheduler.start();
    purger.start();
    schedules.ticker().start();
    childTimer.scheduleWithFixedDelay(this::settleChildren, 500, 500, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void shutdown(Duration grace) {
    if (scheduler.isRunning()) {
      purger.stop();
      schedules.ticker().stop();
      childTimer.shutdownNow();
      scheduler.shutdown(grace);
      dispatcher.stop();
      spans.close();
    }
  }

  /** Stops every thread without releasing anything, as a crash would (for tests). */
  void halt() {
    purger.halt();
    schedules.ticker().stop();
    childTimer.shutdownNow();
    scheduler.halt();
    dispatcher.stop();
  }

  private void settleChildren() {
    try {
      children.settle();
    } catch (RuntimeException e) {
      log.warn("settling child runs failed (retried on the next pass)", e);
    }
  }

  private Optional<WorkflowDefinition> findSubflow(String workflowId, Integer version) {
    return store
        .read(
            tx ->
                version == null
                    ? tx.findWorkflow(workflowId)
                    : tx.findWorkflow(workflowId, version))
        .map(definitions::of)
        .map(Graph::definition);
  }

  /** Cancels a run that may have finished meanwhile (a schedule's {@code cancel_other}). */
  private void cancelQuietly(UUID runId) {
    try {
      cancel(runId);
    } catch (ConflictException | RunNotFoundException e) {
      // it ended on its own before the cancel
    }
  }

  private RunRecord readRun(UUID runId) {
    return store
        .read(tx -> tx.findRun(runId))
        .orElseThrow(() -> new RunNotFoundException(runId.toString()));
  }

  /** The completer lanes this instance uses now: fewer while other instances are heard (tests). */
  int completerLanesInUse() {
    return scheduler.completerLanesInUse();
  }
}
