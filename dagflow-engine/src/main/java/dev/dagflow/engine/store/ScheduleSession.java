package dev.dagflow.engine.store;

import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.model.Trigger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The schedule, trigger and child-run operations of one transaction ({@link
 * StoreSession#schedules()}).
 *
 * <pre>{@code
 * store.transaction(tx -> tx.schedules().lockDue(Instant.now(), 50));
 * }</pre>
 */
public interface ScheduleSession {

  /** Every schedule, ordered by workflow id then schedule id. */
  List<ScheduleRecord> list();

  /** The schedules of one workflow, ordered by schedule id. */
  List<ScheduleRecord> findByWorkflow(String workflowId);

  /** One schedule, locked {@code FOR UPDATE} until the transaction ends. */
  Optional<ScheduleRecord> lock(String workflowId, String scheduleId);

  /**
   * Enabled, unpaused schedules that are due at {@code now} (next fire time reached, or a fire time
   * buffered), oldest first, locked {@code FOR UPDATE SKIP LOCKED}: each due schedule is handled by
   * one instance at a time.
   */
  List<ScheduleRecord> lockDue(Instant now, int limit);

  void insert(ScheduleRecord schedule);

  void update(ScheduleRecord schedule);

  void delete(String workflowId, String scheduleId);

  /** Removes every schedule of a workflow; returns how many there were. */
  int deleteByWorkflow(String workflowId);

  /**
   * Records what started a run. A schedule trigger's (workflow, schedule, fire time) is unique: a
   * second run for the same fire time fails the transaction.
   */
  void insertTrigger(UUID runId, String workflowId, Trigger trigger);

  /** The trigger of a run; {@link Trigger#API} when none was stored. */
  Trigger findTrigger(UUID runId);

  /** Triggers of these runs (runs without a stored trigger are absent from the map). */
  Map<UUID, Trigger> findTriggers(Collection<UUID> runIds);

  /** True when a run for this fire time exists. */
  boolean fireExists(String workflowId, String scheduleId, Instant fireTime);

  /** Queued and running runs started by this schedule. */
  List<UUID> findActiveRuns(String workflowId, String scheduleId);

  /** Queued and running child runs of a parent run. */
  List<UUID> findActiveChildren(UUID parentRunId);

  /** A child run that ended while its parent node (at the attempt that started it) waits. */
  record EndedChild(
      UUID parentRunId, String nodeId, UUID childRunId, RunStatus status, String error) {}

  /**
   * Child runs that ended while the {@code workflow} node that started them still waits for them
   * (node {@code running} under {@code waitingOwner}, same attempt).
   */
  List<EndedChild> findEndedChildren(String waitingOwner, int limit);

  /** Active child runs whose parent node no longer waits for them (it ended or moved on). */
  List<UUID> findOrphanedChildren(int limit);
}
