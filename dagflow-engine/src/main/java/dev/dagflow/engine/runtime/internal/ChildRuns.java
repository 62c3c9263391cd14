package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.SubflowResolver;
import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.engine.error.LimitExceededException;
import dev.dagflow.engine.error.WorkflowNotFoundException;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.store.ScheduleSession.EndedChild;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Child runs of {@code workflow} nodes. {@link #start} queues the child of one attempt (once: a
 * repeat of the same attempt finds it by its key) and the node then waits, holding no thread, under
 * the same durable lease as an approval. {@link #settle} completes waiting nodes whose child ended
 * (success → {@code {run_id, status, outputs}}, else a failed attempt that the node's retry policy
 * may repeat with a new child) and cancels children whose parent node stopped waiting for them (the
 * parent was cancelled, failed or timed out). Every instance settles, so a child that ends on any
 * instance, or while its parent's instance is down, still completes its parent.
 *
 * <pre>{@code
 * UUID child = childRuns.start(ctx);   // in the node's attempt
 * childRuns.settle();                  // periodically, and when a child run ends
 * }</pre>
 */
public final class ChildRuns {
  private static final int BATCH = 100;

  private final Store store;
  private final Definitions definitions;
  private final Submissions submissions;
  private final Consumer<List<Completion>> complete;
  private final Consumer<UUID> cancel;
  private final Runnable queued;

  /** {@code queued} runs after a child run was queued and committed (admission is asked for). */
  public ChildRuns(
      Store store,
      Definitions definitions,
      Submissions submissions,
      Consumer<List<Completion>> complete,
      Consumer<UUID> cancel,
      Runnable queued) {
    this.queued = queued;
    this.store = store;
    this.definitions = definitions;
    this.submissions = submissions;
    this.complete = complete;
    this.cancel = cancel;
  }

  /** The idempotency key of the child of one attempt: a repeated attempt finds its child. */
  static String key(UUID parentRunId, String nodeId, int attempt) {
    return "parent:" + parentRunId + ":" + nodeId + ":" + attempt;
  }

  /** Queues (or finds) the child run of this attempt; throws a DagflowException saying why not. */
  public RunRecord start(NodeContext ctx) {
    String workflowId = String.valueOf(ctx.config().get("workflow_id"));
    Integer version = ctx.config().get("version") instanceof Number n ? n.intValue() : null;
    JsonNode given =
        JsonMapper.shared()
            .valueToTree(ctx.config().get("params") instanceof Map<?, ?> m ? m : Map.of());
    String key = key(ctx.runId(), ctx.nodeId(), ctx.attempt());
    RunRecord child = queue(workflowId, version, given, key, ctx);
    queued.run(); // the scheduler does not poll for queued runs: it is told
    return child;
  }

  private RunRecord queue(
      String workflowId, Integer version, JsonNode given, String key, NodeContext ctx) {
    return store.transaction(
        tx -> {
          Optional<RunRecord> existing = tx.findRunByIdempotencyKey(key);
          if (existing.isPresent()) {
            return existing.get();
          }
          int depth = depth(tx, ctx.runId());
          if (depth >= SubflowResolver.MAX_DEPTH) {
            throw new DagflowException(
                422,
                "sub-workflows nest deeper than "
                    + SubflowResolver.MAX_DEPTH
                    + " levels: run "
                    + ctx.runId()
                    + " is already at depth "
                    + depth);
          }
          StoredWorkflow stored =
              (version == null ? tx.findWorkflow(workflowId) : tx.findWorkflow(workflowId, version))
                  .orElseThrow(
                      () ->
                          new WorkflowNotFoundException(
                              workflowId + (version == null ? "" : " v" + version)));
          ObjectNode params =
              definitions.parser().prepareParams(definitions.of(stored).definition(), given);
          Trigger parent = new Trigger.Parent(ctx.runId(), ctx.nodeId(), ctx.attempt());
          return submissions
              .queueTriggered(tx, stored, params, parent, key, Instant.now())
              .orElseThrow(
                  () ->
                      new LimitExceededException(
                          429, "the admission queue is full; the child run was not queued", 1));
        });
  }

  /** How many parents a run has above it. */
  private static int depth(StoreSession tx, UUID runId) {
    int depth = 0;
    UUID current = runId;
    while (depth <= SubflowResolver.MAX_DEPTH
        && tx.schedules().findTrigger(current) instanceof Trigger.Parent p) {
      depth++;
      current = p.runId();
    }
    return depth;
  }

  /** Completes waiting parents of ended children and cancels orphaned children. */
  public void settle() {
    List<EndedChild> ended =
        store.read(tx -> tx.schedules().findEndedChildren(Transitions.APPROVAL_OWNER, BATCH));
    List<Completion> completions = new ArrayList<>();
    for (EndedChild child : ended) {
      completion(child).ifPresent(completions::add);
    }
    if (!completions.isEmpty()) {
      complete.accept(completions);
    }
    for (UUID orphan : store.read(tx -> tx.schedules().findOrphanedChildren(BATCH))) {
      cancel.accept(orphan);
    }
  }

  private Optional<Completion> completion(EndedChild child) {
    return store.read(
        tx -> {
          List<NodeRecord> rows = tx.findNodes(child.parentRunId(), List.of(child.nodeId()));
          if (rows.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new Completion(rows.getFirst(), outcome(tx, child)));
        });
  }

  private static AttemptOutcome outcome(StoreSession tx, EndedChild child) {
    if (child.status() != RunStatus.SUCCESS) {
      String why = child.error() == null ? "" : ": " + child.error();
      return AttemptOutcome.Failed.retryable(
          "child run " + child.childRunId() + " ended " + child.status().label() + why, List.of());
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("run_id", child.childRunId().toString());
    output.put("status", child.status().label());
    ObjectNode outputs = output.putObject("outputs");
    for (NodeRecord n : tx.findNodes(child.childRunId())) {
      if (n.status() == NodeStatus.SUCCESS && n.output() != null) {
        outputs.set(n.nodeId(), n.output());
      }
    }
    return new AttemptOutcome.Succeeded(output, null, List.of(), List.of());
  }
}
