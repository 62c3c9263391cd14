package dev.dagflow.engine.runtime.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.LimitExceededException;
import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Queues runs: validates params and applies defaults, honours idempotency keys (same key and same
 * request → the same run; same key, other request → 422) and the queue bound (429, {@link
 * QueueBound}), then inserts the run, its pending nodes and {@code run.queued}. Concurrent submits
 * without a key share one transaction ({@link GroupCommit}).
 */
public final class Submissions {
  // Time-ordered (version 7) run ids: a new run's rows land at the right edge of every index keyed
  // by run id, so one commit touches a few index pages instead of one random page per run
  // (docs/performance.md, "Time-ordered run ids").
  private static final TimeBasedEpochGenerator RUN_IDS = Generators.timeBasedEpochGenerator();

  private final Store store;
  private final Definitions definitions;
  private final EventDispatcher dispatcher;
  private final RunSpans spans;
  private final QueueBound bound;
  private final GroupCommit<NewRun> inserts;
  private final LatestWorkflows latest;

  public Submissions(
      Store store,
      Definitions definitions,
      EventDispatcher dispatcher,
      RunSpans spans,
      int maxQueuedRuns,
      long retryAfterSeconds) {
    this.store = store;
    this.latest = new LatestWorkflows(store);
    this.definitions = definitions;
    this.dispatcher = dispatcher;
    this.spans = spans;
    this.bound =
        new QueueBound(
            maxQueuedRuns, retryAfterSeconds, () -> store.read(s -> s.countRuns(RunStatus.QUEUED)));
    this.inserts =
        new GroupCommit<>(
            256,
            batch ->
                store.transaction(
                    tx -> {
                      write(tx, batch);
                      return null;
                    }));
  }

  public RunRecord submit(String workflowId, JsonNode rawParams, String idempotencyKey) {
    StoredWorkflow stored = latest.get(workflowId);
    Graph graph = definitions.of(stored);
    WorkflowDefinition def = graph.definition();
    JsonNode given =
        rawParams == null || rawParams.isNull() ? JsonNodeFactory.instance.objectNode() : rawParams;
    if (!given.isObject()) {
      throw new InvalidRequestException("params: must be a JSON object");
    }
    ObjectNode params = definitions.parser().prepareParams(def, given);
    String hash = idempotencyKey == null ? null : hash(workflowId, params);
    try {
      return insert(stored, graph, params, idempotencyKey, hash);
    } catch (StoreException e) {
      // two submissions with one key raced: the loser returns the winner's run
      Optional<RunRecord> winner =
          idempotencyKey == null
              ? Optional.empty()
              : store.read(tx -> tx.findRunByIdempotencyKey(idempotencyKey));
      return winner.map(r -> sameRequest(r, hash)).orElseThrow(() -> e);
    }
  }

  /** {@code stored} was applied on this instance and committed: submits here run it from now. */
  public void applied(StoredWorkflow stored) {
    latest.applied(stored);
  }

  /** {@code workflowId} was deleted on this instance and committed: submits here fail from now. */
  public void deleted(String workflowId) {
    latest.deleted(workflowId);
  }

  private RunRecord insert(
      StoredWorkflow stored, Graph graph, ObjectNode params, String key, String hash) {
    bound.check();
    // the run's span starts here, on the submitter's thread and under its context
    NewRun run = newRun(stored, graph, params, key, hash);
    try {
      if (key == null) {
        inserts.write(run); // with whatever other submits are in flight: one commit
        bound.submitted();
        return run.run();
      }
      RunRecord inserted =
          store.transaction(
              tx -> {
                Optional<RunRecord> existing = tx.findRunByIdempotencyKey(key);
                if (existing.isPresent()) {
                  return sameRequest(existing.get(), hash);
                }
                write(tx, List.of(run));
                return run.run();
              });
      if (!inserted.runId().equals(run.run().runId())) {
        spans.runNotStored(run.run().runId(), "a repeat of run " + inserted.runId());
      }
      bound.submitted();
      return inserted;
    } catch (RuntimeException e) {
      spans.runNotStored(run.run().runId(), e.getMessage());
      throw e;
    }
  }

  /**
   * Queues a run inside {@code tx} with its trigger (a schedule's fire time, a parent's node) and,
   * when given, an idempotency key: params must be prepared ({@link
   * dev.dagflow.engine.definition.DefinitionParser#prepareParams}). Empty when the admission queue
   * is full.
   */
  public Optional<RunRecord> queueTriggered(
      StoreSession tx,
      StoredWorkflow stored,
      ObjectNode params,
      Trigger trigger,
      String idempotencyKey,
      Instant now) {
    try {
      bound.check();
    } catch (LimitExceededException e) {
      return Optional.empty();
    }
    String hash = idempotencyKey == null ? null : hash(stored.id(), params);
    NewRun run = newRun(stored, definitions.of(stored), params, idempotencyKey, hash);
    tx.insertRun(run.run(), run.nodes());
    tx.schedules().insertTrigger(run.run().runId(), stored.id(), trigger);
    EventBatch events = new EventBatch();
    events.run(EventType.RUN_QUEUED, run.run(), run.run().queuedAt(), EventBatch.data());
    events.append(tx, dispatcher);
    bound.submitted();
    return Optional.of(run.run());
  }

  /** A queued run and its pending nodes, not yet written. */
  private record NewRun(RunRecord run, List<NodeRecord> nodes) {}

  private NewRun newRun(
      StoredWorkflow stored, Graph graph, ObjectNode params, String key, String hash) {
    UUID runId = RUN_IDS.generate();
    Instant now = Instant.now();
    RunRecord r =
        new RunRecord(
            runId,
            stored.id(),
            stored.version(),
            RunStatus.QUEUED,
            params,
            now,
            null,
            null,
            null,
            null,
            key,
            hash,
            spans.runQueued(runId, stored.id(), now));
    List<NodeRecord> nodes =
        graph.definition().nodes().stream()
            .map(
                n ->
                    NodeRecord.pending(
                        r.runId(), n.id(), n.type(), n.name() == null ? n.id() : n.name()))
            .toList();
    return new NewRun(r, nodes);
  }

  private void write(StoreSession tx, List<NewRun> runs) {
    EventBatch events = new EventBatch();
    List<RunRecord> records = new ArrayList<>(runs.size());
    List<NodeRecord> nodes = new ArrayList<>();
    for (NewRun n : runs) {
      records.add(n.run());
      nodes.addAll(n.nodes());
      events.run(EventType.RUN_QUEUED, n.run(), n.run().queuedAt(), EventBatch.data());
    }
    tx.insertRuns(records, nodes); // one batch per table for the whole group
    events.append(tx, dispatcher);
  }

  private static RunRecord sameRequest(RunRecord existing, String hash) {
    if (!existing.requestHash().equals(hash)) {
      throw new InvalidRequestException(
          "Idempotency-Key "
              + existing.idempotencyKey()
              + " was already used with another request");
    }
    return existing;
  }

  /** SHA-256 over the workflow id and the params with keys sorted, so key order does not matter. */
  static String hash(String workflowId, JsonNode params) {
    Object canonical = canonical(JsonMapper.shared().convertValue(params, Object.class));
    byte[] json = JsonMapper.shared().writeValueAsBytes(List.of(workflowId, canonical));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object canonical(Object value) {
    if (value instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      m.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
      return sorted;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Submissions::canonical).toList();
    }
    return value;
  }
}
