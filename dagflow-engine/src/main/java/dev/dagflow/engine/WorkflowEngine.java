package dev.dagflow.engine;

import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.schedule.Schedules;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The engine as the API and CLI use it: register definitions, submit and steer runs, listen to
 * events. Reads of runs, nodes and events go straight to the {@link
 * dev.dagflow.engine.store.Store}.
 *
 * <pre>{@code
 * StoredWorkflow wf = engine.register(Files.readString(path), path.toString());
 * RunRecord run = engine.submit(wf.id(), params, null);
 * engine.awaitTerminal(run.runId(), Duration.ofSeconds(30));
 * }</pre>
 */
public interface WorkflowEngine extends AutoCloseable {

  /**
   * Parses, validates and stores a definition (YAML or JSON). Throws {@link
   * dev.dagflow.engine.error.InvalidDefinitionException} with every problem.
   */
  StoredWorkflow register(String source, String fileName);

  /** The latest registered definition of a workflow. */
  Optional<WorkflowDefinition> findDefinition(String workflowId);

  /** One registered version of a workflow, e.g. the one a run was started with. */
  Optional<WorkflowDefinition> findDefinition(String workflowId, int version);

  /**
   * The span context of a node's attempt (or, with {@code nodeId} null, of its run) on this
   * instance while tracing is on, including a span that ended with the event being dispatched: for
   * trace exemplars. Empty by default and without tracing.
   */
  default Optional<SpanContext> findSpanContext(UUID runId, String nodeId) {
    return Optional.empty();
  }

  /** Removes a workflow and its schedules (its runs stay); false when there was none. */
  boolean delete(String workflowId);

  /**
   * Queues a run. Params are validated against the definition (422 with every problem). With an
   * idempotency key, a repeat with the same params returns the first run; with other params, 422.
   */
  RunRecord submit(String workflowId, JsonNode params, String idempotencyKey);

  /** Waits until the run is terminal or the timeout passes; returns the run as it then is. */
  RunRecord awaitTerminal(UUID runId, Duration timeout);

  /** Cancels a queued or running run; 409 when it already finished. */
  RunRecord cancel(UUID runId);

  /**
   * Queues a failed or cancelled run again: its unsuccessful nodes run again with a fresh retry
   * budget, its successful ones keep their outputs; 409 in any other state, 404 for no such run.
   * Returns the run as it is right after (queued, or already running).
   */
  RunRecord retry(UUID runId);

  /** Decides a waiting {@code approval} node. */
  void decide(UUID runId, String nodeId, boolean approved, String by, String comment);

  /**
   * Deletes a finished run with its nodes, events and context; 404 when there is none, 409 while it
   * is queued or running. Returns the run as it was.
   */
  RunRecord deleteRun(UUID runId);

  /**
   * Runs one retention pass now (the engine also runs one periodically): deletes finished runs
   * older than their retention. Returns how many it deleted; 0 while another instance purges.
   */
  int purgeExpired();

  void addListener(EventListener listener);

  /** Told of every run this instance deletes, by retention or by {@link #deleteRun}. */
  void addPurgeListener(PurgeListener listener);

  /**
   * Told of each run this instance fails because a stored row of it cannot be decoded, with what
   * kind of row it was ({@code dag_engine_errors_total{kind}}).
   */
  void addErrorListener(EngineErrorListener listener);

  /** The schedules of registered workflows: list, pause, resume, fire now. */
  Schedules schedules();

  /** True between {@link #start()} and shutdown. */
  boolean isRunning();

  /** Starts claiming, heartbeats, admission and the sweepers. */
  void start();

  /** Stops claiming; running nodes get {@code grace} to finish; the rest are released. */
  void shutdown(Duration grace);

  @Override
  default void close() {
    shutdown(Duration.ofSeconds(10));
  }
}
