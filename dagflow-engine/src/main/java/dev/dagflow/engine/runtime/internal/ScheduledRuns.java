package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.ScheduleSpec;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.store.StoreSession;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Queues the run of one fire time, inside the caller's transaction, under the unique (workflow,
 * schedule, fire time) key of its trigger.
 *
 * <pre>{@code
 * runs.find(tx, "report", "nightly").flatMap(t -> runs.start(tx, t, fireTime, now));
 * }</pre>
 */
final class ScheduledRuns {
  private final Definitions definitions;
  private final Submissions submissions;

  ScheduledRuns(Definitions definitions, Submissions submissions) {
    this.definitions = definitions;
    this.submissions = submissions;
  }

  /** A schedule of the latest definition, with its prepared params. */
  record Target(StoredWorkflow stored, ScheduleSpec spec, ObjectNode params) {}

  /** The schedule as the latest registered definition has it; empty when it is gone. */
  Optional<Target> find(StoreSession tx, String workflowId, String scheduleId) {
    return tx.findWorkflow(workflowId)
        .flatMap(
            stored -> {
              var def = definitions.of(stored).definition();
              return def.schedules().stream()
                  .filter(s -> s.id().equals(scheduleId))
                  .findFirst()
                  .map(
                      spec ->
                          new Target(
                              stored,
                              spec,
                              definitions
                                  .parser()
                                  .prepareParams(
                                      def, JsonMapper.shared().valueToTree(spec.params()))));
            });
  }

  /**
   * Queues the run of {@code fireTime}; empty when that fire time already has a run, or when the
   * admission queue is full.
   */
  Optional<RunRecord> start(StoreSession tx, Target target, Instant fireTime, Instant now) {
    String workflowId = target.stored().id();
    String scheduleId = target.spec().id();
    if (tx.schedules().fireExists(workflowId, scheduleId, fireTime)) {
      return Optional.empty();
    }
    return submissions.queueTriggered(
        tx,
        target.stored(),
        target.params(),
        new Trigger.Schedule(scheduleId, fireTime),
        null,
        now);
  }
}
