package dev.dagflow.engine.runtime;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.runtime.internal.AttemptOutcome;
import dev.dagflow.engine.runtime.internal.Completion;
import dev.dagflow.engine.runtime.internal.Definitions;
import dev.dagflow.engine.runtime.internal.Effects;
import dev.dagflow.engine.runtime.internal.EventDispatcher;
import dev.dagflow.engine.runtime.internal.Graph;
import dev.dagflow.engine.runtime.internal.RunSpans;
import dev.dagflow.engine.runtime.internal.Scheduler;
import dev.dagflow.engine.runtime.internal.Submissions;
import dev.dagflow.engine.runtime.internal.Transitions;
import dev.dagflow.engine.store.Store;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final Store store;
  private final Definitions definitions;
  private final Submissions submissions;
  private final Transitions transitions;
  private final Scheduler scheduler;
  private final EventDispatcher dispatcher;
  private final boolean allowShell;
  private final Map<UUID, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
  private volatile boolean started;
  private final RunSpans spans;

  DurableEngine(
      Store store,
      Definitions definitions,
      Submissions submissions,
      Transitions transitions,
      Scheduler scheduler,
      EventDispatcher dispatcher,
      RunSpans spans,
      boolean allowShell) {
    this.spans = spans;
    this.store = store;
    this.definitions = definitions;
    this.submissions = submissions;
    this.transitions = transitions;
    this.scheduler = scheduler;
    this.dispatcher = dispatcher;
    this.allowShell = allowShell;
    dispatcher.addListener(
        (event, run, node) -> {
          if (event.nodeId() == null && run != null && run.status().isTerminal()) {
            Set<CompletableFuture<Void>> set = waiters.get(event.runId());
            if (set != null) {
              set.forEach(f -> f.complete(null));
            }
          }
        });
  }

  public static DurableEngineBuilder builder() {
    return new DurableEngineBuilder();
  }

  @Override
  public StoredWorkflow register(String source, String fileName) {
    WorkflowDefinition def = definitions.parser().parse(source, fileName);
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
    StoredWorkflow stored = store.transaction(tx -> tx.saveWorkflow(def.id(), source));
    definitions.remember(stored, Graph.of(def, stored.version()));
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
  public boolean delete(String workflowId) {
    return store.transaction(tx -> tx.deleteWorkflow(workflowId));
  }

  @Override
  public RunRecord submit(String workflowId, JsonNode params, String idempotencyKey) {
    RunRecord run = submissions.submit(workflowId, params, idempotencyKey);
    scheduler.requestAdmission();
    return run;
  }

  @Override
  public RunRecord awaitTerminal(UUID runId, Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Set<CompletableFuture<Void>> set =
        waiters.computeIfAbsent(runId, k -> ConcurrentHashMap.newKeySet());
    set.add(done);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        RunRecord run = readRun(runId);
        long left = deadline - System.nanoTime();
        if (run.status().isTerminal() || left <= 0) {
          return run;
        }
        try {
          // events of this instance end the wait at once; the bounded wait re-reads the row for
          // runs that another instance finishes
          done.get(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // re-read below
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return readRun(runId);
    } finally {
      set.remove(done);
      waiters.computeIfPresent(runId, (k, s) -> s.isEmpty() ? null : s);
    }
  }

  @Override
  public RunRecord cancel(UUID runId) {
    Effects effects = transitions.cancel(runId);
    scheduler.handle(effects);
    return effects.finishedRuns.stream()
        .filter(r -> r.runId().equals(runId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("cancel of " + runId + " ended no run"));
  }

  @Override
  public void decide(UUID runId, String nodeId, boolean approved, String by, String comment) {
    NodeRecord node =
        store.read(tx -> tx.findNodes(runId)).stream()
            .filter(n -> n.nodeId().equals(nodeId))
            .findFirst()
            .orElseThrow(
                () -> new DagflowException(404, "node not found: " + runId + "/" + nodeId));
    if (node.status() != NodeStatus.RUNNING
        || !Transitions.APPROVAL_OWNER.equals(node.leaseOwner())) {
      throw new ConflictException(
          "node " + nodeId + " is not waiting for a decision (" + node.status().label() + ")");
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
  public void addListener(EventListener listener) {
    dispatcher.addListener(listener);
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
  }

  @Override
  public synchronized void shutdown(Duration grace) {
    if (scheduler.isRunning()) {
      scheduler.shutdown(grace);
      dispatcher.stop();
      spans.close();
    }
  }

  /** Stops every thread without releasing anything, as a crash would (for tests). */
  void halt() {
    scheduler.halt();
    dispatcher.stop();
  }

  private RunRecord readRun(UUID runId) {
    return store
        .read(tx -> tx.findRun(runId))
        .orElseThrow(() -> new RunNotFoundException(runId.toString()));
  }
}
